import { ConsultationRefused } from '../../../core/consultations/index.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { family } from '../../family/session.js';
import { ask, dropQuestion } from '../../answers.js';
import { show, unavailable } from '../../ui.js';
import { childPickerView } from '../messages/views.js';
import { consultAbout as consultAboutButton } from './callbacks.js';
import { askTimesView, sentText, teacherPickerView, whenText } from './views.js';

/** Why a step was refused, or the error rethrown when it is not a refusal. */
export const refusal = (services: Services, ctx: BotContext, e: unknown) => {
  if (!(e instanceof ConsultationRefused)) throw e;
  return ctx.t(`consultations-error-${e.reason}`, { limit: services.consultations.dailyLimit });
};

/** The child's teachers to ask; false when the account may not ask about the child. */
async function pickTeacher(services: Services, ctx: BotContext, studentId: number): Promise<boolean> {
  const s = ctx.access ? await services.consultations.student(ctx.access, studentId) : null;
  if (!s) return false;
  const v = teacherPickerView(ctx, s, await services.consultations.teachers(studentId));
  family(ctx).consultation = { studentId, staffId: 0, proposals: [] };
  await show(ctx, v.text, { reply_markup: v.keyboard, html: false, edit: false });
  return true;
}

/** /consult: the guardian's child (picked when there are several), then the teacher. */
export async function startConsultation(services: Services, ctx: BotContext): Promise<void> {
  const kids = ctx.access?.children.filter((c) => c.via === 'guardian') ?? [];
  if (!kids.length) return void (await ctx.reply(ctx.t('consultations-not-guardian')));
  if (kids.length === 1) return void (await pickTeacher(services, ctx, kids[0].studentId));
  const v = childPickerView(ctx.t('consultations-pick-child'), kids, (child) => consultAboutButton.pack({ child }));
  await show(ctx, v.text, { reply_markup: v.keyboard, html: false, edit: false });
}

/** «📅 Консультация с учителем» in /messages, or the child picked. */
export async function consultAbout(services: Services, ctx: BotContext, child: 'new' | number): Promise<void> {
  if (child !== 'new') {
    if (!(await pickTeacher(services, ctx, child))) return void (await unavailable(ctx));
    return void (await ctx.answerCallbackQuery());
  }
  await ctx.answerCallbackQuery();
  await startConsultation(services, ctx);
}

/** The teacher picked: the times are asked next. */
export async function consultWith(services: Services, ctx: BotContext, staffId: number): Promise<void> {
  const d = ctx.session.family?.consultation;
  const s = d && ctx.access ? await services.consultations.student(ctx.access, d.studentId) : null;
  if (!s || !(await services.consultations.teachers(s.studentId)).some((c) => c.staffId === staffId))
    return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  d!.staffId = staffId;
  ask(ctx, 'consultTimes', {});
  const v = askTimesView(ctx);
  await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
}

/** Sends the request with the times proposed (none: any time). */
export async function sendRequest(services: Services, ctx: BotContext, proposals: Date[]): Promise<void> {
  const d = ctx.session.family?.consultation;
  if (!d?.staffId || !ctx.access) return void (await ctx.reply(ctx.t('consultations-error-notAllowed')));
  try {
    const r = await services.consultations.request(ctx.access, {
      studentId: d.studentId,
      staffId: d.staffId,
      proposals,
    });
    const teachers = await services.consultations.teachers(d.studentId);
    const teacher = teachers.find((c) => c.staffId === d.staffId)?.name ?? '';
    family(ctx).consultation = undefined;
    dropQuestion(ctx);
    await ctx.reply(sentText(ctx, teacher, r.deliverAt, services.timezone));
  } catch (e) {
    await ctx.reply(refusal(services, ctx, e));
  }
}

/** «Любое время». */
export async function anyTime(services: Services, ctx: BotContext): Promise<void> {
  if (!ctx.session.family?.consultation?.staffId) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  await sendRequest(services, ctx, []);
}

/** The family confirms the time the teacher proposed. */
export async function confirmTime(services: Services, ctx: BotContext, id: number): Promise<void> {
  if (!ctx.access || !(await services.consultations.consultation(ctx.access, id, 'family')))
    return void (await unavailable(ctx));
  try {
    const c = await services.consultations.confirm(ctx.access, id);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(whenText(ctx, 'consultations-confirmed', c.slotAt!, services.timezone));
  } catch (e) {
    await ctx.answerCallbackQuery({ text: refusal(services, ctx, e), show_alert: true });
  }
}
