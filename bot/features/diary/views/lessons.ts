import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../../../core/access/profile.js';
import { addDays, mondayOf } from '../../../../core/calendar.js';
import { byDate, currentOrNext, type DiaryLesson, type PersonName } from '../../../../core/diary/lessons.js';
import type { DiaryStudent } from '../../../../core/diary/student.js';
import { html, type Html } from '../../../../core/html.js';
import { formatDay, formatShortDate, formatTime } from '../../../format.js';
import type { Texts } from '../../../i18n.js';
import { homeworkDay, homeworkFiles, homeworkWeek, scheduleDay, scheduleWeek } from '../callbacks.js';
import { addChildSwitch, childLine, dayState, type Rendered } from './common.js';
import { addTickButtons, doneLine } from '../../checklist/views.js';

/** «Кузнецов О. И.» */
export const shortName = (n: PersonName) =>
  `${n.lastName} ${n.firstName[0]}.${n.middleName ? ` ${n.middleName[0]}.` : ''}`;

/** «Английский язык (1 группа)»; a subgroup named after its subject is not named twice. */
function subjectOf(t: Texts, l: DiaryLesson): Html {
  if (!l.subgroup) return html`${l.subject}`;
  const group = l.subgroup.startsWith(l.subject)
    ? l.subgroup.slice(l.subject.length).replace(/^[\s,.:;—-]+/, '') || l.subgroup
    : l.subgroup;
  return t.tHtml('diary-subject-subgroup', { subject: l.subject, subgroup: group });
}

/** Free text (homework) as escaped lines. */
const textLines = (s: string) => html`${s.trim()}`.toString();

/** ◀ day · Сегодня · Завтра · day ▶, then the week (or the day) button. */
function dayNav(
  t: Texts,
  kb: InlineKeyboard,
  prefix: 'homework' | 'schedule',
  date: string,
  today: string,
  week: boolean,
) {
  const dayCodec = prefix === 'homework' ? homeworkDay : scheduleDay;
  const weekCodec = prefix === 'homework' ? homeworkWeek : scheduleWeek;
  const dayData = (d: string) => dayCodec.pack({ day: d });
  const stepData = (d: string) => (week ? weekCodec : dayCodec).pack({ day: d });
  const step = week ? 7 : 1;
  const prev = addDays(date, -step);
  const next = addDays(date, step);
  const arrow = (d: string) =>
    week ? `${formatShortDate(mondayOf(d))}–${formatShortDate(addDays(mondayOf(d), 6))}` : formatShortDate(d);
  kb.text(`◀ ${arrow(prev)}`, stepData(prev))
    .text(t.t(`diary-${prefix}-btn-today`), dayData(today))
    .text(t.t(`diary-${prefix}-btn-tomorrow`), dayData(addDays(today, 1)))
    .text(`${arrow(next)} ▶`, stepData(next));
  if (!week) kb.row().text(t.t(`diary-${prefix}-btn-week`), weekCodec.pack({ day: date }));
  return kb;
}

/** What this account sees of the student's ticks (bot/features/checklist): its own, a guardian's read-only, none. */
export type Ticks = { mode: 'own' | 'parent' | 'none'; done: number[] };

function homeworkEntry(t: Texts, l: DiaryLesson, timezone: string, ticks?: Ticks): string {
  const lines = [t.t('diary-homework-entry', { slot: l.slot, subject: subjectOf(t, l) })];
  if (l.homework) {
    lines.push(textLines(l.homework));
    if (ticks && ticks.mode !== 'none' && ticks.done.includes(l.id)) lines.push(doneLine(t, ticks.mode));
    if (l.homeworkSetAt) lines.push(t.t('diary-homework-set-at', { time: formatTime(l.homeworkSetAt, timezone) }));
    if (l.files) lines.push(t.t('diary-homework-files', { count: l.files }));
  } else lines.push(t.t(l.cancelled ? 'diary-homework-cancelled' : 'diary-homework-not-set'));
  return lines.join('\n');
}

function fileButtons(t: Texts, kb: InlineKeyboard, lessons: DiaryLesson[]) {
  for (const l of lessons.filter((x) => x.homework && x.files).slice(0, 12))
    kb.row().text(
      t.tPlain('diary-homework-btn-files', { subject: `${formatShortDate(l.date)} ${l.subject}`, count: l.files }),
      homeworkFiles.pack({ lessonId: l.id }),
    );
}

/** Homework for one day: each lesson with its subject, the text, when it was set and its files. */
export function renderHomeworkDay(
  t: Texts,
  p: AccessProfile,
  s: DiaryStudent,
  o: {
    date: string;
    today: string;
    lessons: DiaryLesson[];
    movedFromTomorrow: boolean;
    timezone: string;
    ticks?: Ticks;
  },
): Rendered {
  const blocks = [
    `${childLine(t, s)}\n${t.t('diary-homework-title', { date: formatDay(o.date) })}${o.movedFromTomorrow ? `\n${t.t('diary-homework-next-day')}` : ''}`,
  ];
  if (!o.lessons.length) blocks.push(t.t('diary-homework-no-lessons'));
  for (const l of o.lessons) blocks.push(homeworkEntry(t, l, o.timezone, o.ticks));
  const kb = dayNav(t, new InlineKeyboard(), 'homework', o.date, o.today, false);
  fileButtons(t, kb, o.lessons);
  if (o.ticks?.mode === 'own') addTickButtons(t, kb, s.studentId, o.lessons, o.ticks.done);
  addChildSwitch(t, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'homework', a: dayState(o.date) } };
}

