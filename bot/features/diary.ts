import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock.js';
import { absencesSummary, loadAbsencesYear } from '../../core/diary/absences.js';
import { chartPng } from '../../core/diary/chart.js';
import { addDays, mondayOf, wallClock } from '../../core/calendar.js';
import { loadHomeworkFiles, loadLessons, rememberTelegramFileId } from '../../core/diary/lessons.js';
import {
  chartSeries,
  choosePeriod,
  loadMarksYear,
  loadRules,
  marksOverview,
  subjectMarks,
  yearSummary,
} from '../../core/diary/marks.js';
import { markSeen } from '../../core/diary/seen.js';
import { diaryStudent, keepsMarks, type DiaryStudent } from '../../core/diary/student.js';
import { switchActiveChild } from '../../core/linking/account.js';
import { parseCallback } from '../callback-data.js';
import type { BotContext, DiaryViewState } from '../context.js';
import { formatDay } from '../format.js';
import { renderAbsences } from '../diary/absences-view.js';
import { addChildSwitch, argDate, childLine, present, viewStateOf, type Rendered } from '../diary/common.js';
import {
  renderHomeworkDay,
  renderHomeworkNone,
  renderHomeworkWeek,
  renderScheduleDay,
  renderScheduleWeek,
} from '../diary/lessons-view.js';
import {
  chartLabels,
  renderOverview,
  renderRules,
  renderSubject,
  renderSummary,
  rulesText,
} from '../diary/marks-view.js';
import { addErrorButton, errorViewCode } from './corrections/index.js';
import { unavailable } from '../ui.js';

export interface DiaryFeatureDeps {
  ds: DataSource;
  timezone: string;
  clock: Clock;
}

/** How far ahead «homework for tomorrow» looks for the next school day (weekends, holidays). */
const LOOKAHEAD_DAYS = 14;

/**
 * The diary for families (seed 000 §2.2, §3.9): /marks, /homework, /schedule,
 * /absences and the menu buttons, for the account's active child or the
 * student themself. Every view and every button asks the policy again; the
 * buttons edit the message in place; a guardian switches children in one tap.
 */
