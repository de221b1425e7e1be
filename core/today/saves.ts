import type { MarkValue } from '../../db/entities/index.js';
import { AttendanceEntity } from '../../db/entities/index.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { upstreamFor } from '../feed/entries/mode.js';
import { recordAttendance, setHomework, setLessonTopic } from '../journal/index.js';
import { audit, inTransaction, joinWithoutSavepoints, type Db } from '../unit-of-work.js';
import { lessonMarks, lessonRoster, type RosterRow, type TodayLesson } from './index.js';
import { writeLessonMark } from './mark-write.js';
import { queueAttendance, queueLessonText } from './upstream.js';

/**
 * The teacher's writes from /today (and the Mini App's grid), each through
 * the core journal services with the teacher as the actor. For a school whose
 * journal of record is its e-journal, each write also queues the entry for it
 * in the same transaction, with the families' notifications held until the
 * e-journal accepts it (core/feed/entries); a read-only e-journal (protocol v1)
 * refuses the write with JournalReadOnlyError.
 */

const staffActor = (p: AccessProfile): Actor => ({ kind: 'staff', staffId: p.staff!.staffId });

/** Saves the attendance grid: only the students whose status changed are written (each with its event). */
export async function saveAttendance(
  db: Db,
  p: AccessProfile,
  l: TodayLesson,
  grid: Map<number, RosterRow['status']>,
  now: Date,
): Promise<{ changed: number; absent: number; late: number }> {
  const before = new Map((await lessonRoster(db, l)).map((r) => [r.studentId, r.status]));
  let changed = 0;
  for (const [studentId, status] of grid) {
    if (!before.has(studentId) || before.get(studentId) === status) continue;
    await inTransaction(db, async (em) => {
      const up = await upstreamFor(em, l.schoolId);
      const previous = up ? await em.findOneBy(AttendanceEntity, { studentId, lessonId: l.lessonId }) : null;
      await recordAttendance(
        em,
        { schoolId: l.schoolId, lessonId: l.lessonId, studentId, status, reason: 'unknown' },
        staffActor(p),
        up?.opts ?? {},
      );
      await audit(em, staffActor(p), 'today.attendance', { type: 'lesson', id: l.lessonId }, { studentId, status });
      if (up) await queueAttendance(em, up, { staffId: p.staff!.staffId, l, now, studentId, before: previous, status });
    });
    changed++;
  }
  const values = [...grid.values()];
  return {
    changed,
    absent: values.filter((s) => s === 'absent').length,
    late: values.filter((s) => s === 'late').length,
  };
}

export function saveTopic(db: Db, p: AccessProfile, l: TodayLesson, topic: string, now: Date): Promise<void> {
  return inTransaction(db, async (em) => {
    const up = await upstreamFor(em, l.schoolId);
    await setLessonTopic(em, { schoolId: l.schoolId, lessonId: l.lessonId, topic }, staffActor(p));
    await audit(em, staffActor(p), 'today.topic', { type: 'lesson', id: l.lessonId });
    const text = topic.trim() || null;
    if (up && text !== l.topic)
      await queueLessonText(em, up, { staffId: p.staff!.staffId, l, now, what: 'topic', before: l.topic, text });
  });
}

export function saveHomework(db: Db, p: AccessProfile, l: TodayLesson, text: string, now: Date): Promise<void> {
  return inTransaction(db, async (em) => {
    const up = await upstreamFor(em, l.schoolId);
    const lesson = await setHomework(
      em,
      { schoolId: l.schoolId, lessonId: l.lessonId, homework: text, setAt: now },
      staffActor(p),
      up?.opts ?? {},
    );
    await audit(em, staffActor(p), 'today.homework', { type: 'lesson', id: l.lessonId });
    if (up && lesson.homework !== l.homework)
      await queueLessonText(em, up, {
        staffId: p.staff!.staffId,
        l,
        now,
        what: 'homework',
        before: l.homework,
        text: lesson.homework,
      });
  });
}

/** Sets (or changes in place) a student's mark of one work kind in the lesson; `null` removes it. */
export async function saveMark(
  db: Db,
  p: AccessProfile,
  l: TodayLesson,
  i: { studentId: number; workKindId: number; value: MarkValue | null; comment?: string | null },
  now: Date,
): Promise<void> {
  const existing = (await lessonMarks(db, l.lessonId, i.workKindId)).get(i.studentId);
  if (i.value === null && !existing) return;
  const current = existing ? { id: existing.markId, comment: existing.comment } : null;
  await inTransaction(db, async (em) => {
    // Any error rolls the whole save back (nothing here catches one): the use cases need no savepoints of their own.
    if (em !== db) joinWithoutSavepoints(em);
    return writeLessonMark(
      em,
      p,
      l,
      { ...i, current },
      { now, source: 'today', up: await upstreamFor(em, l.schoolId) },
    );
  });
}
