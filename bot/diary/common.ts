import { type InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../core/access/profile.js';
import { isIsoDate } from '../../core/calendar.js';
import type { DiaryStudent } from '../../core/diary/student.js';
import { cb } from '../callback-data.js';
import type { BotContext, DiaryViewState } from '../context.js';
import { splitMessage } from '../ui.js';

/** The first line of every diary answer: whose diary this is. */
export function childLine(ctx: BotContext, s: DiaryStudent): string {
  return ctx.t('diary-child', { student: `${s.firstName} ${s.lastName}`, class: s.className });
}

/** One-tap switch to each other child of a guardian (the `ch:` verb of the account feature). */
export function addChildSwitch(ctx: BotContext, kb: InlineKeyboard, p: AccessProfile, s: DiaryStudent): InlineKeyboard {
  const others = p.children.filter((c) => c.via === 'guardian' && c.studentId !== s.studentId);
  if (!others.length) return kb;
  kb.row();
  for (const c of others)
    kb.text(ctx.tPlain('diary-switch', { student: `${c.firstName} ${c.lastName}` }), cb('ch', c.studentId));
  return kb;
}

/** A school day as a callback argument: '2026-11-25' ↔ 20261125. */
export const dateArg = (date: string) => Number(date.replace(/-/g, ''));
export function argDate(id: number | null): string | null {
  if (id === null || id < 19000101 || id > 29991231) return null;
  const s = String(id);
  const date = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return isIsoDate(date) ? date : null;
}

export interface Rendered {
  text: string;
  keyboard: InlineKeyboard;
  state: Omit<DiaryViewState, 'm'>;
}

/** How many diary messages a chat remembers the view of (for the child switch and the subject pages). */
const REMEMBERED = 8;

export function viewStateOf(ctx: BotContext, messageId: number | undefined): DiaryViewState | undefined {
  if (messageId === undefined) return undefined;
  return ctx.session.diary?.find((v) => v.m === messageId);
}

function remember(ctx: BotContext, messageId: number, state: Omit<DiaryViewState, 'm'>): void {
  const rest = (ctx.session.diary ?? []).filter((v) => v.m !== messageId);
  ctx.session.diary = [{ m: messageId, ...state }, ...rest].slice(0, REMEMBERED);
}

const notModified = (e: unknown) => e instanceof Error && /message is not modified/i.test(e.message);

/**
 * Shows a view: from a button, edits the pressed message in place; from a
 * command, sends a new one. An answer over Telegram's limit goes as several
 * messages, the keyboard under the last; the chat remembers which view that
 * message shows.
 */
export async function present(ctx: BotContext, r: Rendered): Promise<void> {
  const parts = splitMessage(r.text);
  const pressed = ctx.callbackQuery?.message?.message_id;
  let last: number | undefined;
  for (const [i, part] of parts.entries()) {
    const isLast = i === parts.length - 1;
    const extra = { parse_mode: 'HTML' as const, ...(isLast ? { reply_markup: r.keyboard } : {}) };
    if (i === 0 && pressed !== undefined) {
      try {
        await ctx.editMessageText(part, extra);
      } catch (e) {
        if (!notModified(e)) throw e;
      }
      last = pressed;
    } else {
      last = (await ctx.reply(part, extra)).message_id;
    }
  }
  if (last !== undefined) remember(ctx, last, r.state);
}
