import type { DataSource } from 'typeorm';
import type { AbsenceReason, AttendanceStatus } from '../../db/entities/index.js';
import type { DiaryPeriod } from './marks.js';
import { OWN_SUBGROUP_SQL, type DiaryStudent } from './student.js';

export interface AbsenceRecord {
  date: string;
  slot: number;
  subjectId: number;
  subject: string;
  status: AttendanceStatus;
  reason: AbsenceReason;
  comment: string | null;
}

export interface AbsencesYear {
  periods: DiaryPeriod[];
  records: AbsenceRecord[];
  /** Lessons held (not cancelled) for the student on each date they missed something. */
  lessonsOn: Record<string, number>;
}

const KIND_ORDER = { quarter: 0, trimester: 1, halfYear: 2, year: 3 } as const;

/**
 * The student's absences and latenesses of the academic year with the lessons
 * they fell on, the year's periods, and how many lessons the student had on
 * each day with an absence (to count whole days missed). One indexed query.
 */
export async function loadAbsencesYear(ds: DataSource, s: DiaryStudent): Promise<AbsencesYear> {
  const [row] = await ds.query(
    `WITH per AS (SELECT p.id, p.kind, p.number, p.name, p."startsOn", p."endsOn"
                    FROM period p JOIN school_class c ON c."academicYearId" = p."academicYearId" WHERE c.id = $2),
     bounds AS (SELECT min("startsOn") AS f, max("endsOn") AS t FROM per),
     rec AS (
       SELECT l.date, l.slot, l."subjectId", sb.name AS subject, a.status, a.reason, a.comment
         FROM attendance a JOIN lesson l ON l.id = a."lessonId" JOIN subject sb ON sb.id = l."subjectId" CROSS JOIN bounds
        WHERE a."studentId" = $1 AND l.date BETWEEN bounds.f AND bounds.t),
     days AS (
       SELECT l.date, count(*)::int AS n FROM lesson l
        WHERE l."classId" = $2 AND NOT l.cancelled AND ${OWN_SUBGROUP_SQL}
          AND l.date IN (SELECT date FROM rec WHERE status = 'absent')
        GROUP BY l.date)
     SELECT (SELECT json_agg(per) FROM per) AS periods,
            (SELECT json_agg(rec ORDER BY rec.date, rec.slot) FROM rec) AS records,
            (SELECT json_object_agg(days.date, days.n) FROM days) AS "lessonsOn"`,
    [s.studentId, s.classId],
  );
  const periods: DiaryPeriod[] = (row.periods ?? []).sort(
    (a: DiaryPeriod, b: DiaryPeriod) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.number - b.number,
  );
  return { periods, records: row.records ?? [], lessonsOn: row.lessonsOn ?? {} };
}

export type ReasonCounts = Record<AbsenceReason, number>;
const zero = (): ReasonCounts => ({ illness: 0, excused: 0, unexcused: 0, unknown: 0 });

export interface AbsencesSummary {
  period: DiaryPeriod;
  /** Lessons missed, by reason. */
  lessons: ReasonCounts;
  lessonsTotal: number;
  /** Days on which every lesson of the student was missed. */
  wholeDays: number;
  late: number;
  bySubject: { subject: string; lessons: ReasonCounts; total: number; late: number }[];
  /** Each day with an absence: lessons missed of lessons held, and the reasons. */
  days: { date: string; missed: number; held: number; reasons: AbsenceReason[] }[];
}

export function absencesSummary(year: AbsencesYear, period: DiaryPeriod): AbsencesSummary {
  const recs = year.records.filter((r) => r.date >= period.startsOn && r.date <= period.endsOn);
  const lessons = zero();
  const subjects = new Map<string, { subject: string; lessons: ReasonCounts; total: number; late: number }>();
  const days = new Map<string, { date: string; missed: number; held: number; reasons: AbsenceReason[] }>();
  let late = 0;
  for (const r of recs) {
    const sub = subjects.get(r.subject) ?? { subject: r.subject, lessons: zero(), total: 0, late: 0 };
    subjects.set(r.subject, sub);
    if (r.status === 'late') {
      late++;
      sub.late++;
      continue;
    }
    lessons[r.reason]++;
    sub.lessons[r.reason]++;
    sub.total++;
    const d = days.get(r.date) ?? { date: r.date, missed: 0, held: year.lessonsOn[r.date] ?? 0, reasons: [] };
    d.missed++;
    if (!d.reasons.includes(r.reason)) d.reasons.push(r.reason);
    days.set(r.date, d);
  }
  const dayList = [...days.values()];
  return {
    period,
    lessons,
    lessonsTotal: Object.values(lessons).reduce((a, b) => a + b, 0),
    wholeDays: dayList.filter((d) => d.held > 0 && d.missed >= d.held).length,
    late,
    bySubject: [...subjects.values()].sort((a, b) => b.total - a.total || a.subject.localeCompare(b.subject, 'ru')),
    days: dayList,
  };
}
