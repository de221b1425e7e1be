import type { DataSource } from 'typeorm';
import type { MarkValue, SchoolSettings } from '../../db/entities/index.js';
import {
  choosePeriod,
  subjectMarks,
  type DiaryMark,
  type DiaryPeriod,
  type DiaryPeriodMark,
  type DiarySubject,
  type MarksYear,
} from '../diary/marks.js';

/**
 * The class at a glance (Mini App screen 2): every student × subject of a
 * period with the weighted average and the period mark. The numbers are the
 * diary's own (core/diary/marks.ts `subjectMarks`, fed each student's year
 * exactly as the diary reads it), so the class teacher and the family see the
 * same 4,67 and the same «5».
 */

export interface GlanceCell {
  subjectId: number;
  /** Weighted average in hundredths, as the diary shows it; null without numeric marks. */
  average: number | null;
  /** The mark the average rounds to with the school's thresholds. */
  rounded: 2 | 3 | 4 | 5 | null;
  /** Numeric and other marks of the period in the subject. */
  marks: number;
  periodMark: MarkValue | null;
}

export interface GlanceStudent {
  studentId: number;
  name: string;
  cells: GlanceCell[];
}

export interface GlanceMarks {
  periods: DiaryPeriod[];
  period: DiaryPeriod | null;
  subjects: DiarySubject[];
  students: GlanceStudent[];
}

interface ClassYearRow {
  settings: SchoolSettings;
  periods: DiaryPeriod[] | null;
  students: { studentId: number; name: string }[] | null;
  subjects: DiarySubject[] | null;
  marks: (DiaryMark & { studentId: number })[] | null;
  periodMarks: (DiaryPeriodMark & { studentId: number })[] | null;
}

const KIND_ORDER = { quarter: 0, trimester: 1, halfYear: 2, year: 3 } as const;

/**
 * One query for the whole class: the school's thresholds, the year's periods,
 * the active students, the subjects the class has (lessons, marks, period
 * marks of the year), every mark of the year with its weight, the period marks.
 */
async function loadClassYear(ds: DataSource, classId: number): Promise<ClassYearRow> {
  const [row] = await ds.query(
    `WITH yr AS (SELECT c."academicYearId" AS id, sc.settings FROM school_class c JOIN school sc ON sc.id = c."schoolId" WHERE c.id = $1),
     per AS (SELECT p.id, p.kind, p.number, p.name, p."startsOn", p."endsOn" FROM period p JOIN yr ON p."academicYearId" = yr.id),
     bounds AS (SELECT min("startsOn") AS f, max("endsOn") AS t FROM per),
     st AS (SELECT id AS "studentId", concat_ws(' ', "lastName", "firstName") AS name, "lastName", "firstName"
              FROM student WHERE "classId" = $1 AND active),
     m AS (
       SELECT m.id, m."studentId", m."subjectId", m.date, m.value, NULL::text AS comment, wk.code AS "kindCode", wk.name AS "kindName",
              round(wk.weight * 100)::int AS weight, m."updatedAt", NULL::text AS topic
         FROM mark m JOIN st ON st."studentId" = m."studentId" JOIN work_kind wk ON wk.id = m."workKindId" CROSS JOIN bounds
        WHERE NOT m.deleted AND m.date BETWEEN bounds.f AND bounds.t),
     pm AS (SELECT pm."studentId", pm."subjectId", pm."periodId", pm.value FROM period_mark pm JOIN st ON st."studentId" = pm."studentId"
             WHERE pm."periodId" IN (SELECT id FROM per)),
     subj AS (
       SELECT DISTINCT l."subjectId" AS id FROM lesson l CROSS JOIN bounds WHERE l."classId" = $1 AND l.date BETWEEN bounds.f AND bounds.t
       UNION SELECT "subjectId" FROM m UNION SELECT "subjectId" FROM pm)
     SELECT (SELECT settings FROM yr) AS settings,
            (SELECT json_agg(per) FROM per) AS periods,
            (SELECT json_agg(json_build_object('studentId', "studentId", 'name', name) ORDER BY "lastName", "firstName", "studentId") FROM st) AS students,
            (SELECT json_agg(json_build_object('id', sb.id, 'name', sb.name, 'shortName', sb."shortName") ORDER BY sb.name)
               FROM subject sb JOIN subj ON subj.id = sb.id) AS subjects,
            (SELECT json_agg(m ORDER BY m.date, m.id) FROM m) AS marks,
            (SELECT json_agg(pm) FROM pm) AS "periodMarks"`,
    [classId],
  );
  return row;
}

/** The class's averages and period marks for a period (the diary's choice of period when none is asked). */
export async function classMarks(
  ds: DataSource,
  classId: number,
  today: string,
  periodId?: number | null,
): Promise<GlanceMarks> {
  const row = await loadClassYear(ds, classId);
  const periods = (row.periods ?? []).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.number - b.number);
  const period = choosePeriod(periods, today, periodId);
  const allSubjects = row.subjects ?? [];
  const marks = row.marks ?? [];
  const periodMarks = row.periodMarks ?? [];
  if (!period) return { periods, period: null, subjects: [], students: [] };
  const inPeriod = (m: { date: string }) => m.date >= period.startsOn && m.date <= period.endsOn;
  const students = (row.students ?? []).map((s) => {
    // The student's year as the diary would read it; subjectMarks computes the rest.
    const year: MarksYear = {
      settings: row.settings,
      periods,
      subjects: allSubjects,
      marks: marks.filter((m) => m.studentId === s.studentId),
      periodMarks: periodMarks.filter((x) => x.studentId === s.studentId),
      lastChange: null,
    };
    const cells = allSubjects.map((subject): GlanceCell => {
      const sm = subjectMarks(year, subject, period, today, null);
      return {
        subjectId: subject.id,
        average: sm.average,
        rounded: sm.rounded,
        marks: sm.marks.length,
        periodMark: sm.periodMark,
      };
    });
    return { studentId: s.studentId, name: s.name, cells };
  });
  // A subject shows when the class has a lesson of it in the period, or a mark or period mark does.
  const lessonsIn = await subjectsWithLessons(ds, classId, period);
  const subjects = allSubjects.filter(
    (sb) =>
      lessonsIn.has(sb.id) ||
      marks.some((m) => m.subjectId === sb.id && inPeriod(m)) ||
      periodMarks.some((x) => x.subjectId === sb.id && x.periodId === period.id),
  );
  const shown = new Set(subjects.map((x) => x.id));
  for (const s of students) s.cells = s.cells.filter((c) => shown.has(c.subjectId));
  return { periods, period, subjects, students };
}

async function subjectsWithLessons(ds: DataSource, classId: number, period: DiaryPeriod): Promise<Set<number>> {
  const rows: { id: number }[] = await ds.query(
    `SELECT DISTINCT "subjectId" AS id FROM lesson WHERE "classId" = $1 AND date BETWEEN $2 AND $3`,
    [classId, period.startsOn, period.endsOn],
  );
  return new Set(rows.map((r) => r.id));
}
