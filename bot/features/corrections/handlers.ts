import type { CandidateView, EntryRef } from '../../../core/corrections/index.js';
import type { Services } from '../../../core/services/index.js';
import { answerTo, ask, askAgain } from '../../answers.js';
import type { BotContext } from '../../context.js';
import { family } from '../../family/session.js';
import { unavailable } from '../../ui.js';
import { pickEntryView, refusalText, requestsText, sentText } from './views.js';

/**
 * A family reports a wrong entry from a diary view (the entry, then a
 * comment) and follows its requests with /errors; the teacher (or the deputy)
 * answers «Исправлено» or «Данные верны» with an explanation.
 */

type Corrections = Services['corrections'];

const refusal = (corrections: Corrections, ctx: BotContext, e: unknown) => refusalText(ctx, e, corrections.dailyLimit);

/** The active child, if the account may report errors in its journal. */
const activeChild = (corrections: Corrections, ctx: BotContext) =>
  ctx.access?.activeStudentId
    ? corrections.reportingChild(ctx.access, ctx.access.activeStudentId)
    : Promise.resolve(null);

/** «⚠️ Сообщить об ошибке»: the entries of the view to pick from. */
export async function fromView(corrections: Corrections, ctx: BotContext, view: CandidateView) {
  const s = await activeChild(corrections, ctx);
  if (!s) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const list = await corrections.candidates(s.studentId, view);
  if (!list.length) return void (await ctx.reply(ctx.t('corrections-pick-none')));
  // An entry picked before stays picked: the question it opened still waits for its comment.
  family(ctx).correction = { ...ctx.session.family?.correction, studentId: s.studentId };
  const v = pickEntryView(ctx, s, list);
  await ctx.reply(v.text, { reply_markup: v.keyboard });
}

/** An entry picked: the comment is asked. */
export async function entryPicked(corrections: Corrections, ctx: BotContext, ref: EntryRef) {
  const c = ctx.session.family?.correction;
  const s = c && ctx.access ? await corrections.reportingChild(ctx.access, c.studentId) : null;
  const entry = s ? await corrections.entry(ref, s.studentId) : null;
  if (!entry) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  family(ctx).correction = { studentId: c!.studentId, entry: { type: ref.type, id: ref.id } };
  ask(ctx, 'correction', {});
  await ctx.reply(ctx.tPlain('corrections-ask-comment', { what: entry.what }));
}

/** /errors: the active child's requests. */
export async function list(services: Services, ctx: BotContext) {
  const s = await activeChild(services.corrections, ctx);
  if (!s) return void (await ctx.reply(ctx.t('corrections-list-empty')));
  const rows = await services.corrections.familyRequests(ctx.access!.accountHash, s.studentId);
  if (!rows.length) return void (await ctx.reply(ctx.t('corrections-list-empty')));
  await ctx.reply(requestsText(ctx, s, rows, services.timezone), { parse_mode: 'HTML' });
}

/** «✅ Исправлено» on a delivered request. */
export async function markCorrected(corrections: Corrections, ctx: BotContext, requestId: number) {
  if (!ctx.access || !(await corrections.requestForStaff(ctx.access, requestId))) return void (await unavailable(ctx));
  try {
    await corrections.answer(ctx.access, requestId, 'corrected', null);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t('corrections-answered-corrected'));
  } catch (e) {
    await ctx.answerCallbackQuery({ text: refusal(corrections, ctx, e), show_alert: true });
  }
}

/** «ℹ️ Данные верны»: the explanation for the family is asked. */
export async function confirmAsked(corrections: Corrections, ctx: BotContext, requestId: number) {
  const r = ctx.access ? await corrections.requestForStaff(ctx.access, requestId) : null;
  if (!r) return void (await unavailable(ctx));
  if (r.status !== 'open')
    return void (await ctx.answerCallbackQuery({ text: ctx.t('corrections-error-resolved'), show_alert: true }));
  await ctx.answerCallbackQuery();
  ask(ctx, 'correctionAnswer', { id: r.id });
  await ctx.reply(ctx.t('corrections-confirm-ask'));
}

/** The family's comment on the picked entry, or the teacher's explanation. */
export async function answer(services: Services, ctx: BotContext, next: () => Promise<void>) {
  const corrections = services.corrections;
  const w = answerTo(ctx, ['correction', 'correctionAnswer']);
  if (!w || !ctx.access) return next();
  const text = ctx.message?.text?.trim() ?? '';
  try {
    if (w.kind === 'correctionAnswer') {
      if (!text) {
        askAgain(ctx, w);
        return void (await ctx.reply(ctx.t('corrections-confirm-ask')));
      }
      await corrections.answer(ctx.access, w.args.id, 'confirmed', text);
      return void (await ctx.reply(ctx.t('corrections-answered-confirmed')));
    }
    const c = ctx.session.family?.correction;
    if (!c?.entry) return void (await ctx.reply(ctx.t('corrections-error-notAllowed')));
    if (!text) {
      askAgain(ctx, w);
      return void (await ctx.reply(ctx.t('corrections-error-empty')));
    }
    const r = await corrections.create(ctx.access, { studentId: c.studentId, entry: c.entry, comment: text });
    family(ctx).correction = undefined;
    await ctx.reply(sentText(ctx, r, services.timezone));
  } catch (e) {
    await ctx.reply(refusal(corrections, ctx, e));
  }
}
