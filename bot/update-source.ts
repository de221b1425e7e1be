import type { Context } from 'grammy';

/**
 * What names the chat update that writes a row, so a copy of it handled again (Telegram re-sends an update
 * whose replica died before answering: bot/middleware/dedupe-updates.ts) writes nothing new: a button press
 * by its callback query id, a message by its chat and message id (both stay the same in a re-sent copy,
 * and unlike update ids never start over).
 */
export function updateSource(ctx: Context): string | null {
  if (ctx.callbackQuery) return `tg:cb:${ctx.callbackQuery.id}`;
  if (ctx.message) return `tg:msg:${ctx.message.chat.id}:${ctx.message.message_id}`;
  return null;
}