export function diaryFeature(deps: DiaryFeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const { ds } = deps;
  const now = () => wallClock(deps.timezone, deps.clock.now());

  /** Whose diary: the policy's answer, or a polite refusal already sent. */
  async function resolve(ctx: BotContext, studentId?: number): Promise<DiaryStudent | null> {
    const r = await diaryStudent(ds, ctx.access, studentId);
    if (r.kind === 'ok') return r.student;
    const key = r.kind === 'unlinked' ? 'not-linked' : r.kind === 'notFamily' ? 'diary-not-family' : 'unavailable';
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
    else await ctx.reply(ctx.t(key));
    return null;
  }

  /** A short answer in place of a view (grade 1, no periods yet), still naming the child and offering the switch. */
  const notice = (ctx: BotContext, s: DiaryStudent, key: string, v: string): Rendered => ({
    text: `${childLine(ctx, s)}\n\n${ctx.t(key)}`,
    keyboard: addChildSwitch(ctx, new InlineKeyboard(), ctx.access!, s),
    state: { v },
  });

  async function marksView(ctx: BotContext, s: DiaryStudent, periodId?: number): Promise<Rendered> {
    if (!keepsMarks(s)) return notice(ctx, s, 'diary-no-marks-grade', 'marks');
    const year = await loadMarksYear(ds, s);
    const today = now().date;
    const period = choosePeriod(year.periods, today, periodId);
    if (!period) return notice(ctx, s, 'diary-no-periods', 'marks');
    const newSince = await markSeen(ds, ctx.access!.accountHash, s.studentId, year.lastChange);
    return renderOverview(ctx, ctx.access!, s, year, marksOverview(year, period, today, newSince));
  }

  async function subjectView(
    ctx: BotContext,
    s: DiaryStudent,
    subjectId: number,
    periodId?: number,
  ): Promise<Rendered | null> {
    if (!keepsMarks(s)) return notice(ctx, s, 'diary-no-marks-grade', 'marks');
    const year = await loadMarksYear(ds, s, { subjectId });
    const subject = year.subjects.find((x) => x.id === subjectId);
    const today = now().date;
    const period = choosePeriod(year.periods, today, periodId);
    if (!subject || !period) return null;
    const newSince = await markSeen(ds, ctx.access!.accountHash, s.studentId, year.lastChange);
    const r = renderSubject(ctx, ctx.access!, s, period, subjectMarks(year, subject, period, today, newSince));
    addErrorButton(ctx, r.keyboard, errorViewCode.marks(subjectId)); // «Сообщить об ошибке» (bot/features/corrections/)
    return r;
  }

  async function summaryView(ctx: BotContext, s: DiaryStudent): Promise<Rendered> {
    if (!keepsMarks(s)) return notice(ctx, s, 'diary-no-marks-grade', 'summary');
    const year = await loadMarksYear(ds, s);
    return renderSummary(ctx, ctx.access!, s, yearSummary(year), choosePeriod(year.periods, now().date));
  }

  async function rulesView(ctx: BotContext, s: DiaryStudent, periodId?: number): Promise<Rendered> {
    const rules = await loadRules(ds, s.schoolId);
    return renderRules(ctx, ctx.access!, s, rules, periodId ?? null);
  }

  async function homeworkDay(ctx: BotContext, s: DiaryStudent, date?: string): Promise<Rendered> {
    if (!keepsMarks(s)) return notice(ctx, s, 'diary-no-homework-grade', 'homework');
    const { date: today } = now();
    if (date) {
      const r = renderHomeworkDay(ctx, ctx.access!, s, {
        date,
        today,
        lessons: await loadLessons(ds, s, date, date),
        movedFromTomorrow: false,
        timezone: deps.timezone,
      });
      addErrorButton(ctx, r.keyboard, errorViewCode.homework(date)); // «Сообщить об ошибке» (bot/features/corrections/)
      return r;
    }
    // Tomorrow by default; over a weekend or holidays, the next day with lessons.
    const tomorrow = addDays(today, 1);
    const ahead = await loadLessons(ds, s, tomorrow, addDays(tomorrow, LOOKAHEAD_DAYS - 1));
    const first = ahead[0]?.date;
    if (!first) return renderHomeworkNone(ctx, ctx.access!, s, today);
    return renderHomeworkDay(ctx, ctx.access!, s, {
      date: first,
      today,
      lessons: ahead.filter((l) => l.date === first),
      movedFromTomorrow: first !== tomorrow,
      timezone: deps.timezone,
    });
  }

  async function homeworkWeek(ctx: BotContext, s: DiaryStudent, date: string): Promise<Rendered> {
    if (!keepsMarks(s)) return notice(ctx, s, 'diary-no-homework-grade', 'homeworkWeek');
    const monday = mondayOf(date);
    const lessons = await loadLessons(ds, s, monday, addDays(monday, 6));
    return renderHomeworkWeek(ctx, ctx.access!, s, { monday, today: now().date, lessons, timezone: deps.timezone });
  }

  async function scheduleDay(ctx: BotContext, s: DiaryStudent, date?: string): Promise<Rendered> {
    const { date: today, time } = now();
    const day = date ?? today;
    return renderScheduleDay(ctx, ctx.access!, s, {
      date: day,
      today,
      time,
      lessons: await loadLessons(ds, s, day, day),
    });
  }

  async function scheduleWeek(ctx: BotContext, s: DiaryStudent, date: string): Promise<Rendered> {
    const monday = mondayOf(date);
    return renderScheduleWeek(ctx, ctx.access!, s, {
      monday,
      today: now().date,
      lessons: await loadLessons(ds, s, monday, addDays(monday, 6)),
    });
  }

  async function absencesView(ctx: BotContext, s: DiaryStudent, periodId?: number): Promise<Rendered> {
    const year = await loadAbsencesYear(ds, s);
    const period = choosePeriod(year.periods, now().date, periodId);
    if (!period) return notice(ctx, s, 'diary-no-periods', 'absences');
    const r = renderAbsences(ctx, ctx.access!, s, year.periods, absencesSummary(year, period));
    addErrorButton(ctx, r.keyboard, errorViewCode.absences(period.id)); // «Сообщить об ошибке» (bot/features/corrections/)
    return r;
  }

  /** The same view for another child (after a switch), from what the message showed. */
  function again(ctx: BotContext, s: DiaryStudent, st: DiaryViewState): Promise<Rendered> {
    const date = argDate(st.a ?? null);
    switch (st.v) {
      case 'subject':
        return marksView(ctx, s, st.p);
      case 'summary':
        return summaryView(ctx, s);
      case 'rules':
        return rulesView(ctx, s);
      case 'homework':
        return homeworkDay(ctx, s, date ?? undefined);
      case 'homeworkWeek':
        return homeworkWeek(ctx, s, date ?? now().date);
      case 'schedule':
        return scheduleDay(ctx, s, date ?? undefined);
      case 'scheduleWeek':
        return scheduleWeek(ctx, s, date ?? now().date);
      case 'absences':
        return absencesView(ctx, s, st.a);
      default:
        return marksView(ctx, s, st.a);
    }
  }

  // Commands and the main menu's buttons open the same views.
  const open = (view: (ctx: BotContext, s: DiaryStudent) => Promise<Rendered>) => async (ctx: BotContext) => {
    const s = await resolve(ctx);
    if (s) await present(ctx, await view(ctx, s));
  };
  const openMarks = open((ctx, s) => marksView(ctx, s));
  const openHomework = open((ctx, s) => homeworkDay(ctx, s));
  const openSchedule = open((ctx, s) => scheduleDay(ctx, s));
  const openAbsences = open((ctx, s) => absencesView(ctx, s));
  priv.command('marks', openMarks);
  priv.filter(hears('menu-marks'), openMarks);
  priv.command('homework', openHomework);
  priv.filter(hears('menu-homework'), openHomework);
  priv.command('schedule', openSchedule);
  priv.filter(hears('menu-schedule'), openSchedule);
  priv.command('absences', openAbsences);
  priv.filter(hears('menu-absences'), openAbsences);

  /** /help for a family: the diary's commands and how averages are computed in this school. */
  priv.command('help', async (ctx, next) => {
    if (!ctx.access?.children.length) return next();
    const s = await resolve(ctx);
    if (!s) return;
    const guardian = ctx.access.children.some((c) => c.via === 'guardian');
    const text = [
      ctx.t('diary-help'),
      ...(guardian ? [ctx.t('diary-help-children')] : []),
      ctx.t('diary-help-rest'),
    ].join('\n');
    await ctx.reply(`${text}\n\n${rulesText(ctx, await loadRules(ds, s.schoolId))}`, { parse_mode: 'HTML' });
  });

  /** A button of a view: the policy again, then the view edited in place. */
  const button = (
    re: RegExp,
    view: (ctx: BotContext, s: DiaryStudent, arg: { id: number | null; arg: string }) => Promise<Rendered | null>,
  ) =>
    priv.callbackQuery(re, async (ctx) => {
      const data = parseCallback(ctx.callbackQuery.data);
      if (!data) return void (await unavailable(ctx));
      const s = await resolve(ctx);
      if (!s) return;
      const r = await view(ctx, s, data);
      if (!r) return void (await unavailable(ctx));
      await ctx.answerCallbackQuery();
      await present(ctx, r);
    });

  const pressedState = (ctx: BotContext) => viewStateOf(ctx, ctx.callbackQuery?.message?.message_id);
  button(/^dm:/, (ctx, s, d) => marksView(ctx, s, d.id ?? undefined));
  button(/^dj:/, (ctx, s, d) => {
    const st = pressedState(ctx);
    return d.id ? subjectView(ctx, s, d.id, st?.v === 'marks' ? st.a : st?.p) : Promise.resolve(null);
  });
  button(/^dy:/, (ctx, s) => summaryView(ctx, s));
  button(/^dr:/, (ctx, s) => {
    const st = pressedState(ctx);
    return rulesView(ctx, s, st?.v === 'marks' ? st.a : undefined);
  });
  button(/^dh:/, async (ctx, s, d) => {
    const date = argDate(d.id);
    return date ? homeworkDay(ctx, s, date) : null;
  });
  button(/^dk:/, async (ctx, s, d) => {
    const date = argDate(d.id);
    return date ? homeworkWeek(ctx, s, date) : null;
  });
  button(/^ds:/, async (ctx, s, d) => {
    const date = argDate(d.id);
    return date ? scheduleDay(ctx, s, date) : null;
  });
  button(/^dw:/, async (ctx, s, d) => {
    const date = argDate(d.id);
    return date ? scheduleWeek(ctx, s, date) : null;
  });
  button(/^da:/, (ctx, s, d) => absencesView(ctx, s, d.id ?? undefined));

  /** «График»: one PNG of the period's weekly averages per subject, with the thresholds as bands. */
  priv.callbackQuery(/^dg:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const s = await resolve(ctx);
    if (!s) return;
    if (!data?.id || !keepsMarks(s)) return void (await unavailable(ctx));
    const year = await loadMarksYear(ds, s);
    const today = now().date;
    const period = choosePeriod(year.periods, today, data.id);
    if (!period) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery({ text: ctx.t('chart-wait') });
    const png = chartPng(chartSeries(year, period, today), chartLabels(ctx, s, period, year.settings));
    await ctx.replyWithPhoto(new InputFile(png, 'marks.png'), {
      caption: ctx.tPlain('chart-caption', {
        student: `${s.firstName} ${s.lastName}`,
        class: s.className,
        period: period.name,
      }),
    });
  });

  /** A homework's files: sent as files (not links), only for a lesson of the child's own class and subgroup. */
  priv.callbackQuery(/^df:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const s = await resolve(ctx);
    if (!s) return;
    const hw = data?.id && keepsMarks(s) ? await loadHomeworkFiles(ds, s, data.id) : null;
    if (!hw) return void (await unavailable(ctx));
    if (!hw.files.length)
      return void (await ctx.answerCallbackQuery({ text: ctx.t('homework-files-none'), show_alert: true }));
    await ctx.answerCallbackQuery();
    const caption = ctx.t('homework-files-caption', {
      student: `${s.firstName} ${s.lastName}`,
      subject: hw.subject,
      date: formatDay(hw.date),
    });
    for (const [i, f] of hw.files.entries()) {
      const sent = await ctx.replyWithDocument(f.telegramFileId ?? new InputFile(f.content, f.fileName), {
        ...(i === 0 ? { caption, parse_mode: 'HTML' as const } : {}),
      });
      if (!f.telegramFileId && sent.document?.file_id) await rememberTelegramFileId(ds, f.id, sent.document.file_id);
    }
  });

  /**
   * «👤 <other child>» under a diary view: the account feature's `ch:` verb and
   * the same core switch (switchActiveChild, which asks the policy), then the
   * same view for that child in place. `ch:` on any other message goes on to
   * the account feature.
   */
  priv.callbackQuery(/^ch:/, async (ctx, next) => {
    const st = pressedState(ctx);
    if (!st) return next();
    const data = parseCallback(ctx.callbackQuery.data);
    const p = ctx.access;
    if (!data?.id || !p || !(await switchActiveChild(ds, p, data.id))) return void (await unavailable(ctx));
    p.activeStudentId = data.id;
    const s = await resolve(ctx, data.id);
    if (!s) return;
    await ctx.answerCallbackQuery();
    await present(ctx, await again(ctx, s, st));
  });

  return composer;
}
