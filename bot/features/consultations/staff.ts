import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { answerTo, ask, askAgain } from '../../answers.js';
import { unavailable } from '../../ui.js';
import { refusal, sendRequest } from './family.js';
import { whenText } from './views.js';

/** The teacher accepts one of the proposed times, from the delivered request. */
export async function acceptTime(services: Services, ctx: BotContext, id: number, slot: number): Promise<void> {
  if (!ctx.access || !(await services.consultations.consultation(ctx.access, id, 'staff')))
    return void (await unavailable(ctx));
  try {
    const c = await services.consultations.accept(ctx.access, id, slot);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(whenText(ctx, 'consultations-accepted-done', c.slotAt!, services.timezone));
  } catch (e) {
    await ctx.answerCallbackQuery({ text: refusal(services, ctx, e), show_alert: true });
  }
}

/** "Propose another time" (`counter`) or "Decline": the time or the comment is asked next. */
export async function answerLater(services: Services, ctx: BotContext, id: number, counter: boolean): Promise<void> {
  const c = ctx.access ? await services.consultations.consultation(ctx.access, id, 'staff') : null;
  if (!c) return void (await unavailable(ctx));
  if (c.status === 'accepted' || c.status === 'declined')
    return void (await ctx.answerCallbackQuery({ text: ctx.t('consultations-error-decided'), show_alert: true }));
  await ctx.answerCallbackQuery();
  ask(ctx, counter ? 'consultCounter' : 'consultComment', { id: c.id });
  await ctx.reply(ctx.t(counter ? 'consultations-ask-counter' : 'consultations-ask-decline'), { parse_mode: 'HTML' });
}

/** The family's proposed times, the teacher's other time or the reason of a refusal. */
export async function consultationAnswer(services: Services, ctx: BotContext, next: () => Promise<void>) {
  const w = answerTo(ctx, ['consultTimes', 'consultCounter', 'consultComment']);
  if (!w || !ctx.access || !ctx.message) return next();
  const text = ctx.message.text?.trim() ?? '';
  try {
    if (w.kind === 'consultComment') {
      if (!text) {
        askAgain(ctx, w);
        return void (await ctx.reply(ctx.t('consultations-ask-decline'), { parse_mode: 'HTML' }));
      }
      await services.consultations.decline(ctx.access, w.args.id, text);
      return void (await ctx.reply(ctx.t('consultations-declined-done')));
    }
    const slots = services.consultations.parseSlots(text);
    if (!slots || (w.kind === 'consultCounter' && slots.length !== 1)) {
      askAgain(ctx, w);
      return void (await ctx.reply(ctx.t('consultations-bad-times'), { parse_mode: 'HTML' }));
    }
    if (w.kind === 'consultCounter') {
      const c = await services.consultations.propose(ctx.access, w.args.id, slots[0]);
      return void (await ctx.reply(whenText(ctx, 'consultations-countered-done', c.slotAt!, services.timezone)));
    }
    await sendRequest(services, ctx, slots);
  } catch (e) {
    await ctx.reply(refusal(services, ctx, e));
  }
}
