import { mayOnSchool } from '../../../core/access/policy.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { family } from '../../family/session.js';
import { writeAbout as writeAboutButton } from './callbacks.js';
import { ask } from '../../answers.js';
import { show, unavailable } from '../../ui.js';
import {
  auditListView,
  childPickerView,
  HOURS_PRESETS,
  hoursMenuView,
  hoursText,
  teacherPickerView,
  threadListView,
  threadView,
} from './views.js';

/** /messages, «✉️ Сообщения» and the desk's button: the account's threads. */
export async function listThreads(services: Services, ctx: BotContext): Promise<void> {
  const p = ctx.access;
  if (!p?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
  const v = threadListView(ctx, p, await services.messages.threads(p));
  await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
}

// ── a family writes ──────────────────────────────────────────────────────────

/** The child's contacts to write to; false when the account may not write about the child. */
async function pickTeacher(services: Services, ctx: BotContext, studentId: number, edit: boolean): Promise<boolean> {
  const s = ctx.access ? await services.messages.student(ctx.access, studentId) : null;
  if (!s) return false;
  family(ctx).compose = { studentId, mode: 'message' };
  const contacts = await services.messages.contacts(studentId);
  if (!contacts.length) {
    await ctx.reply(ctx.t('messages-no-contacts'));
    return true;
  }
  const v = teacherPickerView(ctx, s, contacts);
  await show(ctx, v.text, { reply_markup: v.keyboard, html: false, edit });
  return true;
}

/** «✏️ Написать учителю» (pick the child when there are several) or the child picked. */
export async function writeAbout(services: Services, ctx: BotContext, child: 'new' | number): Promise<void> {
  const kids = ctx.access?.children ?? [];
  if (!kids.length) return void (await unavailable(ctx));
  if (child !== 'new') {
    if (!(await pickTeacher(services, ctx, child, true))) return void (await unavailable(ctx));
    return void (await ctx.answerCallbackQuery());
  }
  await ctx.answerCallbackQuery();
  if (kids.length === 1) return void (await pickTeacher(services, ctx, kids[0].studentId, false));
  const v = childPickerView(ctx.t('messages-pick-child'), kids, (child) => writeAboutButton.pack({ child }));
  await show(ctx, v.text, { reply_markup: v.keyboard, html: false, edit: false });
}

/** The teacher picked: the text is asked next. */
export async function writeTo(services: Services, ctx: BotContext, staffId: number): Promise<void> {
  const c = ctx.session.family?.compose;
  const s = c && ctx.access ? await services.messages.student(ctx.access, c.studentId) : null;
  const contact = s ? (await services.messages.contacts(s.studentId)).find((x) => x.staffId === staffId) : undefined;
  if (!contact) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  if (c!.mode === 'consultation') return; // consultations pick their teacher in bot/features/consultations
  ask(ctx, 'threadNew', { id: contact.staffId });
  await show(ctx, ctx.tPlain('messages-ask-text', { staff: contact.name }), { html: false, edit: true });
}

// ── reading and answering ────────────────────────────────────────────────────

/** Shows a thread to a side of it, or (audited) to the director; false when not allowed. */
async function showThread(services: Services, ctx: BotContext, threadId: number, audit: boolean): Promise<boolean> {
  const p = ctx.access!;
  const r = await services.messages.read(p, threadId, audit);
  if (!r) return false;
  const ownThread = audit && !!(await services.messages.thread(p, threadId, 'read'));
  const mayWrite = !audit || !!(await services.messages.thread(p, threadId, 'write'));
  const v = threadView(ctx, p, { ...r, audit, ownThread, mayWrite }, services.timezone);
  await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
  return true;
}

/** Opens a thread: one of the account's (`audit` false) or, for the director, any of the school's. */
export async function openThread(services: Services, ctx: BotContext, threadId: number, audit: boolean) {
  if (!ctx.access || !(await showThread(services, ctx, threadId, audit))) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
}

/** «💬 Ответить»: the answer box of a thread the account may write in. */
export async function replyIn(services: Services, ctx: BotContext, threadId: number): Promise<void> {
  const t = ctx.access ? await services.messages.thread(ctx.access, threadId, 'write') : null;
  if (!t) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  ask(ctx, 'thread', { id: t.id });
  await ctx.reply(ctx.t('messages-ask-reply'));
}

/**
 * The staff member's answer box for a family (from an absence report's «Ответить», or a thread).
 */
export async function startStaffReply(
  messages: Pick<Services['messages'], 'staffThreadWith'>,
  ctx: BotContext,
  f: { studentId: number; accountHash: string },
): Promise<void> {
  const threadId = ctx.access ? await messages.staffThreadWith(ctx.access, f) : null;
  if (!threadId) return void (await ctx.reply(ctx.t('messages-error-notAllowed')));
  ask(ctx, 'thread', { id: threadId });
  await ctx.reply(ctx.t('messages-ask-reply'));
}

// ── office hours and the director's audited reading ──────────────────────────

/** The office hours menu, or a preset (or none) chosen from it. */
export async function officeHours(services: Services, ctx: BotContext, choice: 'menu' | 'off' | 'a' | 'b' | 'c') {
  const staff = ctx.access?.staff;
  if (!staff) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  if (choice !== 'menu') {
    const h = choice === 'off' ? null : HOURS_PRESETS[choice];
    await services.messages.setOfficeHours(staff.staffId, h);
    const text = ctx.tPlain('messages-hours-saved', { hours: hoursText(ctx, h) });
    return void (await show(ctx, text, { html: false, edit: true }));
  }
  const v = hoursMenuView(ctx, await services.messages.officeHours(staff.staffId));
  await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
}

/** The director's list of the school's threads. */
export async function auditList(services: Services, ctx: BotContext): Promise<void> {
  const p = ctx.access;
  if (!p?.staff || !mayOnSchool(p, 'auditThreads', p.staff)) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const v = auditListView(ctx, await services.messages.schoolThreads(p.staff.schoolId));
  await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
}
