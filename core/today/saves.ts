import type { MarkValue } from '../../db/entities/index.js';
import { AttendanceEntity, MarkEntity } from '../../db/entities/index.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { upstreamFor } from '../feed/entries/mode.js';
import { deleteMark, recordAttendance, setHomework, setLessonTopic, setMark } from '../journal/index.js';
import { audit, inTransaction, type Db } from '../unit-of-work.js';
import { lessonMarks, lessonRoster, type RosterRow, type TodayLesson } from './index.js';
import { queueAttendance, queueLessonText, queueMark } from './upstream.js';

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
  const actor = staffActor(p);
  const staffId = p.staff!.staffId;
  if (i.value === null) {
    if (existing)
      await inTransaction(db, async (em) => {
        const up = await upstreamFor(em, l.schoolId);
        const before = await em.findOneByOrFail(MarkEntity, { id: existing.markId });
        await deleteMark(em, { schoolId: l.schoolId, markId: existing.markId }, actor, up?.opts ?? {});
        await audit(em, actor, 'today.markDeleted', { type: 'mark', id: existing.markId });
        if (up) await queueMark(em, up, { staffId, l, now, before, mark: before, deleted: true });
      });
    return;
  }
  const value = i.value;
  await inTransaction(db, async (em) => {
    const up = await upstreamFor(em, l.schoolId);
    const before = existing ? await em.findOneByOrFail(MarkEntity, { id: existing.markId }) : null;
    const r = await setMark(
      em,
      {
        schoolId: l.schoolId,
        studentId: i.studentId,
        subjectId: l.subjectId,
        workKindId: i.workKindId,
        lessonId: l.lessonId,
        teacherId: staffId,
        date: l.date,
        value,
        comment: i.comment !== undefined ? i.comment : (existing?.comment ?? null),
        ...(existing ? { markId: existing.markId } : {}),
      },
      actor,
      up?.opts ?? {},
    );
    if (r.outcome !== 'unchanged') {
      await audit(em, actor, `today.mark.${r.outcome}`, { type: 'mark', id: r.mark.id }, { value: r.mark.value });
      if (up) await queueMark(em, up, { staffId, l, now, before, mark: r.mark, deleted: false });
    }
  });
}
