import { AnnouncementRefused, type Audience } from '../../../core/announcements/index.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { family, fileOf } from '../../family/session.js';
import { answerTo, ask } from '../../answers.js';
import { show, unavailable } from '../../ui.js';
import { audienceMenuView, audienceName, createdText, previewView, statsView } from './views.js';

/** Why a step was refused, or the error rethrown when it is not a refusal. */
export const refusal = (ctx: BotContext, e: unknown) => {
  if (!(e instanceof AnnouncementRefused)) throw e;
  return ctx.t(`announcements-error-${e.reason}`);
};

/** /announce: the audiences this account may pick. */
export async function audienceMenu(services: Services, ctx: BotContext): Promise<void> {
  const p = ctx.access;
  if (!p?.staff) return void (await ctx.reply(ctx.t('announcements-none')));
  const classes = await services.announcements.classes(p);
  if (!classes.length) return void (await ctx.reply(ctx.t('announcements-none')));
  const v = audienceMenuView(ctx, p, classes);
  await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
}

/** The audience picked: a new draft, its text asked next. */
export async function pickAudience(services: Services, ctx: BotContext, a: Audience): Promise<void> {
  if (!ctx.access || !(await services.announcements.mayAnnounce(ctx.access, a))) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  family(ctx).announcement = {
    scope: a.scope,
    classId: a.classId ?? undefined,
    grade: a.grade ?? undefined,
    urgent: false,
    sendAt: null,
    file: null,
  };
  ask(ctx, 'announceText', {});
  const to = audienceName(ctx, a, await services.announcements.className(a));
  await ctx.reply(ctx.tPlain('announcements-ask-text', { to }));
}

/** The draft's preview: a new message after its text, the pressed one after a button. */
async function preview(services: Services, ctx: BotContext, edit: boolean): Promise<void> {
  const d = ctx.session.family?.announcement;
  if (!d?.text || !ctx.access?.staff) return void (await ctx.reply(ctx.t('announcements-error-notAllowed')));
  const size = await services.announcements.size(ctx.access.staff.schoolId, d);
  const to = audienceName(ctx, d, await services.announcements.className(d));
  const v = previewView(ctx, { ...d, text: d.text }, to, size, services.timezone);
  await show(ctx, v.text, { reply_markup: v.keyboard, edit });
}

/** «🚨 Срочное»: on and off. */
export async function toggleUrgent(services: Services, ctx: BotContext): Promise<void> {
  const d = ctx.session.family?.announcement;
  if (!d?.text) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  d.urgent = !d.urgent;
  await preview(services, ctx, true);
}

/** Now, or tomorrow 08:00. */
export async function sendTime(services: Services, ctx: BotContext, when: 'now' | 'tomorrow'): Promise<void> {
  const d = ctx.session.family?.announcement;
  if (!d?.text) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  d.sendAt = when === 'tomorrow' ? services.announcements.tomorrowMorning().toISOString() : null;
  await preview(services, ctx, true);
}

/** «✅ Отправить» (then the live receipts) or drop the draft. */
export async function sendDraft(services: Services, ctx: BotContext, answer: 'go' | 'no'): Promise<void> {
  const d = ctx.session.family?.announcement;
  if (!d?.text || !ctx.access) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  family(ctx).announcement = undefined;
  if (answer !== 'go') return void (await ctx.editMessageText(ctx.t('announcements-draft-cancelled')));
  try {
    const a = await services.announcements.create(ctx.access, {
      scope: d.scope,
      classId: d.classId ?? null,
      grade: d.grade ?? null,
      text: d.text,
      file: d.file ?? null,
      urgent: !!d.urgent,
      sendAt: d.sendAt ? new Date(d.sendAt) : null,
    });
    const stats = await services.announcements.withReceipts(a);
    const to = audienceName(ctx, a, stats.className);
    await ctx.editMessageText(createdText(ctx, a, !!d.sendAt, to, services.timezone));
    const v = statsView(ctx, stats, services.now(), services.timezone);
    await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
  } catch (e) {
    await ctx.editMessageText(refusal(ctx, e));
  }
}

/** The text (or a file with its caption) of the draft. */
export async function announcementText(services: Services, ctx: BotContext, next: () => Promise<void>) {
  const w = answerTo(ctx, ['announceText']);
  const d = ctx.session.family?.announcement;
  if (!w || !d || !ctx.message) return next();
  const f = fileOf(ctx);
  const text = (ctx.message.text ?? ctx.message.caption ?? '').trim();
  if (!text) {
    ask(ctx, 'announceText', {});
    return void (await ctx.reply(ctx.t('announcements-error-empty')));
  }
  if (text.length > 3500) {
    ask(ctx, 'announceText', {});
    return void (await ctx.reply(ctx.t('announcements-error-tooLong')));
  }
  d.text = text;
  d.file = f ? { kind: f.kind, fileId: f.fileId } : null;
  await preview(services, ctx, false);
}
