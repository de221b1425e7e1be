import { Composer, type Filter } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import { onButton } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { present } from '../diary/present.js';
import { diaryScreens } from '../diary/screens.js';
import { reminderMenu, reminderSet, tickDay, tickWeek, weekLeft } from './callbacks.js';
import { reminderView, weekView } from './views.js';

/**
 * The student's homework checklist (issue 19): ticks under /homework, the
 * week's list of what is left (/checklist), the reminder at a time the
 * student picks. Only the student's own account ticks; every press asks the
 * core again, so a forged press for another student gets the one refusal.
 */
type Press = Filter<BotContext, 'callback_query:data'>;

export function checklistFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const screens = diaryScreens(services);
  const cl = services.checklist;

  async function showWeek(ctx: BotContext, studentId: number) {
    const w = await cl.weekLeft(ctx.access, studentId);
    if (!w) return false;
    const v = weekView(ctx, studentId, w);
    await show(ctx, v.text, { reply_markup: v.keyboard });
    return true;
  }

  async function tick(ctx: Press, v: { studentId: number; lessonId: number; done: 'y' | 'n' }) {
    const date = await cl.setDone(ctx.access, v.studentId, v.lessonId, v.done === 'y');
    const s = date && (await services.diary.student(ctx.access, v.studentId));
    if (!s || s.kind !== 'ok') return void (await unavailable(ctx));
    await ctx.answerCallbackQuery({ text: ctx.tPlain(v.done === 'y' ? 'checklist-ticked' : 'checklist-unticked') });
    await present(ctx, await screens.homeworkDay(ctx, s.student, date));
  }

  async function tickFromWeek(ctx: Press, v: { studentId: number; lessonId: number }) {
    if (!(await cl.setDone(ctx.access, v.studentId, v.lessonId, true))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery({ text: ctx.tPlain('checklist-ticked') });
    await showWeek(ctx, v.studentId);
  }

  priv.command('checklist', async (ctx) => {
    const own = ctx.access?.children.find((c) => c.via === 'student');
    if (!own || !(await showWeek(ctx, own.studentId))) await ctx.reply(ctx.t('checklist-only-student'));
  });
  onButton(priv, tickDay, tick);
  onButton(priv, tickWeek, tickFromWeek);
  onButton(priv, weekLeft, async (ctx, { studentId }) => {
    if (!(await cl.weekLeft(ctx.access, studentId))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await showWeek(ctx, studentId);
  });
  onButton(priv, reminderMenu, async (ctx, { studentId }) => {
    if (!(await cl.weekLeft(ctx.access, studentId))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const v = reminderView(ctx, studentId);
    await show(ctx, v.text, { reply_markup: v.keyboard });
  });
  onButton(priv, reminderSet, async (ctx, { studentId, hour }) => {
    const time = hour ? `${String(hour).padStart(2, '0')}:00` : null;
    if (!(await cl.setReminder(ctx.access, studentId, time))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery({ text: ctx.tPlain('checklist-reminder-set', { time: time ?? 'none' }) });
    await showWeek(ctx, studentId);
  });
  return composer;
}
