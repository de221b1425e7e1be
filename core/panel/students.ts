import type { DataSource } from 'typeorm';
import type { ControlReport } from '../control/figures.js';
import { countBy } from './figures.js';

/** A student of the class in the panel: subjects without marks or with one, absences and latenesses of the span. */
export interface StudentRow {
  studentId: number;
  name: string;
  noMarks: number;
  oneMark: number;
  absences: number;
  late: number;
}

/** The class's active students with the report's marks figures and the span's attendance, by surname. */
export async function studentRows(
  ds: DataSource,
  r: ControlReport,
  classId: number,
  span: { from: string; to: string },
): Promise<StudentRow[]> {
  const rows: { studentId: number; name: string; absences: number; late: number }[] = await ds.query(
    `SELECT st.id AS "studentId", concat_ws(' ', st."lastName", st."firstName") AS name,
            count(*) FILTER (WHERE a.status = 'absent')::int AS absences, count(*) FILTER (WHERE a.status = 'late')::int AS late
       FROM student st
       LEFT JOIN attendance a ON a."studentId" = st.id
             AND a."lessonId" IN (SELECT l.id FROM lesson l WHERE l."classId" = $1 AND l.date BETWEEN $2 AND $3)
      WHERE st."classId" = $1 AND st.active
      GROUP BY st.id ORDER BY st."lastName", st."firstName", st.id`,
    [classId, span.from, span.to],
  );
  const none = countBy(r.marks.none, (x) => x.studentId);
  const one = countBy(r.marks.one, (x) => x.studentId);
  return rows.map((s) => ({ ...s, noMarks: none.get(s.studentId) ?? 0, oneMark: one.get(s.studentId) ?? 0 }));
}
