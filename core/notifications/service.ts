import type { ServiceDeps } from '../services/deps.js';
import { markChatUnreachable, reactivateChat } from './deliveries.js';
import type { Messenger } from '../messenger.js';
import {
  childPreferences,
  cycleMode,
  quietHoursSetting,
  setAbsenceStreak,
  setAverageBelow,
  setQuietHours,
  type Kind,
} from './preferences.js';

/**
 * What the front ends call about notifications: an account's preferences per
 * child and its quiet hours (the settings screen; the caller has checked the
 * account may see the child), and whether the account's chat can be reached.
 */
export function notificationsService(deps: ServiceDeps) {
  const { db } = deps;
  return {
    preferences: (accountHash: string, studentId: number) => childPreferences(db, accountHash, studentId),
    /** The account's quiet hours as text ('HH:MM-HH:MM' or 'off'); the school's default when never set. */
    quietHours: async (accountHash: string) =>
      (await quietHoursSetting(db, [accountHash], deps.config.NOTIFY_QUIET_HOURS)).get(accountHash)!,
    cycleMode: (accountHash: string, studentId: number, kind: Kind) => cycleMode(db, accountHash, studentId, kind),
    setAverageBelow: (accountHash: string, studentId: number, value: number | null) =>
      setAverageBelow(db, accountHash, studentId, value),
    setAbsenceStreak: (accountHash: string, studentId: number, value: number | null) =>
      setAbsenceStreak(db, accountHash, studentId, value),
    setQuietHours: (accountHash: string, value: string) => setQuietHours(db, accountHash, value),
    /**
     * Telegram's note that a private chat's user blocked ('kicked') or
     * unblocked ('member') the bot: recorded at once, like a 403 on a send.
     */
    chatMemberChanged: async (status: string, chatId: number, telegramUserId: number, messenger?: Messenger) => {
      if (status === 'kicked') await markChatUnreachable(db, String(chatId), 'blocked', messenger);
      else if (status === 'member') await reactivateChat(db, telegramUserId, messenger);
    },
    /** A linked user wrote to the bot: their chats marked unreachable after a 403 are reachable again. */
    userWrote: (telegramUserId: number, messenger?: Messenger) => reactivateChat(db, telegramUserId, messenger),
  };
}
