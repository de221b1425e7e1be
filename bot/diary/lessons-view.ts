import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../core/access/profile.js';
import { addDays, mondayOf } from '../../core/calendar.js';
import { byDate, currentOrNext, type DiaryLesson, type PersonName } from '../../core/diary/lessons.js';
import type { DiaryStudent } from '../../core/diary/student.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { formatDay, formatShortDate, formatTime } from '../format.js';
import { addChildSwitch, childLine, dateArg, type Rendered } from './common.js';
import { html, type Html } from '../../core/html.js';

/** «Кузнецов О. И.» */
export const shortName = (n: PersonName) =>
  `${n.lastName} ${n.firstName[0]}.${n.middleName ? ` ${n.middleName[0]}.` : ''}`;

/** «Английский язык (1 группа)»; a subgroup named after its subject is not named twice. */
function subjectOf(ctx: BotContext, l: DiaryLesson): Html {
  if (!l.subgroup) return html`${l.subject}`;
  const group = l.subgroup.startsWith(l.subject)
    ? l.subgroup.slice(l.subject.length).replace(/^[\s,.:;—-]+/, '') || l.subgroup
    : l.subgroup;
  return ctx.tHtml('diary-subject-subgroup', { subject: l.subject, subgroup: group });
}

/** Free text (homework) as escaped lines. */
const textLines = (s: string) => html`${s.trim()}`.toString();

/** ◀ day · Сегодня · Завтра · day ▶, then the week (or the day) button. */
function dayNav(
  ctx: BotContext,
  kb: InlineKeyboard,
  prefix: 'homework' | 'schedule',
  date: string,
  today: string,
  week: boolean,
) {
  const dayVerb = prefix === 'homework' ? 'dh' : 'ds';
  const weekVerb = prefix === 'homework' ? 'dk' : 'dw';
  const step = week ? 7 : 1;
  const prev = addDays(date, -step);
  const next = addDays(date, step);
  const arrow = (d: string) =>
    week ? `${formatShortDate(mondayOf(d))}–${formatShortDate(addDays(mondayOf(d), 6))}` : formatShortDate(d);
  kb.text(`◀ ${arrow(prev)}`, cb(week ? weekVerb : dayVerb, dateArg(prev)))
    .text(ctx.t(`${prefix}-btn-today`), cb(dayVerb, dateArg(today)))
    .text(ctx.t(`${prefix}-btn-tomorrow`), cb(dayVerb, dateArg(addDays(today, 1))))
    .text(`${arrow(next)} ▶`, cb(week ? weekVerb : dayVerb, dateArg(next)));
  if (!week) kb.row().text(ctx.t(`${prefix}-btn-week`), cb(weekVerb, dateArg(date)));
  return kb;
}

function homeworkEntry(ctx: BotContext, l: DiaryLesson, timezone: string): string {
  const lines = [ctx.t('homework-entry', { slot: l.slot, subject: subjectOf(ctx, l) })];
  if (l.homework) {
    lines.push(textLines(l.homework));
    if (l.homeworkSetAt) lines.push(ctx.t('homework-set-at', { time: formatTime(l.homeworkSetAt, timezone) }));
    if (l.files) lines.push(ctx.t('homework-files', { count: l.files }));
  } else lines.push(ctx.t(l.cancelled ? 'homework-cancelled' : 'homework-not-set'));
  return lines.join('\n');
}

function fileButtons(ctx: BotContext, kb: InlineKeyboard, lessons: DiaryLesson[]) {
  for (const l of lessons.filter((x) => x.homework && x.files).slice(0, 12))
    kb.row().text(
      ctx.tPlain('homework-btn-files', { subject: `${formatShortDate(l.date)} ${l.subject}`, count: l.files }),
      cb('df', l.id),
    );
}

/** Homework for one day: each lesson with its subject, the text, when it was set and its files. */
export function renderHomeworkDay(
  ctx: BotContext,
  p: AccessProfile,
  s: DiaryStudent,
  o: { date: string; today: string; lessons: DiaryLesson[]; movedFromTomorrow: boolean; timezone: string },
): Rendered {
  const blocks = [
    `${childLine(ctx, s)}\n${ctx.t('homework-title', { date: formatDay(o.date) })}${o.movedFromTomorrow ? `\n${ctx.t('homework-next-day')}` : ''}`,
  ];
  if (!o.lessons.length) blocks.push(ctx.t('homework-no-lessons'));
  for (const l of o.lessons) blocks.push(homeworkEntry(ctx, l, o.timezone));
  const kb = dayNav(ctx, new InlineKeyboard(), 'homework', o.date, o.today, false);
  fileButtons(ctx, kb, o.lessons);
  addChildSwitch(ctx, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'homework', a: dateArg(o.date) } };
}

