import type { ServiceDeps } from '../services/deps.js';
import { recordActivity } from '../control/activity.js';
import { loadAccessProfile } from './profile.js';
import type { Messenger } from '../messenger.js';

/** Who is writing, read fresh on every update, and when their links were last used. */
export function accessService(deps: ServiceDeps) {
  return {
    /** The account (messenger, user id) is; Telegram's when no messenger is named (the Mini App's launch data). */
    profile: (telegramUserId: number, messenger?: Messenger) =>
      loadAccessProfile(deps.db, telegramUserId, deps.hashKey, messenger),
    /** Marks the links as used (at most once an hour each), for the control panel's families-active figure. */
    recordActivity: (linkIds: number[]) => recordActivity(deps.db, linkIds),
  };
}
