import type { BotContext } from './context.js';

/**
 * The one answer to a button the account may not press, whatever the reason —
 * forged, stale, or someone else's: a pop-up that says nothing about anyone.
 */
export const unavailable = (ctx: BotContext) =>
  ctx.answerCallbackQuery({ text: ctx.tPlain('unavailable'), show_alert: true });
