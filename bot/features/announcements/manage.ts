import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { refusal } from './compose.js';
import { recentListView, statsView, unconfirmedView } from './views.js';

/** An announcement this account may manage, or null. */
const own = (services: Services, ctx: BotContext, id: number) =>
  ctx.access ? services.announcements.own(ctx.access, id) : null;

/** «🔄 Обновить» and a line of the list: the live receipts. */
export async function showReceipts(services: Services, ctx: BotContext, id: number): Promise<void> {
  const a = await own(services, ctx, id);
  if (!a) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const v = statsView(ctx, await services.announcements.withReceipts(a), services.now(), services.timezone);
  // Any failed edit (even an unchanged screen) sends the receipts anew.
  await ctx
    .editMessageText(v.text, { parse_mode: 'HTML', reply_markup: v.keyboard })
    .catch(() => ctx.reply(v.text, { parse_mode: 'HTML', reply_markup: v.keyboard }));
}

/** Who has not confirmed. */
export async function showUnconfirmed(services: Services, ctx: BotContext, id: number): Promise<void> {
  const a = await own(services, ctx, id);
  if (!a) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const v = unconfirmedView(ctx, a.id, await services.announcements.receipts(a.id));
  if (!v) return void (await ctx.reply(ctx.t('announcements-unconfirmed-none')));
  await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
}

/** «🔔 Напомнить»: only the families that have not confirmed. */
export async function remind(services: Services, ctx: BotContext, id: number): Promise<void> {
  const a = await own(services, ctx, id);
  if (!a) return void (await unavailable(ctx));
  try {
    const n = await services.announcements.remind(ctx.access!, a.id);
    await ctx.answerCallbackQuery();
    await ctx.reply(n ? ctx.t('announcements-reminded', { count: n }) : ctx.t('announcements-reminded-none'));
  } catch (e) {
    await ctx.answerCallbackQuery({ text: refusal(ctx, e), show_alert: true });
  }
}

/** Cancels a scheduled announcement before it goes. */
export async function cancel(services: Services, ctx: BotContext, id: number): Promise<void> {
  const a = await own(services, ctx, id);
  if (!a) return void (await unavailable(ctx));
  try {
    await services.announcements.cancel(ctx.access!, a.id);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('announcements-cancelled'));
  } catch (e) {
    await ctx.answerCallbackQuery({ text: refusal(ctx, e), show_alert: true });
  }
}

/** The latest announcements with their receipts. */
export async function recent(services: Services, ctx: BotContext): Promise<void> {
  if (!ctx.access?.staff) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const v = recentListView(ctx, await services.announcements.recent(ctx.access), services.timezone);
  await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
}

/** A family's acknowledgement: recorded once; the button goes. */
export async function acknowledge(services: Services, ctx: BotContext, id: number): Promise<void> {
  if (!ctx.access || !(await services.announcements.isRecipient(ctx.access, id))) return void (await unavailable(ctx));
  const first = await services.announcements.acknowledge(ctx.access, id);
  await ctx.answerCallbackQuery({ text: ctx.t(first ? 'announcements-acked' : 'announcements-acked-already') });
  if (first) await ctx.editMessageReplyMarkup().catch(() => undefined);
}
