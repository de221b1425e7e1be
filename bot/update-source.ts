import type { Context } from 'grammy';
import type { Messenger } from '../core/messenger.js';

/**
 * What names the chat update that writes a row, so a copy of it handled again (Telegram re-sends an update
 * whose replica died before answering: bot/middleware/dedupe-updates.ts) writes nothing new: a button press
 * by its callback query id, a message by its chat and message id (both stay the same in a re-sent copy,
 * and unlike update ids never start over).
 */
export function updateSource(ctx: Context & { messenger?: Messenger }): string | null {
  // Telegram's as before MAX; MAX's chats and callbacks are other ones with maybe the same numbers.
  const m = ctx.messenger === 'max' ? 'max' : 'tg';
  if (ctx.callbackQuery) return `${m}:cb:${ctx.callbackQuery.id}`;
  if (ctx.message) return `${m}:msg:${ctx.message.chat.id}:${ctx.message.message_id}`;
  return null;
}
