import type { EntityManager } from 'typeorm';
import { actorKey } from '../core/actor.js';
import {
  AttendanceEntity,
  HomeworkAttachmentEntity,
  LessonEntity,
  MarkEntity,
  MarkHistoryEntity,
  PeriodMarkEntity,
  type MarkValue,
} from '../db/entities/index.js';
import { addDays, zonedInstant } from '../cli/calendar.js';
import { demo } from '../cli/seed/data.js';
import {
  ACTOR,
  TODAY,
  dice,
  insertChunked,
  lessonRows,
  writeClass,
  writeSchool,
  type Dice,
  type Lesson,
  type Row,
  type Structure,
} from './diary-school.js';

/**
 * The school year bench/diary.ts measures, written in bulk inserts (like the
 * demo seed's history: rows carry `updatedBy` and mark_history; no outbox
 * events for history).
 */
export interface Year {
  studentId: number;
  guardianId: number;
  schoolId: number;
  periods: Map<string, number>;
  subjectIds: number[];
  counts: Record<string, number>;
}

const by = actorKey(ACTOR);

function markValue(random: () => number): MarkValue {
  const r = random();
  return r < 0.4 ? '5' : r < 0.75 ? '4' : r < 0.95 ? '3' : '2';
}

/** Marks: the student ≈1.5 per own lesson; each classmate in turn one a lesson. */
function markRows(st: Structure, lessons: Lesson[], lessonIds: number[], { random, pick }: Dice): Row[] {
  const target = st.students[0];
  const marks: Row[] = [];
  const valueOf = () => markValue(random);
  lessons.forEach((l, i) => {
    const row = l.row as { date: string; subjectId: number; teacherId: number; endsAt: string; cancelled: boolean };
    if (row.date >= TODAY || row.cancelled) return;
    const subj = demo.subjects.find((x) => x.name === l.subject)!;
    const own = l.group === null || l.group === 0;
    const at = zonedInstant(row.date, row.endsAt.slice(0, 5), demo.school.timezone);
    const mark = (studentId: number, kind: string, value: MarkValue) =>
      marks.push({
        schoolId: st.schoolId,
        studentId,
        subjectId: row.subjectId,
        lessonId: lessonIds[i],
        workKindId: st.workKinds.get(kind)!,
        date: row.date,
        value,
        comment:
          random() < 0.1 ? pick([...demo.markComments.low, ...demo.markComments.mid, ...demo.markComments.high]) : null,
        teacherId: row.teacherId,
        updatedBy: by,
        createdAt: at,
        updatedAt: at,
      });
    if (own)
      for (let k = 0; k < (i % 5 < 3 ? 2 : 1); k++)
        mark(
          target,
          pick(subj.regular.length ? [...subj.regular, ...subj.control.map((c) => c.kind)] : ['oral']),
          valueOf(),
        );
    mark(
      st.students[1 + (i % (st.students.length - 1))],
      pick(subj.regular.length ? subj.regular : ['oral']),
      valueOf(),
    );
  });
  return marks;
}

async function writeMarks(em: EntityManager, marks: Row[]): Promise<void> {
  const markIds = await insertChunked(em, MarkEntity, marks);
  await insertChunked(
    em,
    MarkHistoryEntity,
    markIds.map((r, i) => ({
      markId: r.id as number,
      action: 'created' as const,
      oldValue: null,
      newValue: marks[i].value as MarkValue,
      oldComment: null,
      newComment: marks[i].comment as string | null,
      actor: by,
      at: marks[i].createdAt as Date,
    })),
  );
}

/** Absences: two weeks ill in winter, and now and then a lesson (reasons of all kinds), latenesses. */
function attendanceRows(st: Structure, lessons: Lesson[], lessonIds: number[], { random, pick }: Dice): Row[] {
  const attendance: Row[] = [];
  lessons.forEach((l, i) => {
    const row = l.row as { date: string };
    const own = l.group === null || l.group === 0;
    if (!own || row.date >= TODAY) return;
    const ill = row.date >= '2027-02-01' && row.date <= '2027-02-12';
    const r = random();
    if (ill || r < 0.03)
      attendance.push({
        schoolId: st.schoolId,
        studentId: st.students[0],
        lessonId: lessonIds[i],
        status: !ill && r < 0.008 ? 'late' : 'absent',
        reason: ill ? 'illness' : pick(['excused', 'unexcused', 'unknown']),
        updatedBy: by,
      });
  });
  return attendance;
}

/** Period marks of the ended periods, a file or two on recent homework. */
async function writePeriodMarksAndFiles(
  em: EntityManager,
  st: Structure,
  lessons: Lesson[],
  lessonIds: number[],
  { random }: Dice,
): Promise<void> {
  const pm: Row[] = [];
  for (const key of ['quarter:1', 'quarter:2', 'quarter:3', 'halfYear:1'])
    for (const subjectId of new Set(lessons.map((l) => l.row.subjectId as number)))
      pm.push({
        schoolId: st.schoolId,
        studentId: st.students[0],
        subjectId,
        periodId: st.periods.get(key)!,
        value: markValue(random),
        updatedBy: by,
      });
  await insertChunked(em, PeriodMarkEntity, pm);
  const files = lessons
    .map((l, i) => ({ l, id: lessonIds[i] }))
    .filter((x) => x.l.row.homework && (x.l.row.date as string) >= addDays(TODAY, -10))
    .slice(0, 6);
  await insertChunked(
    em,
    HomeworkAttachmentEntity,
    files.map((x) => ({
      schoolId: st.schoolId,
      lessonId: x.id,
      fileName: 'worksheet.pdf',
      mimeType: 'application/pdf',
      size: 2048,
      content: Buffer.alloc(2048, 1),
      createdBy: by,
    })),
  );
}

export async function writeYear(em: EntityManager): Promise<Year> {
  const random = dice(17);
  const school = await writeSchool(em);
  const cls = await writeClass(em, school.schoolId, school.academicYearId);
  const st: Structure = { ...school, ...cls };
  const lessons = lessonRows(st, random);
  const lessonIds = (
    await insertChunked(
      em,
      LessonEntity,
      lessons.map((l) => l.row),
    )
  ).map((r) => r.id as number);
  const marks = markRows(st, lessons, lessonIds, random);
  await writeMarks(em, marks);
  const attendance = attendanceRows(st, lessons, lessonIds, random);
  await insertChunked(em, AttendanceEntity, attendance);
  await writePeriodMarksAndFiles(em, st, lessons, lessonIds, random);
  const target = st.students[0];
  const [own] = await em.query(`SELECT count(*)::int AS n FROM mark WHERE "studentId" = $1`, [target]);
  return {
    studentId: target,
    guardianId: cls.guardianId,
    schoolId: st.schoolId,
    periods: st.periods,
    subjectIds: [...st.subjects.values()],
    counts: {
      lessons: lessons.length,
      marks: marks.length,
      studentMarks: own.n,
      absences: attendance.length,
      students: st.students.length,
    },
  };
}
