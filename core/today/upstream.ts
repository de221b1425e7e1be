import type { EntityManager } from 'typeorm';
import type { Attendance, Mark } from '../../db/entities/index.js';
import { queueEntry, extIdOf, extIdsOf } from '../feed/entries/queue.js';
import type { Upstream } from '../feed/entries/mode.js';
import type { TodayLesson } from './index.js';

/**
 * A teacher's /today entry for a school whose journal of record is its
 * e-journal: the entry queued for it (core/feed/entries) in the transaction of
 * the local change, with what the teacher set and what it replaced.
 */

const laneOf = (l: TodayLesson) => `lesson:${l.lessonId}`;

async function studentLabel(em: EntityManager, studentId: number) {
  const [s] = await em.query(`SELECT "lastName", "firstName", "externalId" FROM student WHERE id = $1`, [studentId]);
  return { name: `${s.lastName} ${s.firstName}`, externalId: s.externalId as string | null };
}

/** A mark set, changed or deleted (`after.value` null) in the lesson. */
export async function queueMark(
  em: EntityManager,
  up: Upstream,
  i: { staffId: number; l: TodayLesson; now: Date; before: Mark | null; mark: Mark; deleted: boolean },
): Promise<void> {
  const { l, mark } = i;
  const student = await studentLabel(em, mark.studentId);
  const live = i.before && !i.before.deleted ? i.before : null;
  const common = {
    schoolId: l.schoolId,
    staffId: i.staffId,
    lessonId: l.lessonId,
    lane: laneOf(l),
    targetType: 'mark' as const,
    targetId: mark.id,
    externalId: mark.externalId,
    versionKind: 'mark',
    before: live ? { value: live.value, comment: live.comment, deleted: false } : { deleted: true },
    enteredAt: i.now,
  };
  if (i.deleted) {
    await queueEntry(em, up, {
      ...common,
      kind: 'mark.deleted',
      data: {},
      after: { student: student.name, value: null, deleted: true },
    });
    return;
  }
  const data = {
    student: student.externalId ?? (await extIdOf(em, 'student', mark.studentId, 'the student')),
    ...(await extIdsOf(em, {
      subject: { table: 'subject', id: mark.subjectId, what: 'the subject' },
      workKind: { table: 'work_kind', id: mark.workKindId, what: 'the work kind' },
      lesson: { table: 'lesson', id: l.lessonId, what: 'the lesson' },
      teacher: { table: 'staff', id: i.staffId, what: 'the teacher' },
    })),
    date: mark.date,
    value: mark.value,
    comment: mark.comment,
  };
  await queueEntry(em, up, {
    ...common,
    kind: 'mark.set',
    data,
    after: { student: student.name, value: mark.value, comment: mark.comment, deleted: false },
  });
}

/** A student's attendance at the lesson («present» clears an absence). */
export async function queueAttendance(
  em: EntityManager,
  up: Upstream,
  i: { staffId: number; l: TodayLesson; now: Date; studentId: number; before: Attendance | null; status: string },
): Promise<void> {
  const { l } = i;
  const student = await studentLabel(em, i.studentId);
  await queueEntry(em, up, {
    schoolId: l.schoolId,
    staffId: i.staffId,
    lessonId: l.lessonId,
    lane: laneOf(l),
    kind: 'attendance.set',
    targetType: 'attendance',
    targetId: i.studentId,
    externalId: i.before?.externalId ?? null,
    versionKind: 'attendance',
    data: {
      lesson: await extIdOf(em, 'lesson', l.lessonId, 'the lesson'),
      student: student.externalId ?? (await extIdOf(em, 'student', i.studentId, 'the student')),
      status: i.status,
      reason: 'unknown',
    },
    before: i.before
      ? { status: i.before.status, reason: i.before.reason, comment: i.before.comment }
      : { status: 'present' },
    after: { student: student.name, status: i.status },
    enteredAt: i.now,
  });
}

/** The lesson's topic or homework. */
export async function queueLessonText(
  em: EntityManager,
  up: Upstream,
  i: {
    staffId: number;
    l: TodayLesson;
    now: Date;
    what: 'topic' | 'homework';
    before: string | null;
    text: string | null;
  },
): Promise<void> {
  const { l } = i;
  const lesson = await extIdOf(em, 'lesson', l.lessonId, 'the lesson');
  await queueEntry(em, up, {
    schoolId: l.schoolId,
    staffId: i.staffId,
    lessonId: l.lessonId,
    lane: laneOf(l),
    kind: i.what === 'topic' ? 'lesson.topic' : 'homework.set',
    targetType: 'lesson',
    targetId: l.lessonId,
    externalId: i.what === 'topic' ? lesson : null,
    versionKind: 'lesson',
    data: i.what === 'topic' ? { lesson, topic: i.text } : { lesson, text: i.text },
    before: { text: i.before },
    after: { what: i.what, text: i.text },
    enteredAt: i.now,
  });
}

/** A student's period mark for a subject (the grid's last column); its lane is the student's period marks. */
export async function queuePeriodMark(
  em: EntityManager,
  up: Upstream,
  i: {
    schoolId: number;
    staffId: number;
    now: Date;
    periodMark: { id: number; studentId: number; subjectId: number; periodId: number; externalId: string | null };
    value: string;
    before: string | null;
  },
): Promise<void> {
  const pm = i.periodMark;
  const student = await studentLabel(em, pm.studentId);
  const [labels] = await em.query(
    `SELECT p.name AS period, s.name AS subject, c.name AS class FROM period p, subject s, student st
       JOIN school_class c ON c.id = st."classId" WHERE p.id = $1 AND s.id = $2 AND st.id = $3`,
    [pm.periodId, pm.subjectId, pm.studentId],
  );
  await queueEntry(em, up, {
    schoolId: i.schoolId,
    staffId: i.staffId,
    lessonId: null,
    lane: `periodMarks:${pm.studentId}`,
    kind: 'periodMark.set',
    targetType: 'periodMark',
    targetId: pm.id,
    externalId: pm.externalId,
    versionKind: 'periodMark',
    data: {
      student: student.externalId ?? (await extIdOf(em, 'student', pm.studentId, 'the student')),
      subject: await extIdOf(em, 'subject', pm.subjectId, 'the subject'),
      period: await extIdOf(em, 'period', pm.periodId, 'the period'),
      value: i.value,
    },
    before: { value: i.before },
    after: { student: student.name, value: i.value, ...labels, studentId: pm.studentId, subjectId: pm.subjectId },
    enteredAt: i.now,
  });
}
