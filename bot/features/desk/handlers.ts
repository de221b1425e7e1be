import { InputFile } from 'grammy';
import { mayOnClass } from '../../../core/access/policy.js';
import type { AccessProfile } from '../../../core/access/profile.js';
import type { ReviewReason } from '../../../core/desk/index.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { show, unavailable, type ScreenOptions } from '../../ui.js';
import { addWebAppButton } from '../webapp/index.js';
import {
  absencesView,
  backKeyboard,
  codesView,
  familiesView,
  keyboardOf,
  reasonAskView,
  reasonDoneText,
  summaryView,
  viewsText,
} from './views.js';

/**
 * What the desk's buttons do. A class is the account's if it manages its
 * access (its class teacher, the administrator); a student, if it is of such
 * a class; anything else gets the one "недоступно". Every screen is a new
 * message (the desk keeps what the teacher opened before).
 */

type Cls = { classId: number; schoolId: number; name: string };

/**
 * Runs `then` with the class of the button if the account manages it (the
 * press answered first), or answers "недоступно".
 */
export async function withClass(
  ctx: BotContext,
  services: Services,
  classId: number,
  then: (p: AccessProfile, c: Cls) => Promise<unknown>,
): Promise<void> {
  const p = ctx.access;
  const c = p ? await services.desk.managedClass(p, classId) : null;
  if (!p || !c) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  await then(p, c);
}

/** One HTML message: a long one is cut between lines (never inside a tag or an escaped name). */
const send = (ctx: BotContext, screen: { text: string; keyboard: ScreenOptions['reply_markup'] }) =>
  show(ctx, screen.text, { reply_markup: screen.keyboard, edit: false });

export async function showSummary(ctx: BotContext, services: Services, p: AccessProfile, c: Cls): Promise<void> {
  const summary = await services.desk.summary(p, c.classId);
  const screen = summaryView(ctx, c, summary, mayOnClass(p, 'announce', c));
  if (p.staff?.classTeacherOf.includes(c.classId))
    addWebAppButton(ctx, screen.keyboard, 'glance', 'webapp-open-glance', { class: c.classId });
  await send(ctx, screen);
}

export async function showCodes(ctx: BotContext, services: Services, c: Cls): Promise<void> {
  await send(ctx, codesView(ctx, c, await services.desk.roster(c.classId)));
}

export async function showFamilies(ctx: BotContext, services: Services, c: Cls): Promise<void> {
  await send(ctx, familiesView(ctx, c, await services.desk.roster(c.classId)));
}

export async function showViews(ctx: BotContext, services: Services, c: Cls): Promise<void> {
  const rows = await services.desk.views(c.classId);
  await send(ctx, { text: viewsText(ctx, c, rows, services.timezone), keyboard: backKeyboard(ctx, c.classId) });
}

export async function showAbsences(ctx: BotContext, services: Services, c: Cls): Promise<void> {
  await send(ctx, absencesView(ctx, c, await services.desk.absences(c.classId)));
}

/** New codes (the whole class's families without access, or one student's) as a PDF of printable cards. */
async function issue(
  ctx: BotContext,
  services: Services,
  target: { classId: number } | { studentId: number },
  className: string,
): Promise<void> {
  const cards = await services.desk.issueCodes(ctx.access!, target);
  if (!cards) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  if (!cards.length) return void (await ctx.reply(ctx.t('desk-issued-none')));
  const pdf = await services.desk.codeCards(cards, ctx.me.username, className, ctx.messenger);
  await ctx.replyWithDocument(new InputFile(pdf, ctx.tPlain('desk-cards-file', { class: className })), {
    caption: ctx.tPlain('desk-issued', { count: cards.length }),
  });
}

export async function issueMissing(ctx: BotContext, services: Services, classId: number): Promise<void> {
  const c = ctx.access ? await services.desk.managedClass(ctx.access, classId) : null;
  if (!c) return void (await unavailable(ctx));
  await issue(ctx, services, { classId: c.classId }, c.name);
}

export async function reissue(ctx: BotContext, services: Services, studentId: number): Promise<void> {
  const s = ctx.access ? await services.desk.managedStudent(ctx.access, studentId) : null;
  if (!s) return void (await unavailable(ctx));
  await issue(ctx, services, { studentId: s.studentId }, s.className);
}

export async function revoke(ctx: BotContext, services: Services, studentId: number): Promise<void> {
  const n = ctx.access ? await services.desk.revokeCodes(ctx.access, studentId) : null;
  if (n === null) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('desk-revoked', { count: n }));
}

/** The week's review: asks which reason the student's absences without one get. */
export async function askReason(ctx: BotContext, services: Services, studentId: number): Promise<void> {
  const s = ctx.access ? await services.desk.reviewStudent(ctx.access, studentId) : null;
  if (!s) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const screen = reasonAskView(ctx, s, await services.desk.weekUnknown(s.classId, s.studentId));
  await show(ctx, screen.text, { reply_markup: screen.keyboard, html: false, edit: false });
}

export async function setReason(
  ctx: BotContext,
  services: Services,
  studentId: number,
  reason: ReviewReason,
): Promise<void> {
  const s = ctx.access ? await services.desk.reviewStudent(ctx.access, studentId) : null;
  if (!s) return void (await unavailable(ctx));
  const n = await services.desk.recordWeekReasons(ctx.access!, s.studentId, reason);
  await ctx.answerCallbackQuery();
  await show(ctx, reasonDoneText(ctx, s, n ?? 0, reason), { html: false });
}

/** A pending report's card with the decision buttons (the same as the delivered message). */
export async function openReport(ctx: BotContext, services: Services, reportId: number): Promise<void> {
  const card = ctx.access ? await services.absenceReports.decisionCard(ctx.access, reportId) : null;
  if (!card) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  await send(ctx, { text: card.text, keyboard: keyboardOf(card.buttons) });
}
