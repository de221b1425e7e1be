import { keepsMarks, type TodayLesson } from '../../../core/today/index.js';
import { ask } from '../../answers.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { draftButton, type Today } from './entry.js';
import { DRAFT_TTL_MS, newDraft, touchDraft, type TodayDraft } from './drafts.js';
import { journalRefusal } from './entries-view.js';
import { marksView } from './marks-view.js';
import { cancelKeyboard, kindsView, MARK_BUTTONS } from './views.js';

/** Marks: pick the work kind, then a mark per student, edited in place; a comment on a mark. */

/** The marks list of a draft: in place of the pressed message, or a new one after a comment. */
export async function showMarks(today: Today, ctx: BotContext, l: TodayLesson, draftId: number, d: TodayDraft) {
  const [roster, marks, kind] = [
    await today.lessonRoster(l),
    await today.lessonMarks(l.lessonId, d.workKindId!),
    await today.workKindName(d.workKindId),
  ];
  const { text, keyboard } = marksView(ctx, l, draftId, d, { roster, marks, kind });
  await show(ctx, text, { reply_markup: keyboard });
}

/** «Отметки»: the school's work kinds (none in grade 1). */
export const openKinds = (today: Today) => async (ctx: BotContext, l: TodayLesson) => {
  if (!keepsMarks(l.grade))
    return void (await ctx.answerCallbackQuery({ text: ctx.t('today-grade-no-marks'), show_alert: true }));
  const kinds = await today.workKinds(l.schoolId);
  const id = newDraft(ctx, { lessonId: l.lessonId, kind: 'marks', students: [], kinds: kinds.map((k) => k.id) });
  const { text, keyboard } = kindsView(ctx, l, id, kinds);
  await show(ctx, text, { reply_markup: keyboard, edit: true });
  await ctx.answerCallbackQuery();
};

/** A work kind chosen: the lesson's students as they are now, from the first page. */
export const pickKind =
  (today: Today) =>
  async (ctx: BotContext, { draft, kind }: { draft: number; kind: number }) => {
    const found = await draftButton(today, ctx, draft, 'marks');
    if (!found) return;
    const kindId = found.d.kinds?.[kind];
    if (!kindId) return void (await unavailable(ctx));
    const roster = await today.lessonRoster(found.l);
    Object.assign(found.d, { workKindId: kindId, students: roster.map((r) => r.studentId), page: 0 });
    touchDraft(ctx, found.d);
    await showMarks(today, ctx, found.l, draft, found.d);
    await ctx.answerCallbackQuery();
  };

export const turnPage =
  (today: Today) =>
  async (ctx: BotContext, { draft, page }: { draft: number; page: number }) => {
    const found = await draftButton(today, ctx, draft, 'marks');
    if (!found || !found.d.workKindId) return;
    found.d.page = page;
    await showMarks(today, ctx, found.l, draft, found.d);
    await ctx.answerCallbackQuery();
  };

/** A mark pressed in a student's row: saved at once («✖» removes it). */
export const setMark =
  (today: Today) =>
  async (ctx: BotContext, { draft, place, mark }: { draft: number; place: number; mark: number }) => {
    const button = MARK_BUTTONS.find((b) => b.code === mark);
    const found = await draftButton(today, ctx, draft, 'marks');
    if (!found) return;
    const studentId = found.d.students[place];
    const workKindId = found.d.workKindId;
    if (!button || !studentId || !workKindId) return void (await unavailable(ctx));
    try {
      await today.saveMark(ctx.access!, found.l, { studentId, workKindId, value: button.value });
    } catch (e) {
      const refusal = journalRefusal(e);
      if (!refusal) throw e;
      return void (await ctx.answerCallbackQuery({ text: ctx.t(refusal), show_alert: true }));
    }
    touchDraft(ctx, found.d);
    await showMarks(today, ctx, found.l, draft, found.d);
    await ctx.answerCallbackQuery({ text: ctx.t('today-saved') });
  };

/** A student's name: asks for a comment on their mark (there must be one). */
export const askComment =
  (today: Today) =>
  async (ctx: BotContext, { draft, place }: { draft: number; place: number }) => {
    const found = await draftButton(today, ctx, draft, 'marks');
    if (!found) return;
    const { d, l } = found;
    const studentId = d.students[place];
    const m =
      studentId && d.workKindId ? (await today.lessonMarks(l.lessonId, d.workKindId)).get(studentId) : undefined;
    if (!m) return void (await ctx.answerCallbackQuery({ text: ctx.t('today-comment-no-mark'), show_alert: true }));
    ask(ctx, 'todayComment', { lessonId: l.lessonId, draftId: draft, place }, DRAFT_TTL_MS);
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('today-ask-comment'), { reply_markup: cancelKeyboard(ctx, l.lessonId) });
  };
