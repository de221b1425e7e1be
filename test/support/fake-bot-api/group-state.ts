import { ApiError } from './types.js';

/** A group chat as the fake keeps it (groups.ts plays its members and the bot's membership). */
export interface FakeGroup {
  title: string;
  /** The bot's ChatMember status and rights in the group. */
  bot: Record<string, unknown>;
  /** Set when Telegram moved the group to a supergroup. */
  migratedTo?: number;
}

const typeOf = (id: number) => (id < -1_000_000_000_000 ? 'supergroup' : 'group');

export const groupChatObject = (id: number, g: FakeGroup) => ({ id, type: typeOf(id), title: g.title });

/** Sends to a group the bot may not write in fail as Telegram fails them. */
export function checkGroupSend(groups: Map<number, FakeGroup>, chatId: number): void {
  const g = groups.get(chatId);
  if (!g) return;
  if (g.migratedTo)
    throw new ApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
      migrate_to_chat_id: g.migratedTo,
    });
  if (g.bot.status === 'left' || g.bot.status === 'kicked')
    throw new ApiError(403, 'Forbidden: bot was kicked from the group chat');
  if (g.bot.status === 'restricted' && !g.bot.can_send_messages)
    throw new ApiError(400, 'Bad Request: not enough rights to send text messages to the chat');
}
