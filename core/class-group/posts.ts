import { Html, joinHtml } from '../html.js';
import { weekdayText } from '../notifications/texts.js';
import { textsOf } from '../texts.js';
import type { ClassLesson } from './content.js';

/**
 * The texts the group reads (Telegram HTML), shared by the bot's answers and
 * the evening post: the class's homework, its timetable, its changes. Built
 * from ClassLesson only, so they cannot carry anything about one student.
 */
const cg = textsOf('class-group');
const h = (key: string, args: Parameters<typeof cg.html>[1] = {}) => new Html(cg.html(key, args));

const subjectOf = (l: ClassLesson) =>
  l.subgroup ? cg.plain('class-group-subgroup', { subject: l.subject, subgroup: l.subgroup }) : l.subject;

function homeworkLines(lessons: ClassLesson[]): Html {
  const set = lessons.filter((l) => l.homework && !l.cancelled);
  if (!set.length) return h('class-group-homework-none');
  return joinHtml(
    set.map((l) => h('class-group-homework-line', { subject: subjectOf(l), text: l.homework!, files: l.files })),
  );
}

function lessonLine(l: ClassLesson): Html {
  return h('class-group-lesson-line', {
    slot: l.slot,
    time: l.startsAt,
    subject: subjectOf(l),
    room: l.room,
    state: l.cancelled ? 'cancelled' : l.substituted ? 'substituted' : 'held',
  });
}

export function homeworkPost(className: string, day: { date: string; lessons: ClassLesson[] } | null): string {
  if (!day) return cg.html('class-group-homework-no-lessons', { class: className });
  return joinHtml([
    h('class-group-homework-title', { class: className, date: weekdayText(day.date) }),
    homeworkLines(day.lessons),
  ]).markup;
}

export function schedulePost(className: string, day: { date: string; lessons: ClassLesson[] } | null): string {
  if (!day) return cg.html('class-group-schedule-no-lessons', { class: className });
  return joinHtml([
    h('class-group-schedule-title', { class: className, date: weekdayText(day.date) }),
    joinHtml(day.lessons.map(lessonLine)),
  ]).markup;
}

/** The evening post: tomorrow's homework and what changed in tomorrow's timetable. */
export function eveningPost(className: string, day: { date: string; lessons: ClassLesson[] }): string {
  const changed = day.lessons.filter((l) => l.cancelled || l.substituted);
  return joinHtml([
    h('class-group-evening-title', { class: className, date: weekdayText(day.date) }),
    '',
    h('class-group-evening-homework'),
    homeworkLines(day.lessons),
    '',
    h('class-group-evening-changes'),
    changed.length ? joinHtml(changed.map(lessonLine)) : h('class-group-evening-no-changes'),
  ]).markup;
}