/** Nothing within two weeks (holidays): say so, keep the navigation. */
export function renderHomeworkNone(ctx: BotContext, p: AccessProfile, s: DiaryStudent, today: string): Rendered {
  const kb = dayNav(ctx, new InlineKeyboard(), 'homework', addDays(today, 1), today, false);
  addChildSwitch(ctx, kb, p, s);
  return {
    text: `${childLine(ctx, s)}\n\n${ctx.t('homework-no-lessons-soon')}`,
    keyboard: kb,
    state: { v: 'homework', a: dateArg(addDays(today, 1)) },
  };
}

export function renderHomeworkWeek(
  ctx: BotContext,
  p: AccessProfile,
  s: DiaryStudent,
  o: { monday: string; today: string; lessons: DiaryLesson[]; timezone: string },
): Rendered {
  const blocks = [
    `${childLine(ctx, s)}\n${ctx.t('homework-week-title', { from: formatDay(o.monday), to: formatDay(addDays(o.monday, 6)) })}`,
  ];
  const days = byDate(o.lessons);
  if (!days.size) blocks.push(ctx.t('homework-no-lessons'));
  for (const [date, lessons] of days) {
    const set = lessons.filter((l) => l.homework);
    const entries = set.length ? set.map((l) => homeworkEntry(ctx, l, o.timezone)) : [ctx.t('homework-day-none')];
    blocks.push([ctx.t('homework-day', { date: formatDay(date) }), ...entries].join('\n'));
  }
  const kb = dayNav(ctx, new InlineKeyboard(), 'homework', o.monday, o.today, true);
  fileButtons(ctx, kb, o.lessons);
  addChildSwitch(ctx, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'homeworkWeek', a: dateArg(o.monday) } };
}

const roomOf = (ctx: BotContext, l: DiaryLesson) => (l.room ? ctx.tHtml('schedule-room', { room: l.room }) : '');

function lessonLines(ctx: BotContext, l: DiaryLesson): string {
  const room = roomOf(ctx, l);
  const subject = subjectOf(ctx, l);
  if (l.cancelled) return ctx.t('schedule-cancelled', { slot: l.slot, from: l.startsAt, to: l.endsAt, subject });
  const lines = [ctx.t('schedule-lesson', { slot: l.slot, from: l.startsAt, to: l.endsAt, subject, room })];
  if (l.substitute)
    lines.push(
      ctx.t('schedule-substitution', {
        substitute: shortName(l.substitute),
        teacher: shortName(l.teacher),
      }),
    );
  else lines.push(ctx.t('schedule-teacher', { teacher: shortName(l.teacher) }));
  if (l.topic) lines.push(ctx.t('schedule-topic', { topic: l.topic }));
  if (l.attendance?.status === 'absent')
    lines.push(ctx.t('schedule-absent', { reason: ctx.tHtml('absence-reason', { reason: l.attendance.reason }) }));
  if (l.attendance?.status === 'late') lines.push(ctx.t('schedule-late'));
  return lines.join('\n');
}

/** The timetable of a day: time, subject, room, teacher, topic; substitutions and cancellations marked; now/next on top today. */
export function renderScheduleDay(
  ctx: BotContext,
  p: AccessProfile,
  s: DiaryStudent,
  o: { date: string; today: string; time: string; lessons: DiaryLesson[] },
): Rendered {
  const head = [childLine(ctx, s), ctx.t('schedule-title', { date: formatDay(o.date) })];
  if (o.date === o.today) {
    const cur = currentOrNext(o.lessons, o.time);
    if (cur) {
      const l = cur.lesson;
      const room = roomOf(ctx, l);
      head.push(
        cur.now
          ? ctx.t('schedule-now', { slot: l.slot, subject: subjectOf(ctx, l), until: l.endsAt, room })
          : ctx.t('schedule-next', { slot: l.slot, subject: subjectOf(ctx, l), at: l.startsAt, room }),
      );
    }
  }
  const blocks = [head.join('\n')];
  if (!o.lessons.length) blocks.push(ctx.t('schedule-no-lessons'));
  for (const l of o.lessons) blocks.push(lessonLines(ctx, l));
  const kb = dayNav(ctx, new InlineKeyboard(), 'schedule', o.date, o.today, false);
  addChildSwitch(ctx, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'schedule', a: dateArg(o.date) } };
}

export function renderScheduleWeek(
  ctx: BotContext,
  p: AccessProfile,
  s: DiaryStudent,
  o: { monday: string; today: string; lessons: DiaryLesson[] },
): Rendered {
  const blocks = [
    `${childLine(ctx, s)}\n${ctx.t('schedule-week-title', { from: formatDay(o.monday), to: formatDay(addDays(o.monday, 6)) })}`,
  ];
  const days = byDate(o.lessons);
  if (!days.size) blocks.push(ctx.t('schedule-no-lessons'));
  for (const [date, lessons] of days)
    blocks.push(
      [ctx.t('schedule-day', { date: formatDay(date) }), ...lessons.map((l) => lessonLines(ctx, l))].join('\n'),
    );
  const kb = dayNav(ctx, new InlineKeyboard(), 'schedule', o.monday, o.today, true);
  addChildSwitch(ctx, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'scheduleWeek', a: dateArg(o.monday) } };
}
