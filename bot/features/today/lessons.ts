import { mayUseToday, type TodayLesson } from '../../../core/today/index.js';
import { dropQuestion, openQuestion } from '../../answers.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { showLesson, type Today } from './entry.js';
import { dayView } from './views.js';

/** The teacher's lessons of a day, and one lesson's card. */

/** The questions /today asks (bot/answers.ts). */
export const TODAY_QUESTIONS = ['todayTopic', 'todayHomework', 'todayComment'] as const;

/**
 * Shows the lessons of `day`: today, or an earlier day still open for entry
 * (from its button). False for anyone but a teacher and for any other day.
 */
export async function showDay(today: Today, ctx: BotContext, day?: string): Promise<boolean> {
  const p = ctx.access;
  if (!mayUseToday(p)) return false;
  const now = today.todayIn();
  const earlier = await today.openEntryDays(p.staff, now);
  if (day && day !== now && !earlier.some((d) => d.date === day)) return false;
  const date = day ?? now;
  const lessons = await today.teacherLessons(p.staff.staffId, date);
  const others = earlier.filter((d) => d.date !== date);
  const { text, keyboard } = dayView(ctx, { date, today: now, lessons, others });
  await show(ctx, text, { reply_markup: keyboard });
  return true;
}

/** /today and the menu button. Families and students do not have it at all: it falls through like any unknown text. */
export const openDay = (today: Today) => async (ctx: BotContext, next: () => Promise<void>) => {
  if (!(await showDay(today, ctx))) return next();
};

/** The button of a day (or back to today). */
export const pressDay =
  (today: Today) =>
  async (ctx: BotContext, { day }: { day: string }) => {
    if (!(await showDay(today, ctx, day === 'today' ? undefined : day))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
  };

/** A lesson's card; from a question of /today it is also the Cancel button: the question is dropped. */
export const openLesson = (today: Today) => async (ctx: BotContext, l: TodayLesson) => {
  if (openQuestion(ctx, TODAY_QUESTIONS)) dropQuestion(ctx);
  await showLesson(today, ctx, l);
  await ctx.answerCallbackQuery();
};
