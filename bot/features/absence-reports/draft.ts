import { addDays } from '../../../core/calendar.js';
import type { Services } from '../../../core/services/index.js';
import type { AbsenceReportReason } from '../../../core/records.js';
import { ask, dropQuestion } from '../../answers.js';
import type { BotContext } from '../../context.js';
import { family } from '../../family/session.js';
import { unavailable } from '../../ui.js';
import type { pickDates } from './callbacks.js';
import {
  certificateView,
  confirmView,
  datesView,
  lessonsView,
  pickChildView,
  reasonChosenText,
  reasonView,
  refusalText,
} from './views.js';

type Reports = Services['absenceReports'];
type Choice = NonNullable<ReturnType<typeof pickDates.unpack>>['choice'];

/**
 * A guardian's report as a draft in the session: the child, the days, the
 * reason and the справка, then the confirmation. Nothing is saved before it;
 * the dates are checked before the reason is asked.
 */

/** The child the draft is about, if the account may still report for it. */
async function draftChild(reports: Reports, ctx: BotContext) {
  const d = ctx.session.family?.absence;
  if (!d || !ctx.access) return null;
  return reports.reportingChild(ctx.access, d.studentId);
}

/** A new draft for the child and «Когда …?»; false when the account may not report for it. */
async function askDates(reports: Reports, ctx: BotContext, studentId: number, edit: boolean) {
  const s = ctx.access ? await reports.reportingChild(ctx.access, studentId) : null;
  if (!s) return false;
  family(ctx).absence = { studentId };
  dropQuestion(ctx);
  const v = datesView(ctx, s);
  if (edit) await ctx.editMessageText(v.text, { reply_markup: v.keyboard });
  else await ctx.reply(v.text, { reply_markup: v.keyboard });
  return true;
}

/** /absent and the menu button: the guardian's only child at once, or a choice. */
export async function start(reports: Reports, ctx: BotContext) {
  const kids = ctx.access?.children.filter((c) => c.via === 'guardian') ?? [];
  if (!kids.length) return void (await ctx.reply(ctx.t('absence-reports-not-guardian')));
  if (kids.length === 1) return void (await askDates(reports, ctx, kids[0].studentId, false));
  const v = pickChildView(ctx, kids);
  await ctx.reply(v.text, { reply_markup: v.keyboard });
}

export async function childPicked(reports: Reports, ctx: BotContext, studentId: number) {
  if (!(await askDates(reports, ctx, studentId, true))) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
}

/** Dates chosen: checked at once (nothing saved), then the reason. */
export async function setDates(
  reports: Reports,
  ctx: BotContext,
  from: string,
  to: string,
  lessonIds: number[] | null,
  edit: boolean,
) {
  const s = await draftChild(reports, ctx);
  if (!s) return void (await ctx.reply(ctx.t('absence-reports-error-notAllowed')));
  try {
    await reports.checkDates({ studentId: s.studentId, fromDate: from, toDate: to, lessonIds });
  } catch (e) {
    family(ctx).absence = undefined;
    const text = refusalText(ctx, e);
    return void (await (edit ? ctx.editMessageText(text) : ctx.reply(text)));
  }
  Object.assign(family(ctx).absence!, { from, to, lessonIds });
  const v = reasonView(ctx);
  if (edit) await ctx.editMessageText(v.text, { reply_markup: v.keyboard });
  else await ctx.reply(v.text, { reply_markup: v.keyboard });
}

export async function datesPicked(reports: Reports, ctx: BotContext, choice: Choice) {
  const s = await draftChild(reports, ctx);
  if (!s) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const today = reports.today();
  switch (choice) {
    case 'today':
      return setDates(reports, ctx, today, today, null, true);
    case 'tomorrow':
      return setDates(reports, ctx, addDays(today, 1), addDays(today, 1), null, true);
    case 'range':
      ask(ctx, 'abrRange', {});
      return void (await ctx.editMessageText(ctx.t('absence-reports-ask-range'), { parse_mode: 'HTML' }));
    case 'lessons': {
      family(ctx).absence!.lessonIds = [];
      const list = await reports.lessonsToday(s.studentId);
      if (!list.length) return void (await ctx.editMessageText(ctx.t('absence-reports-error-noLessons')));
      const v = lessonsView(ctx, s, list, []);
      return void (await ctx.editMessageText(v.text, { reply_markup: v.keyboard }));
    }
    case 'done': {
      const ids = family(ctx).absence!.lessonIds ?? [];
      if (!ids.length) return void (await ctx.reply(ctx.t('absence-reports-lessons-none')));
      return setDates(reports, ctx, today, today, ids, true);
    }
  }
}

export async function lessonToggled(reports: Reports, ctx: BotContext, lessonId: number) {
  const s = await draftChild(reports, ctx);
  const d = ctx.session.family?.absence;
  if (!s || !d) return void (await unavailable(ctx));
  const list = await reports.lessonsToday(s.studentId);
  if (!list.some((l) => l.lessonId === lessonId)) return void (await unavailable(ctx));
  const ids = new Set(d.lessonIds ?? []);
  if (ids.has(lessonId)) ids.delete(lessonId);
  else ids.add(lessonId);
  d.lessonIds = [...ids].sort((a, b) => a - b);
  await ctx.answerCallbackQuery();
  const v = lessonsView(ctx, s, list, d.lessonIds);
  await ctx.editMessageText(v.text, { reply_markup: v.keyboard });
}

export async function reasonPicked(reports: Reports, ctx: BotContext, reason: AbsenceReportReason) {
  const d = ctx.session.family?.absence;
  if (!d?.from || !(await draftChild(reports, ctx))) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  d.reason = reason;
  if (reason === 'other') {
    ask(ctx, 'abrReasonText', {});
    return void (await ctx.editMessageText(ctx.t('absence-reports-ask-reason-text')));
  }
  d.reasonText = null;
  await ctx.editMessageText(reasonChosenText(ctx, reason));
  await askCertificate(ctx);
}

export async function askCertificate(ctx: BotContext) {
  ask(ctx, 'abrCertificate', {});
  const v = certificateView(ctx);
  await ctx.reply(v.text, { reply_markup: v.keyboard });
}

/** The draft to confirm, once the справка is given or promised. */
export async function confirm(reports: Reports, ctx: BotContext) {
  const s = await draftChild(reports, ctx);
  const d = ctx.session.family?.absence;
  if (!s || !d?.from || !d.to || !d.reason) return void (await ctx.reply(ctx.t('absence-reports-error-notAllowed')));
  const when = await reports.when({
    studentId: s.studentId,
    fromDate: d.from,
    toDate: d.to,
    lessonIds: d.lessonIds ?? null,
  });
  const v = confirmView(ctx, {
    child: s,
    when,
    reason: d.reason,
    reasonText: d.reasonText ?? null,
    certificate: !!d.certificate,
  });
  await ctx.reply(v.text, { parse_mode: 'HTML', reply_markup: v.keyboard });
}

export async function certificateLater(reports: Reports, ctx: BotContext) {
  const d = ctx.session.family?.absence;
  if (!d?.reason) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  dropQuestion(ctx);
  d.certificate = null;
  await ctx.editMessageReplyMarkup();
  await confirm(reports, ctx);
}
