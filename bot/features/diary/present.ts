import type { BotContext, DiaryViewState } from '../../context.js';
import { showAll } from '../../ui.js';
import type { Rendered } from './views/common.js';

/** How many diary messages a chat remembers the view of (for the child switch and the subject pages). */
const REMEMBERED = 8;

/** What the message `messageId` shows, if it is one of the chat's last diary messages. */
export function viewStateOf(ctx: BotContext, messageId: number | undefined): DiaryViewState | undefined {
  if (messageId === undefined) return undefined;
  return ctx.session.diary?.find((v) => v.m === messageId);
}

/** What the pressed message shows. */
export const pressedState = (ctx: BotContext) => viewStateOf(ctx, ctx.callbackQuery?.message?.message_id);

function remember(ctx: BotContext, messageId: number, state: Omit<DiaryViewState, 'm'>): void {
  const rest = (ctx.session.diary ?? []).filter((v) => v.m !== messageId);
  ctx.session.diary = [{ m: messageId, ...state }, ...rest].slice(0, REMEMBERED);
}

/**
 * Shows a view: from a button, edits the pressed message in place; from a
 * command, sends a new one. An answer over Telegram's limit goes as several
 * messages, the keyboard under the last; the chat remembers which view that
 * message shows.
 */
export async function present(ctx: BotContext, r: Rendered): Promise<void> {
  const last = await showAll(ctx, r.text, { reply_markup: r.keyboard });
  if (last !== undefined) remember(ctx, last, r.state);
}
