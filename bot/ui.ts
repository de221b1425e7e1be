import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { splitMessage } from '../core/html.js';
import type { BotContext } from './context.js';

/**
 * The bot's screen helpers, one of each: the "unavailable" answer, showing a
 * screen (edit the pressed message or send a new one), long answers split
 * between lines, and button grids.
 */

export { splitMessage, MESSAGE_LIMIT } from '../core/html.js';

/**
 * The one answer to a button the account may not press, whatever the reason —
 * forged, stale, or someone else's: a pop-up that says nothing about anyone.
 */
export const unavailable = (ctx: BotContext) =>
  ctx.answerCallbackQuery({ text: ctx.tPlain('unavailable'), show_alert: true });

/** Telegram refuses an edit that changes nothing; for a screen shown again that is success. */
export const notModified = (e: unknown) => e instanceof Error && /message is not modified/i.test(e.message);

export interface ScreenOptions {
  reply_markup?: InlineKeyboardMarkup | InlineKeyboard;
  /** Texts from `ctx.t` are Telegram HTML; `ctx.tPlain` texts go without parse_mode. */
  html?: boolean;
  /** Edit the pressed message (the default under a button) or send a new one. */
  edit?: boolean;
}

/**
 * Shows a screen: under a button, edits the pressed message in place; from a
 * command or a text, sends a new one. A text over Telegram's limit is cut to
 * its first part between lines (screens with more go through `showAll`).
 * Returns the id of the message that shows it.
 */
export async function show(ctx: BotContext, text: string, opts: ScreenOptions = {}): Promise<number | undefined> {
  const [first] = splitMessage(text);
  const extra = {
    ...(opts.html === false ? {} : { parse_mode: 'HTML' as const }),
    ...(opts.reply_markup ? { reply_markup: opts.reply_markup } : {}),
  };
  const pressed = ctx.callbackQuery?.message?.message_id;
  if ((opts.edit ?? pressed !== undefined) && pressed !== undefined) {
    try {
      await ctx.editMessageText(first, extra);
    } catch (e) {
      if (!notModified(e)) throw e;
    }
    return pressed;
  }
  return (await ctx.reply(first, extra)).message_id;
}

/**
 * Shows a long screen as several messages, the keyboard under the last: the
 * first part edits the pressed message (if any), the rest are sent. Returns
 * the id of the last message.
 */
export async function showAll(ctx: BotContext, text: string, opts: ScreenOptions = {}): Promise<number | undefined> {
  const parts = splitMessage(text);
  let last: number | undefined;
  for (const [i, part] of parts.entries()) {
    const isLast = i === parts.length - 1;
    last = await show(ctx, part, {
      ...opts,
      ...(isLast ? {} : { reply_markup: undefined }),
      edit: i === 0 && opts.edit !== false,
    });
  }
  return last;
}

/** Buttons laid out `perRow` to a row. */
export function grid(buttons: readonly { text: string; data: string }[], perRow: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  buttons.forEach((b, i) => {
    kb.text(b.text, b.data);
    if (i % perRow === perRow - 1 && i < buttons.length - 1) kb.row();
  });
  return kb;
}
