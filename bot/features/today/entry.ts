import { mayUseToday, type TodayLesson } from '../../../core/today/index.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { addWebAppButton } from '../webapp/index.js';
import { draftOf, type TodayDraft } from './drafts.js';
import { lessonView, refusalKey } from './views.js';

/** What a teacher may enter for: a lesson still open to them, a draft of this chat. */

export type Today = Services['today'];

/** The lesson if this teacher may still enter for it; otherwise says why (a pop-up under a button) and returns null. */
export async function lessonOr(today: Today, ctx: BotContext, lessonId: number): Promise<TodayLesson | null> {
  const r = await today.lessonForEntry(ctx.access, lessonId, today.todayIn());
  if ('lesson' in r) return r.lesson;
  const text = ctx.t(refusalKey(r.refused));
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
  return null;
}

/** A button about one lesson: only for teachers, only for a lesson still open to them. */
export const withLesson =
  (today: Today, fn: (ctx: BotContext, l: TodayLesson) => Promise<void>) =>
  async (ctx: BotContext, { lessonId }: { lessonId: number }) => {
    if (!mayUseToday(ctx.access)) return void (await unavailable(ctx));
    const l = await lessonOr(today, ctx, lessonId);
    if (l) await fn(ctx, l);
  };

/** A draft from a button: it must exist and be of this kind, and its lesson still open to this teacher. */
export async function draftButton(
  today: Today,
  ctx: BotContext,
  draftId: number,
  kind: TodayDraft['kind'],
): Promise<{ d: TodayDraft; l: TodayLesson } | null> {
  if (!mayUseToday(ctx.access)) {
    await unavailable(ctx);
    return null;
  }
  const d = draftOf(ctx, draftId);
  if (!d || d.kind !== kind) {
    await ctx.answerCallbackQuery({ text: ctx.t('today-draft-expired'), show_alert: true });
    return null;
  }
  const l = await lessonOr(today, ctx, d.lessonId);
  return l ? { d, l } : null;
}

/** The lesson's card: in place of the pressed message, or a new one after a text; `note` says what was saved. */
export async function showLesson(today: Today, ctx: BotContext, l: TodayLesson, note?: string): Promise<void> {
  const entries = await today.lessonEntries(l.lessonId);
  const { text, keyboard } = lessonView(ctx, l, await today.lessonRoster(l), { today: today.todayIn(), note, entries });
  addWebAppButton(ctx, keyboard, 'grid', 'webapp-open-grid', {
    class: l.classId,
    subject: l.subjectId,
    subgroup: l.subgroupId,
    lesson: l.lessonId,
  });
  await show(ctx, text, { reply_markup: keyboard });
}
