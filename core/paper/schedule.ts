import type { DataSource } from 'typeorm';
import { addDays } from '../calendar.js';
import { makePrintouts, studentsWithoutAccess } from './service.js';

/**
 * The scheduled printouts (seed 001 §3.3.5: families who refuse electronic
 * access get printouts at least twice a month): on a run's day, each class
 * of the current academic year whose last scheduled printouts are at least
 * `everyDays` old gets a PDF of the finished span (the `everyDays` days before
 * the run's day) for its students without a linked guardian account, kept in
 * paper_file under the slot `printouts:<classId>:<day>` with a `paper.ready`
 * event for the class teacher. Classes without such students, or without a
 * lesson in the span (holidays), are skipped.
 */
export async function runScheduledPrintouts(
  ds: DataSource,
  o: { date: string; everyDays: number; now: Date },
): Promise<{ classes: number; files: number; students: number }> {
  const from = addDays(o.date, -o.everyDays);
  const to = addDays(o.date, -1);
  const due: { id: number }[] = await ds.query(
    `SELECT c.id FROM school_class c JOIN academic_year y ON y.id = c."academicYearId"
      WHERE y."startsOn" <= $1 AND y."endsOn" >= $1
        AND EXISTS (SELECT 1 FROM lesson l WHERE l."classId" = c.id AND l.date BETWEEN $2 AND $3 AND NOT l.cancelled)
        AND NOT EXISTS (SELECT 1 FROM paper_file f WHERE f."classId" = c.id AND f.kind = 'printouts' AND f.slot IS NOT NULL AND f."toDate" > $4)
      ORDER BY c.grade, c.name`,
    [o.date, from, to, addDays(o.date, -o.everyDays - 1)],
  );
  let files = 0;
  let students = 0;
  for (const c of due) {
    const ids = (await studentsWithoutAccess(ds, c.id)).map((s) => s.id);
    if (!ids.length) continue;
    const made = await makePrintouts(
      ds,
      { classId: c.id, from, to, studentIds: ids, slot: `printouts:${c.id}:${o.date}` },
      { kind: 'system', job: 'printouts' },
      o.now,
    );
    if (made) {
      files++;
      students += made.students.length;
    }
  }
  return { classes: due.length, files, students };
}
