import type { ChangeInput } from '../cli/feed/server.js';
import { Random } from '../cli/seed/random.js';

/** The recorded school days of the feed benchmark (bench/feed.ts): a 1,000-student school's structure and days. */

export const DATE = '2026-11-24';
/** The second day, when teachers' entries flow with the e-journal's events. */
export const DATE2 = '2026-11-25';
const YEAR = { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' };
/** Class letters А, Б, В, Г (as escapes: no Cyrillic literals in code). */
const LETTERS = ['\u0410', '\u0411', '\u0412', '\u0413'];
const SLOTS = 8;
/** The e-journal's work kinds; its own events use «classwork» and «oral», teachers' entries «test». */
export const KINDS = ['test', 'oral', 'classwork'];

/** The school's structure: 40 classes of 25 (grades 2–11), 10 subjects, 60 teachers, a guardian each. */
export function structure(): ChangeInput[] {
  const out: ChangeInput[] = [];
  const classes: string[] = [];
  for (let grade = 2; grade <= 11; grade++)
    for (const letter of LETTERS) {
      const id = `c-${grade}${letter}`;
      classes.push(id);
      out.push({ event: 'class.set', externalId: id, data: { grade, letter, year: YEAR } });
    }
  for (let s = 1; s <= 10; s++)
    out.push({ event: 'subject.set', externalId: `subj-${s}`, data: { name: `Subject ${s}` } });
  KINDS.forEach((code, i) =>
    out.push({
      event: 'workKind.set',
      externalId: `wk-${code}`,
      data: { code, name: `Kind ${code}`, weight: 1 + i / 2 },
    }),
  );
  for (let t = 1; t <= 60; t++)
    out.push({
      event: 'staff.set',
      externalId: `t-${t}`,
      data: { lastName: `Teacher${t}`, firstName: 'T', active: true, roles: [{ role: 'teacher' }] },
    });
  let n = 0;
  for (const c of classes)
    for (let i = 0; i < 25; i++) {
      n++;
      out.push({
        event: 'student.set',
        externalId: `s-${n}`,
        data: { class: c, lastName: `Student${n}`, firstName: 'S', active: true },
      });
      out.push({
        event: 'guardian.set',
        externalId: `g-${n}`,
        data: { lastName: `Parent${n}`, firstName: 'P', children: [{ student: `s-${n}`, relation: 'mother' }] },
      });
    }
  return out;
}

/** A lesson of the day: its id in the e-journal and the first of its class's students (s-<first + 1>…). */
export interface DayLesson {
  key: string;
  first: number;
}

/**
 * A day: the timetable in the morning, then slot by slot as it happens in a
 * school — every class's lesson starts (its topic), the roll calls, the marks,
 * a few corrections, the homework — the classes' events interleaved. `tag`
 * keeps the ids of a second day apart from the first's.
 */
export function schoolDay(
  date = DATE,
  tag = '',
): { timetable: ChangeInput[]; day: ChangeInput[]; lessons: DayLesson[] } {
  const rng = new Random(`bench-feed-day${tag}`);
  const lessons: DayLesson[] = [];
  const timetable: ChangeInput[] = [];
  const classes: { cls: string; c: number; first: number }[] = [];
  for (let grade = 2; grade <= 11; grade++)
    for (const letter of LETTERS)
      classes.push({ cls: `c-${grade}${letter}`, c: classes.length + 1, first: classes.length * 25 });
  const day: ChangeInput[] = [];
  for (let slot = 1; slot <= SLOTS; slot++) {
    const phases: ChangeInput[][] = [[], [], [], [], []];
    for (const { cls, c, first } of classes) {
      const key = `l-${tag}${cls}-${slot}`;
      lessons.push({ key, first });
      const subject = `subj-${1 + ((slot + c) % 10)}`;
      const lesson = (topic: string | null): ChangeInput => ({
        event: 'lesson.set',
        externalId: key,
        data: {
          class: cls,
          subject,
          teacher: `t-${1 + ((c + slot * 7) % 60)}`,
          date,
          slot,
          startsAt: `${String(7 + slot).padStart(2, '0')}:00`,
          endsAt: `${String(7 + slot).padStart(2, '0')}:45`,
          topic,
          cancelled: false,
        },
      });
      timetable.push(lesson(null));
      phases[0].push(lesson(`Topic ${slot}`));
      for (let i = 1; i <= 25; i++)
        phases[1].push({
          event: 'attendance.set',
          externalId: `a-${key}-${first + i}`,
          data: { lesson: key, student: `s-${first + i}`, status: rng.chance(0.08) ? 'absent' : 'present' },
        });
      const marks: ChangeInput[] = [];
      for (let i = 1; i <= 25; i++)
        for (const kind of rng.chance(0.3) ? ['classwork', 'oral'] : ['classwork'])
          marks.push({
            event: 'mark.set',
            externalId: `m-${key}-${first + i}-${kind}`,
            data: {
              student: `s-${first + i}`,
              subject,
              workKind: `wk-${kind}`,
              lesson: key,
              date,
              value: String(rng.int(2, 5)) as '2' | '3' | '4' | '5',
            },
          });
      phases[2].push(...marks);
      for (const m of rng.sample(marks, 3))
        phases[3].push({ ...m, data: { ...(m.data as object), value: '5' } } as ChangeInput);
      phases[4].push({
        event: 'homework.set',
        externalId: `hw-${key}`,
        data: { lesson: key, text: `Exercise ${slot * 3}` },
      });
    }
    for (const phase of phases) day.push(...phase);
  }
  return { timetable, day, lessons };
}
