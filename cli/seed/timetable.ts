import { addMinutes, eachDate, weekday } from '../calendar.js';
import { className, demo, topicsFor } from './data.js';

/** One lesson of the demo timetable before it is written; `key` becomes its external id. */
export interface PlannedLesson {
  key: string;
  className: string;
  grade: number;
  subject: string;
  teacher: string;
  /** Index into demo.subgroupNames when the class is split for the subject. */
  subgroup: number | null;
  date: string;
  slot: number;
  startsAt: string;
  endsAt: string;
  room: string | null;
  topic: string | null;
  /** The lesson's number in its class's (and subgroup's) course of the subject, from 0. */
  seq: number;
}

/** School days of the demo term: weekdays outside holidays and days off. */
export function schoolDays(): string[] {
  const off = new Set(demo.daysOff);
  for (const h of demo.holidays) for (const d of eachDate(h.startsOn, h.endsOn)) off.add(d);
  return eachDate(demo.lessonsFrom, demo.lessonsUntil).filter((d) => weekday(d) <= 5 && !off.has(d));
}

/** Slot n (from 1): 45-minute lessons from 08:30 with the breaks in between. */
export function bellTimes(slot: number): { startsAt: string; endsAt: string } {
  let startsAt = demo.bells.firstStartsAt;
  for (let i = 1; i < slot; i++)
    startsAt = addMinutes(startsAt, demo.bells.lessonMinutes + demo.bells.breaksAfter[i - 1]);
  return { startsAt, endsAt: addMinutes(startsAt, demo.bells.lessonMinutes) };
}

const roomOf = (teacher: string) => demo.staff.find((s) => s.key === teacher)?.room ?? null;

/**
 * The weekly grid of each class materialized for every school day; topics
 * follow each course through the term, a topic spanning several lessons.
 */
export function planLessons(days: string[] = schoolDays()): PlannedLesson[] {
  const lessons: PlannedLesson[] = [];
  for (const c of demo.classes) {
    const cls = className(c);
    const seq = new Map<string, number>();
    for (const date of days) {
      const grid = c.grid[weekday(date) - 1] ?? [];
      grid.forEach((subject, i) => {
        const slot = i + 1;
        const assigned = c.teachers[subject];
        const teachers = Array.isArray(assigned) ? assigned : [assigned];
        teachers.forEach((teacher, g) => {
          const subgroup = Array.isArray(assigned) ? g : null;
          const course = `${subject}|${subgroup}`;
          const n = seq.get(course) ?? 0;
          seq.set(course, n + 1);
          lessons.push({
            key: `demo-lesson:${cls}:${date}:${slot}${subgroup === null ? '' : `:${subgroup + 1}`}`,
            className: cls,
            grade: c.grade,
            subject,
            teacher,
            subgroup,
            date,
            slot,
            ...bellTimes(slot),
            room: roomOf(teacher),
            topic: null,
            seq: n,
          });
        });
      });
    }
    // Topics: course lesson n of N takes topic floor(n · T / N).
    for (const l of lessons.filter((x) => x.className === cls)) {
      const topics = topicsFor(l.subject, l.grade);
      const total = seq.get(`${l.subject}|${l.subgroup}`)!;
      l.topic = topics.length ? topics[Math.floor((l.seq * topics.length) / total)] : null;
    }
  }
  return lessons;
}
