import { isNotice, type DiaryNotice } from '../../../core/diary/service.js';
import type { DiaryStudent } from '../../../core/diary/student.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext, DiaryViewState } from '../../context.js';
import { addErrorButton, errorViewCode } from '../corrections/index.js';
import { addWebAppButton } from '../webapp/index.js';
import { renderAbsences } from './views/absences.js';
import { renderNotice, stateDay, type Rendered } from './views/common.js';
import {
  renderHomeworkDay,
  renderHomeworkNone,
  renderHomeworkWeek,
  renderScheduleDay,
  renderScheduleWeek,
} from './views/lessons.js';
import { renderOverview, renderSubject, renderSummary } from './views/marks.js';
import { renderRules } from './views/rules.js';

const NOTICE_KEYS: Record<DiaryNotice['notice'], string> = {
  noMarks: 'diary-no-marks-grade',
  noHomework: 'diary-no-homework-grade',
  noPeriods: 'diary-no-periods',
};

/**
 * The diary's screens for a resolved student: the use case's data rendered
 * for this account, with «Сообщить об ошибке» (bot/features/corrections.ts)
 * under the views a family may dispute.
 */
export function diaryScreens(services: Services) {
  const { diary } = services;
  const notice = (ctx: BotContext, s: DiaryStudent, n: DiaryNotice, v: string): Rendered =>
    renderNotice(ctx, ctx.access!, s, NOTICE_KEYS[n.notice], v);

  async function marks(ctx: BotContext, s: DiaryStudent, periodId?: number): Promise<Rendered> {
    const r = await diary.marks(ctx.access!.accountHash, s, periodId);
    if (isNotice(r)) return notice(ctx, s, r, 'marks');
    const view = renderOverview(ctx, ctx.access!, s, r.periods, r.overview);
    addWebAppButton(ctx, view.keyboard, 'term', 'webapp-open-term', {
      student: s.studentId,
      period: r.overview.period.id,
    });
    return view;
  }

  async function subject(ctx: BotContext, s: DiaryStudent, subjectId: number, periodId?: number) {
    const r = await diary.subject(ctx.access!.accountHash, s, subjectId, periodId);
    if (!r) return null;
    if (isNotice(r)) return notice(ctx, s, r, 'marks');
    const view = renderSubject(ctx, ctx.access!, s, r.period, r.marks);
    addErrorButton(ctx, view.keyboard, errorViewCode.marks(subjectId));
    return view;
  }

  async function summary(ctx: BotContext, s: DiaryStudent): Promise<Rendered> {
    const r = await diary.summary(s);
    if (isNotice(r)) return notice(ctx, s, r, 'summary');
    return renderSummary(ctx, ctx.access!, s, r.summary, r.back);
  }

  async function rules(ctx: BotContext, s: DiaryStudent, periodId?: number): Promise<Rendered> {
    return renderRules(ctx, ctx.access!, s, await diary.rules(s.schoolId), periodId ?? null);
  }

  async function homeworkDay(ctx: BotContext, s: DiaryStudent, date?: string): Promise<Rendered> {
    const r = await diary.homeworkDay(s, date);
    if (isNotice(r)) return notice(ctx, s, r, 'homework');
    if ('none' in r) return renderHomeworkNone(ctx, ctx.access!, s, r.today);
    // The student's ticks (bot/features/checklist): their own, or read-only for a guardian by the age rule.
    const ticks = await services.checklist.ticks(
      ctx.access!,
      s,
      r.lessons.filter((l) => l.homework).map((l) => l.id),
    );
    const view = renderHomeworkDay(ctx, ctx.access!, s, { ...r, ticks });
    if (date) addErrorButton(ctx, view.keyboard, errorViewCode.homework(date));
    return view;
  }

  async function homeworkWeek(ctx: BotContext, s: DiaryStudent, date: string): Promise<Rendered> {
    const r = await diary.homeworkWeek(s, date);
    if (isNotice(r)) return notice(ctx, s, r, 'homeworkWeek');
    return renderHomeworkWeek(ctx, ctx.access!, s, r);
  }

  const scheduleDay = async (ctx: BotContext, s: DiaryStudent, date?: string) =>
    renderScheduleDay(ctx, ctx.access!, s, await diary.scheduleDay(s, date));
  const scheduleWeek = async (ctx: BotContext, s: DiaryStudent, date: string) =>
    renderScheduleWeek(ctx, ctx.access!, s, await diary.scheduleWeek(s, date));

  async function absences(ctx: BotContext, s: DiaryStudent, periodId?: number): Promise<Rendered> {
    const r = await diary.absences(s, periodId);
    if (isNotice(r)) return notice(ctx, s, r, 'absences');
    const view = renderAbsences(ctx, ctx.access!, s, r.periods, r.summary);
    addErrorButton(ctx, view.keyboard, errorViewCode.absences(r.summary.period.id));
    return view;
  }

  const screens = { marks, subject, summary, rules, homeworkDay, homeworkWeek, scheduleDay, scheduleWeek, absences };
  return { ...screens, again: againOf(screens, () => diary.now().date) };
}

/** The views `again` can show again. */
interface Screens {
  marks(ctx: BotContext, s: DiaryStudent, periodId?: number): Promise<Rendered>;
  summary(ctx: BotContext, s: DiaryStudent): Promise<Rendered>;
  rules(ctx: BotContext, s: DiaryStudent, periodId?: number): Promise<Rendered>;
  homeworkDay(ctx: BotContext, s: DiaryStudent, date?: string): Promise<Rendered>;
  homeworkWeek(ctx: BotContext, s: DiaryStudent, date: string): Promise<Rendered>;
  scheduleDay(ctx: BotContext, s: DiaryStudent, date?: string): Promise<Rendered>;
  scheduleWeek(ctx: BotContext, s: DiaryStudent, date: string): Promise<Rendered>;
  absences(ctx: BotContext, s: DiaryStudent, periodId?: number): Promise<Rendered>;
}

/** The same view for another child (after a switch), from what the message showed. */
function againOf(sc: Screens, today: () => string) {
  return (ctx: BotContext, s: DiaryStudent, st: DiaryViewState): Promise<Rendered> => {
    const date = stateDay(st.a);
    switch (st.v) {
      case 'subject':
        return sc.marks(ctx, s, st.p);
      case 'summary':
        return sc.summary(ctx, s);
      case 'rules':
        return sc.rules(ctx, s);
      case 'homework':
        return sc.homeworkDay(ctx, s, date ?? undefined);
      case 'homeworkWeek':
        return sc.homeworkWeek(ctx, s, date ?? today());
      case 'schedule':
        return sc.scheduleDay(ctx, s, date ?? undefined);
      case 'scheduleWeek':
        return sc.scheduleWeek(ctx, s, date ?? today());
      case 'absences':
        return sc.absences(ctx, s, st.a);
      default:
        return sc.marks(ctx, s, st.a);
    }
  };
}
