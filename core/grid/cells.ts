import type { EntityManager } from 'typeorm';
import type { AbsenceReason, MarkValue } from '../../db/entities/index.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { AttendanceEntity } from '../../db/entities/index.js';
import { upstreamFor } from '../feed/entries/mode.js';
import { recordAttendance } from '../journal/index.js';
import { writeLessonMark } from '../today/mark-write.js';
import { queueAttendance } from '../today/upstream.js';
import { journalRefused } from './journal-refusal.js';
import { keepsMarks, lessonForEntry, type TodayLesson } from '../today/index.js';
import { audit, inTransaction, type Db } from '../unit-of-work.js';
import type { CellState, WriteRefusal, WriteResult } from './types.js';

/**
 * The grid's cell writes: each through the journal's own use cases (history,
 * audit, outbox events — so the correction window and the families'
 * notifications apply as for /today), for a lesson lessonForEntry opens to
 * this teacher, and only if the cell is still what the page saw: a mark by
 * its id and version, attendance (which has no version) by its status and
 * reason. Otherwise nothing is written and the current state is returned.
 */

export const staffActor = (p: AccessProfile): Actor => ({ kind: 'staff', staffId: p.staff!.staffId });

/** The lesson if this teacher may enter for it today; the refusal as the grid answers it. */
export async function openLesson(
  db: Db,
  p: AccessProfile,
  lessonId: number,
  today: string,
  windowDays: number,
): Promise<{ lesson: TodayLesson } | WriteRefusal> {
  const r = await lessonForEntry(db, p, lessonId, today, windowDays);
  if ('lesson' in r) return r;
  return r.refused === 'notFound' || r.refused === 'notYours'
    ? { refused: 'forbidden' }
    : { refused: 'closed', reason: r.refused };
}

/** The student is in the lesson's class (and its subgroup, if any), still studying. */
export async function inLesson(db: Db, l: TodayLesson, studentId: number): Promise<boolean> {
  const [row] = await db.query(
    `SELECT 1 FROM student st WHERE st.id = $1 AND st."classId" = $2 AND st.active
        AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m WHERE m."subgroupId" = $3 AND m."studentId" = st.id))`,
    [studentId, l.classId, l.subgroupId],
  );
  return !!row;
}

/** One writer per cell at a time: the page's check and the write happen under the same lock. */
const lockCell = (em: EntityManager, lessonId: number, studentId: number) =>
  em.query(`SELECT pg_advisory_xact_lock($1::int, $2::int)`, [lessonId, studentId]);

export interface MarkCellInput {
  studentId: number;
  workKindId: number;
  /** null clears the cell. */
  value: MarkValue | null;
  /** Omitted: the mark's comment stays. */
  comment?: string | null;
  /** The mark the page saw in the cell (null: none) and its version. */
  seen: { id: number | null; version: number | null };
}

type MarkRow = { id: number; value: MarkValue; comment: string | null; version: number };
const markState = (m: MarkRow | undefined): CellState =>
  m ? { id: m.id, value: m.value, comment: m.comment, version: m.version } : { id: null, value: null, version: null };

/** Sets, changes or clears a student's mark of one work kind in the lesson, if it is as the page saw it. */
export async function saveMarkCell(
  db: Db,
  p: AccessProfile,
  l: TodayLesson,
  i: MarkCellInput,
  now: Date,
): Promise<WriteResult> {
  if (!keepsMarks(l.grade)) return { refused: 'closed', reason: 'noMarks' };
  const [student, [kind]] = await Promise.all([
    inLesson(db, l, i.studentId),
    db.query(`SELECT 1 FROM work_kind WHERE id = $1 AND "schoolId" = $2`, [i.workKindId, l.schoolId]),
  ]);
  if (!student) return { refused: 'forbidden' };
  if (!kind) return { refused: 'badInput', field: 'workKindId' };
  return journalRefused(() =>
    inTransaction(db, async (em) => {
      await lockCell(em, l.lessonId, i.studentId);
      // A read-only e-journal refuses the entry before any other check.
      const up = await upstreamFor(em, l.schoolId);
      const [current]: MarkRow[] = await em.query(
        `SELECT id, value, comment, version FROM mark WHERE "lessonId" = $1 AND "studentId" = $2 AND "workKindId" = $3 AND NOT deleted
        ORDER BY id DESC LIMIT 1 FOR UPDATE`,
        [l.lessonId, i.studentId, i.workKindId],
      );
      const same = current ? current.id === i.seen.id && current.version === i.seen.version : i.seen.id === null;
      if (!same) return { refused: 'conflict' as const, current: markState(current) };
      // The same write as /today's (history, audit, outbox, the e-journal's queue where it is the record).
      const saved = await writeLessonMark(em, p, l, { ...i, current: current ?? null }, { now, source: 'grid', up });
      return { saved: markState(saved ?? undefined) };
    }),
  );
}

export type AttendanceStatus = 'present' | 'absent' | 'late';

export interface AttendanceCellInput {
  studentId: number;
  status: AttendanceStatus;
  /** The absence's reason (absent or late); «unknown» when the teacher does not say. */
  reason?: AbsenceReason;
  /** What the page saw: the status and, unless present, its reason. */
  seen: { status: AttendanceStatus; reason: AbsenceReason | null };
}

/** Records a student present, absent or late in the lesson, if the cell is as the page saw it. */
export async function saveAttendanceCell(
  db: Db,
  p: AccessProfile,
  l: TodayLesson,
  i: AttendanceCellInput,
  now: Date,
): Promise<WriteResult> {
  if (!(await inLesson(db, l, i.studentId))) return { refused: 'forbidden' };
  const actor = staffActor(p);
  return journalRefused(() =>
    inTransaction(db, async (em) => {
      await lockCell(em, l.lessonId, i.studentId);
      const up = await upstreamFor(em, l.schoolId);
      const previous = up
        ? await em.findOneBy(AttendanceEntity, { studentId: i.studentId, lessonId: l.lessonId })
        : null;
      const [row]: { status: 'absent' | 'late'; reason: AbsenceReason }[] = await em.query(
        `SELECT status, reason FROM attendance WHERE "lessonId" = $1 AND "studentId" = $2 FOR UPDATE`,
        [l.lessonId, i.studentId],
      );
      const current: CellState = row ? { value: row.status, reason: row.reason } : { value: 'present', reason: null };
      const seenReason = i.seen.status === 'present' ? null : i.seen.reason;
      if (current.value !== i.seen.status || (current.reason ?? null) !== seenReason)
        return { refused: 'conflict' as const, current };
      const reason = i.status === 'present' ? 'unknown' : (i.reason ?? 'unknown');
      const r = await recordAttendance(
        em,
        { schoolId: l.schoolId, lessonId: l.lessonId, studentId: i.studentId, status: i.status, reason },
        actor,
        up?.opts ?? {},
      );
      if (r.outcome !== 'unchanged') {
        await audit(
          em,
          actor,
          'grid.attendance',
          { type: 'lesson', id: l.lessonId },
          { studentId: i.studentId, status: i.status },
        );
        if (up)
          await queueAttendance(em, up, {
            staffId: p.staff!.staffId,
            l,
            now,
            studentId: i.studentId,
            before: previous,
            status: i.status,
          });
      }
      return { saved: i.status === 'present' ? { value: 'present', reason: null } : { value: i.status, reason } };
    }),
  );
}
