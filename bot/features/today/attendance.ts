import type { TodayLesson } from '../../../core/today/index.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { draftButton, showLesson, type Today } from './entry.js';
import { journalRefusal } from './entries-view.js';
import { dropDraft, newDraft, todayState, touchDraft, type TodayDraft } from './drafts.js';
import { CODE_STATUS, gridView, NEXT_STATUS, shortName, STATUS_CODE } from './views.js';

/** The attendance grid: taps change a draft; «Готово» saves only the students whose status changed. */

async function showGrid(today: Today, ctx: BotContext, l: TodayLesson, draftId: number, d: TodayDraft) {
  const roster = await today.lessonRoster(l);
  const names = new Map(roster.map((r) => [r.studentId, shortName(r)]));
  const { text, keyboard } = gridView(ctx, l, draftId, d, names);
  await show(ctx, text, { reply_markup: keyboard, edit: true });
}

/** «Посещаемость»: a draft of the lesson's attendance as it is now. */
export const openGrid = (today: Today) => async (ctx: BotContext, l: TodayLesson) => {
  const roster = await today.lessonRoster(l);
  if (!roster.length)
    return void (await ctx.answerCallbackQuery({ text: ctx.t('today-no-students'), show_alert: true }));
  const id = newDraft(ctx, {
    lessonId: l.lessonId,
    kind: 'attendance',
    students: roster.map((r) => r.studentId),
    statuses: roster.map((r) => STATUS_CODE[r.status]),
  });
  await showGrid(today, ctx, l, id, todayState(ctx).drafts[id]);
  await ctx.answerCallbackQuery();
};

/** A student tapped: present → absent → late → present. */
export const toggle =
  (today: Today) =>
  async (ctx: BotContext, { draft, place }: { draft: number; place: number }) => {
    const found = await draftButton(today, ctx, draft, 'attendance');
    if (!found) return;
    const statuses = found.d.statuses!;
    if (place >= found.d.students.length) return void (await unavailable(ctx));
    statuses[place] = STATUS_CODE[NEXT_STATUS[CODE_STATUS[statuses[place]]]];
    touchDraft(ctx, found.d);
    await showGrid(today, ctx, found.l, draft, found.d);
    await ctx.answerCallbackQuery();
  };

/** «Готово»: the grid is saved and the lesson's card shown with what changed. */
export const saveGrid =
  (today: Today) =>
  async (ctx: BotContext, { draft }: { draft: number }) => {
    const found = await draftButton(today, ctx, draft, 'attendance');
    if (!found) return;
    const { d, l } = found;
    const grid = new Map(d.students.map((studentId, i) => [studentId, CODE_STATUS[d.statuses![i]]]));
    let r: Awaited<ReturnType<Today['saveAttendance']>>;
    try {
      r = await today.saveAttendance(ctx.access!, l, grid);
    } catch (e) {
      const refusal = journalRefusal(e);
      if (!refusal) throw e;
      return void (await ctx.answerCallbackQuery({ text: ctx.t(refusal), show_alert: true }));
    }
    dropDraft(ctx, draft);
    await showLesson(today, ctx, l, ctx.t('today-att-saved', { absent: r.absent, late: r.late, changed: r.changed }));
    await ctx.answerCallbackQuery({ text: ctx.t('today-saved') });
  };