/** Nothing within two weeks (holidays): say so, keep the navigation. */
export function renderHomeworkNone(t: Texts, p: AccessProfile, s: DiaryStudent, today: string): Rendered {
  const kb = dayNav(t, new InlineKeyboard(), 'homework', addDays(today, 1), today, false);
  addChildSwitch(t, kb, p, s);
  return {
    text: `${childLine(t, s)}\n\n${t.t('diary-homework-no-lessons-soon')}`,
    keyboard: kb,
    state: { v: 'homework', a: dayState(addDays(today, 1)) },
  };
}

export function renderHomeworkWeek(
  t: Texts,
  p: AccessProfile,
  s: DiaryStudent,
  o: { monday: string; today: string; lessons: DiaryLesson[]; timezone: string },
): Rendered {
  const blocks = [
    `${childLine(t, s)}\n${t.t('diary-homework-week-title', { from: formatDay(o.monday), to: formatDay(addDays(o.monday, 6)) })}`,
  ];
  const days = byDate(o.lessons);
  if (!days.size) blocks.push(t.t('diary-homework-no-lessons'));
  for (const [date, lessons] of days) {
    const set = lessons.filter((l) => l.homework);
    const entries = set.length ? set.map((l) => homeworkEntry(t, l, o.timezone)) : [t.t('diary-homework-day-none')];
    blocks.push([t.t('diary-homework-day', { date: formatDay(date) }), ...entries].join('\n'));
  }
  const kb = dayNav(t, new InlineKeyboard(), 'homework', o.monday, o.today, true);
  fileButtons(t, kb, o.lessons);
  addChildSwitch(t, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'homeworkWeek', a: dayState(o.monday) } };
}

const roomOf = (t: Texts, l: DiaryLesson) => (l.room ? t.tHtml('diary-schedule-room', { room: l.room }) : '');

function lessonLines(t: Texts, l: DiaryLesson): string {
  const room = roomOf(t, l);
  const subject = subjectOf(t, l);
  if (l.cancelled) return t.t('diary-schedule-cancelled', { slot: l.slot, from: l.startsAt, to: l.endsAt, subject });
  const lines = [t.t('diary-schedule-lesson', { slot: l.slot, from: l.startsAt, to: l.endsAt, subject, room })];
  if (l.substitute)
    lines.push(
      t.t('diary-schedule-substitution', {
        substitute: shortName(l.substitute),
        teacher: shortName(l.teacher),
      }),
    );
  else lines.push(t.t('diary-schedule-teacher', { teacher: shortName(l.teacher) }));
  if (l.topic) lines.push(t.t('diary-schedule-topic', { topic: l.topic }));
  if (l.attendance?.status === 'absent')
    lines.push(
      t.t('diary-schedule-absent', { reason: t.tHtml('diary-absence-reason', { reason: l.attendance.reason }) }),
    );
  if (l.attendance?.status === 'late') lines.push(t.t('diary-schedule-late'));
  return lines.join('\n');
}

/** The timetable of a day: time, subject, room, teacher, topic; substitutions and cancellations marked; now/next on top today. */
export function renderScheduleDay(
  t: Texts,
  p: AccessProfile,
  s: DiaryStudent,
  o: { date: string; today: string; time: string; lessons: DiaryLesson[] },
): Rendered {
  const head = [childLine(t, s), t.t('diary-schedule-title', { date: formatDay(o.date) })];
  if (o.date === o.today) {
    const cur = currentOrNext(o.lessons, o.time);
    if (cur) {
      const l = cur.lesson;
      const room = roomOf(t, l);
      head.push(
        cur.now
          ? t.t('diary-schedule-now', { slot: l.slot, subject: subjectOf(t, l), until: l.endsAt, room })
          : t.t('diary-schedule-next', { slot: l.slot, subject: subjectOf(t, l), at: l.startsAt, room }),
      );
    }
  }
  const blocks = [head.join('\n')];
  if (!o.lessons.length) blocks.push(t.t('diary-schedule-no-lessons'));
  for (const l of o.lessons) blocks.push(lessonLines(t, l));
  const kb = dayNav(t, new InlineKeyboard(), 'schedule', o.date, o.today, false);
  addChildSwitch(t, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'schedule', a: dayState(o.date) } };
}

export function renderScheduleWeek(
  t: Texts,
  p: AccessProfile,
  s: DiaryStudent,
  o: { monday: string; today: string; lessons: DiaryLesson[] },
): Rendered {
  const blocks = [
    `${childLine(t, s)}\n${t.t('diary-schedule-week-title', { from: formatDay(o.monday), to: formatDay(addDays(o.monday, 6)) })}`,
  ];
  const days = byDate(o.lessons);
  if (!days.size) blocks.push(t.t('diary-schedule-no-lessons'));
  for (const [date, lessons] of days)
    blocks.push(
      [t.t('diary-schedule-day', { date: formatDay(date) }), ...lessons.map((l) => lessonLines(t, l))].join('\n'),
    );
  const kb = dayNav(t, new InlineKeyboard(), 'schedule', o.monday, o.today, true);
  addChildSwitch(t, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'scheduleWeek', a: dayState(o.monday) } };
}

/** The caption of a homework's first file (HTML). */
export const homeworkFilesCaption = (t: Texts, s: DiaryStudent, hw: { subject: string; date: string }) =>
  t.t('diary-homework-files-caption', {
    student: `${s.firstName} ${s.lastName}`,
    subject: hw.subject,
    date: formatDay(hw.date),
  });
