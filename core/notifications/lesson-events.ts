import type { DataSource } from 'typeorm';
import { familiesOfClass } from './audience.js';
import { num, plan, type Handler } from './event-plan.js';
import { childName, dayText, str, t } from './texts.js';
import { addDays, wallClock } from '../calendar.js';

/**
 * Homework set and lessons changed (today's or tomorrow's), told to the
 * class's families.
 */

/** A lesson with its subject's name (undefined: no such lesson). */
export async function lessonInfo(ds: DataSource, lessonId: number) {
  const [row] = await ds.query(
    `SELECT l.id, l.date, l.slot, l."startsAt", l.room, l.homework, l.cancelled, l."classId", s.name AS subject
       FROM lesson l JOIN subject s ON s.id = l."subjectId" WHERE l.id = $1`,
    [lessonId],
  );
  return row as
    | {
        id: number;
        date: string;
        slot: number;
        startsAt: string;
        room: string | null;
        homework: string | null;
        cancelled: boolean;
        classId: number;
        subject: string;
      }
    | undefined;
}

export const homework: Handler = async (e, ctx) => {
  const p = e.payload;
  const lesson = await lessonInfo(ctx.ds, num(p.lessonId));
  if (!lesson?.homework) return [];
  const recipients = await familiesOfClass(
    ctx.ds,
    lesson.classId,
    p.subgroupId === null || p.subgroupId === undefined ? null : num(p.subgroupId),
    ctx.cache,
  );
  return plan(
    e,
    'homework',
    'homework',
    recipients,
    (r) =>
      t('notifications-homework', {
        changed: p.changed ? 'yes' : 'no',
        child: childName(r.student!),
        subject: lesson.subject,
        date: dayText(lesson.date),
        text: lesson.homework!,
      }),
    () => t('notifications-homework-line', { subject: lesson.subject, date: dayText(lesson.date) }),
  );
};

type Change = { from: unknown; to: unknown };

/** What changed in a lesson, as lines families read (cancelled, restored, substitute, moved, room). */
export async function lessonChangeLines(
  ds: DataSource,
  lesson: NonNullable<Awaited<ReturnType<typeof lessonInfo>>>,
  changes: Record<string, Change>,
): Promise<string[]> {
  const lines: string[] = [];
  const base = { slot: lesson.slot, subject: lesson.subject };
  if (changes.cancelled)
    lines.push(t(changes.cancelled.to ? 'notifications-lesson-cancelled' : 'notifications-lesson-restored', base));
  if (changes.substituteTeacherId && !lesson.cancelled) {
    const id = changes.substituteTeacherId.to;
    if (id === null || id === undefined) lines.push(t('notifications-lesson-substitute-ended', base));
    else {
      const [s] = await ds.query(`SELECT "lastName", "firstName", "middleName" FROM staff WHERE id = $1`, [num(id)]);
      const teacher = s ? [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ') : '';
      lines.push(t('notifications-lesson-substitute', { ...base, teacher }));
    }
  }
  if ((changes.date || changes.slot || changes.startsAt) && !lesson.cancelled)
    lines.push(
      t('notifications-lesson-moved', {
        subject: lesson.subject,
        date: dayText(lesson.date),
        slot: lesson.slot,
        time: lesson.startsAt.slice(0, 5),
      }),
    );
  if (changes.room && lesson.room && !lesson.cancelled)
    lines.push(t('notifications-lesson-room', { ...base, room: lesson.room }));
  return lines;
}

export const lessonChanged: Handler = async (e, ctx) => {
  const p = e.payload;
  const lesson = await lessonInfo(ctx.ds, num(p.lessonId));
  if (!lesson) return [];
  const changes = (p.changes ?? {}) as Record<string, Change>;
  const today = wallClock(ctx.timezone, ctx.now).date;
  const tomorrow = addDays(today, 1);
  const dates = [lesson.date, changes.date ? str(changes.date.from) : null].filter((d): d is string => !!d);
  const day = dates.find((d) => d === today) ?? dates.find((d) => d === tomorrow);
  if (!day) return [];
  const lines = await lessonChangeLines(ctx.ds, lesson, changes);
  if (!lines.length) return [];
  const recipients = await familiesOfClass(
    ctx.ds,
    lesson.classId,
    p.subgroupId === null || p.subgroupId === undefined ? null : num(p.subgroupId),
    ctx.cache,
  );
  return plan(e, 'lessons', 'lessons', recipients, (r) =>
    [
      t('notifications-lesson-title', {
        when: day === today ? 'today' : 'tomorrow',
        date: dayText(day),
        child: childName(r.student!),
        class: r.student!.className,
      }),
      ...lines,
    ].join('\n'),
  );
};
