import { performance } from 'node:perf_hooks';
import { setMark } from '../core/journal/marks.js';
import { benchDatabase, machine, ms, percentiles } from './support.js';

/**
 * Mark writes through the core service (validation, history row, outbox event,
 * one transaction each) on the demo school: sequentially and 8 at a time.
 */
export async function run(): Promise<void> {
  const { db, seed, mode, close } = await benchDatabase();
  const ds = db.dataSource;
  const [target] = await ds.query(
    `SELECT st.id AS "studentId", st."schoolId", l."subjectId", l.id AS "lessonId", l."teacherId", l.date, w.id AS "workKindId"
       FROM student st JOIN school_class c ON c.id = st."classId" AND c.grade > 1
       JOIN lesson l ON l."classId" = c.id JOIN work_kind w ON w."schoolId" = st."schoolId" LIMIT 1`,
  );
  const students: { id: number }[] = await ds.query(
    `SELECT id FROM student WHERE "classId" = (SELECT "classId" FROM student WHERE id = $1)`,
    [target.studentId],
  );
  const N = 1000;
  const write = (i: number) =>
    setMark(
      ds,
      {
        ...target,
        studentId: students[i % students.length].id,
        value: String(2 + (i % 4)) as '2',
        externalId: `bench-${i}`,
      },
      { kind: 'cli', command: 'bench' },
    );
  const seq: number[] = [];
  let t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await write(i);
    seq.push(performance.now() - t);
  }
  const seqRate = N / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (let i = 0; i < N; i += 8) await Promise.all(Array.from({ length: 8 }, (_, j) => write(N + i + j)));
  const concRate = N / ((performance.now() - t0) / 1000);
  const [events] = await ds.query(
    `SELECT count(*)::int AS n FROM outbox WHERE type = 'mark.set' AND payload->>'markId' IS NOT NULL`,
  );
  const p = percentiles(seq);
  console.log(`journal-writes on ${mode}; ${machine()}; demo school with ${seed.counts.marks} marks`);
  console.log(`  setMark, ${N} sequential: p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, ${seqRate.toFixed(0)} marks/s`);
  console.log(
    `  setMark, ${N} at 8 concurrent: ${concRate.toFixed(0)} marks/s (ratio to sequential ${(concRate / seqRate).toFixed(2)})`,
  );
  console.log(`  outbox mark.set events written: ${events.n}`);
  await close();
}
