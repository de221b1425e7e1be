import type { Services } from '../../../core/services/index.js';
import { ask, dropQuestion } from '../../answers.js';
import type { BotContext } from '../../context.js';
import { family } from '../../family/session.js';
import { unavailable } from '../../ui.js';
import { updateSource } from '../../update-source.js';
import { acceptedText, myReportsView, refusalText, sentView } from './views.js';

type Reports = Services['absenceReports'];

/**
 * Saved reports: the guardian sends the draft, brings the справка later and
 * sees the list; the class teacher accepts, rejects (asked for a comment) or
 * replies to the family from the delivered message.
 */

/** «Отправить» or «Отмена» under the draft: the draft is gone either way. */
export async function sendOrCancel(reports: Reports, ctx: BotContext, answer: 'yes' | 'no') {
  const d = ctx.session.family?.absence;
  if (!d) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  family(ctx).absence = undefined;
  dropQuestion(ctx);
  if (answer !== 'yes') return void (await ctx.editMessageText(ctx.t('absence-reports-cancelled')));
  if (!d.from || !d.to || !d.reason) return void (await ctx.editMessageText(ctx.t('absence-reports-error-notAllowed')));
  try {
    const r = await reports.create(ctx.access!, {
      studentId: d.studentId,
      fromDate: d.from,
      toDate: d.to,
      lessonIds: d.lessonIds ?? null,
      reason: d.reason,
      reasonText: d.reasonText ?? null,
      certificate: d.certificate ?? null,
      source: updateSource(ctx),
    });
    const v = sentView(ctx, r);
    await ctx.editMessageText(v.text, v.keyboard ? { reply_markup: v.keyboard } : {});
  } catch (e) {
    await ctx.editMessageText(refusalText(ctx, e));
  }
}

/** «📎 Приложить справку» on the family's own report: the file is the answer. */
export async function attachAsked(reports: Reports, ctx: BotContext, reportId: number) {
  if (!ctx.access || !(await reports.reportFor(ctx.access, reportId, 'family'))) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  ask(ctx, 'abrAttach', { id: reportId });
  await ctx.reply(ctx.t('absence-reports-attach-ask'));
}

/** «Мои сообщения»: the account's reports about the child. */
export async function list(reports: Reports, ctx: BotContext, studentId: number) {
  const s = ctx.access ? await reports.reportingChild(ctx.access, studentId) : null;
  if (!s) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const v = myReportsView(ctx, s, await reports.familyReports(ctx.access!.accountHash, s.studentId));
  await ctx.reply(v.text, { parse_mode: 'HTML', reply_markup: v.keyboard });
}

/** The class teacher's report, if this account decides on it. */
const decidable = (reports: Reports, ctx: BotContext, reportId: number) =>
  ctx.access ? reports.reportFor(ctx.access, reportId, 'classTeacher') : Promise.resolve(null);

export async function accept(reports: Reports, ctx: BotContext, reportId: number) {
  if (!(await decidable(reports, ctx, reportId))) return void (await unavailable(ctx));
  try {
    const decided = await reports.decide(ctx.access!, reportId, 'accepted', null);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(acceptedText(ctx, decided));
  } catch (e) {
    await ctx.answerCallbackQuery({ text: refusalText(ctx, e), show_alert: true });
  }
}

/** «Отклонить»: the comment for the family is the answer. */
export async function rejectAsked(reports: Reports, ctx: BotContext, reportId: number) {
  const r = await decidable(reports, ctx, reportId);
  if (!r) return void (await unavailable(ctx));
  if (r.status !== 'pending')
    return void (await ctx.answerCallbackQuery({
      text: ctx.t('absence-reports-error-notPending'),
      show_alert: true,
    }));
  await ctx.answerCallbackQuery();
  ask(ctx, 'abrReject', { id: r.id });
  await ctx.reply(ctx.t('absence-reports-reject-ask'));
}

/** «Ответить»: the class teacher writes to the reporting family in their thread (messages answer it). */
export async function reply(reports: Reports, ctx: BotContext, reportId: number) {
  const r = await decidable(reports, ctx, reportId);
  if (!r || !ctx.access?.staff) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const threadId = await reports.replyThread(ctx.access, r);
  if (!threadId) return void (await ctx.reply(ctx.t('messages-error-notAllowed')));
  ask(ctx, 'thread', { id: threadId });
  await ctx.reply(ctx.t('messages-ask-reply'));
}
