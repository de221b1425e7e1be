import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSchool } from '../core/school/structure.js';
import { ReferenceFeedServer } from '../cli/feed/server.js';
import {
  DEMO_SCHOOL,
  demoDay,
  demoPlan,
  demoStructure,
  demoTerm,
  ext,
  lessonChange,
  playableDay,
} from '../cli/feed/demo-school.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { count, FEED_TOKEN, feedClient, until } from './helpers/feed.js';

let db: TestDb;
let server: ReferenceFeedServer;
beforeAll(async () => {
  db = await createTestDb();
  await db.ds.transaction((em) =>
    upsertSchool(
      em,
      { name: 'СОШ № 17', shortName: 'СОШ № 17', timezone: 'Europe/Moscow', externalId: DEMO_SCHOOL },
      { kind: 'cli', command: 'test' },
    ),
  );
  server = new ReferenceFeedServer();
  server.addSchool(DEMO_SCHOOL, FEED_TOKEN);
  await server.listen();
});
afterAll(async () => {
  await server.close();
  await db.close();
});

/** The snapshot's wait: two weeks of a school's journal through the real client, on a machine shared with other work. */
const LOADED_MS = 180_000;

describe('the journal feed over a real WebSocket against the reference server', () => {
  it(
    'a snapshot of a full term fills the journal silently; a live mark after it notifies once',
    async () => {
      const { people, plan } = demoPlan();
      for (const c of demoStructure(people)) server.publish(DEMO_SCHOOL, c);
      // The last two weeks of the term: the same kinds of change as a whole term (bench/feed.ts measures volume).
      const term = demoTerm('2026-12-14', '2026-12-25', plan);
      for (const c of term) server.publish(DEMO_SCHOOL, c);
      const head = server.head(DEMO_SCHOOL);
      const client = await feedClient(db.ds, DEMO_SCHOOL, server.url);
      try {
        // Budgets hold at 4 files per 2 cores with another CPU-bound job running.
        await until(() => server.acked(DEMO_SCHOOL) >= head, 'the snapshot to be acknowledged', LOADED_MS);
        const marks = term.filter((c) => c.event === 'mark.set').length;
        expect(await count(db.ds, 'SELECT count(*) n FROM mark')).toBe(marks);
        expect(await count(db.ds, 'SELECT count(*) n FROM outbox WHERE NOT silent')).toBe(0);
        const lesson = plan.lessons.find((p) => p.lesson.date === '2026-12-25' && p.lesson.grade > 1)!;
        const student = people.students.find((s) => s.className === lesson.lesson.className)!;
        server.publish(DEMO_SCHOOL, {
          event: 'mark.set',
          externalId: 'live-mark-1',
          data: {
            student: student.key,
            subject: ext.subject(lesson.lesson.subject),
            workKind: ext.workKind('oral'),
            lesson: lesson.lesson.key,
            date: lesson.lesson.date,
            value: '5',
          },
        });
        await until(() => server.acked(DEMO_SCHOOL) >= head + 1, 'the live mark to be acknowledged', 60_000);
        const live = await db.ds.query(`SELECT type, payload FROM outbox WHERE NOT silent`);
        expect(live).toHaveLength(1);
        expect(live[0].type).toBe('mark.set');
      } finally {
        await client.stop();
      }
    },
    LOADED_MS + 90_000,
  );

  it('plays the demo school day: lessons start, attendance, marks, homework, a substitution, a corrected mark', async () => {
    const { plan } = demoPlan();
    const day = playableDay('2026-12-26');
    for (const p of plan.lessons.filter((x) => x.lesson.date === day))
      server.publish(DEMO_SCHOOL, lessonChange(p, { topic: null }));
    const before = server.head(DEMO_SCHOOL);
    const t0 = await db.ds.query(`SELECT max(id) AS id FROM outbox`);
    const client = await feedClient(db.ds, DEMO_SCHOOL, server.url);
    try {
      await until(() => server.acked(DEMO_SCHOOL) >= before, 'the day timetable', 90_000);
      const steps = demoDay(day, plan);
      for (const s of steps) server.publish(DEMO_SCHOOL, s.change);
      await until(() => server.acked(DEMO_SCHOOL) >= server.head(DEMO_SCHOOL), 'the school day', 90_000);
      const events: { type: string; n: number }[] = await db.ds.query(
        `SELECT type, count(*)::int AS n FROM outbox WHERE id > $1 AND NOT silent GROUP BY type ORDER BY type`,
        [t0[0].id ?? 0],
      );
      const kinds = (label: string) => steps.filter((s) => s.label.startsWith(label)).length;
      expect(Object.fromEntries(events.map((e) => [e.type, e.n]))).toEqual({
        'absence.recorded': kinds('attendance:'),
        'homework.set': kinds('homework:'),
        'lesson.changed': 1,
        'mark.changed': 1,
        'mark.set': kinds('mark:'),
      });
      const sub = steps.find((s) => s.label.startsWith('substitution'))!;
      const [lesson] = await db.ds.query(
        `SELECT l."substituteTeacherId", s."externalId" FROM lesson l JOIN staff s ON s.id = l."substituteTeacherId" WHERE l."externalId" = $1`,
        [sub.change.externalId],
      );
      expect(lesson.externalId).toBe((sub.change.data as { substituteTeacher: string }).substituteTeacher);
      const fixed = steps.find((s) => s.label.startsWith('mark corrected'))!;
      const [m] = await db.ds.query(`SELECT value, version FROM mark WHERE "externalId" = $1`, [
        fixed.change.externalId,
      ]);
      expect(m).toEqual({ value: (fixed.change.data as { value: string }).value, version: 2 });
      expect(
        await db.ds.query(
          `SELECT actor FROM mark_history h JOIN mark m ON m.id = h."markId" WHERE m."externalId" = $1`,
          [fixed.change.externalId],
        ),
      ).toEqual([{ actor: expect.stringMatching(/^feed:\d+$/) }, { actor: expect.stringMatching(/^feed:\d+$/) }]);
    } finally {
      await client.stop();
    }
  }, 240_000);

  it('crash safety: a client killed between commit and ack; the next one takes over the lease and nothing is applied twice', async () => {
    const crashy = new ReferenceFeedServer({ redeliverUnacked: true });
    crashy.addSchool(DEMO_SCHOOL, FEED_TOKEN);
    for (let seq = 1; seq <= server.head(DEMO_SCHOOL); seq++)
      crashy.publish(DEMO_SCHOOL, { event: 'subject.set', externalId: `pad-${seq}`, data: { name: `pad ${seq}` } });
    await crashy.listen();
    await db.ds.query(`UPDATE feed_state SET "lastSeq" = $1`, [crashy.head(DEMO_SCHOOL)]);
    const { people, plan } = demoPlan();
    const p = plan.lessons.find((x) => x.lesson.grade > 1 && x.lesson.date === '2026-12-25')!;
    const student = people.students.find((s) => s.className === p.lesson.className)!;
    const markEvent = crashy.publish(DEMO_SCHOOL, {
      event: 'mark.set',
      externalId: 'crash-mark',
      data: {
        student: student.key,
        subject: ext.subject(p.lesson.subject),
        workKind: ext.workKind('test'),
        lesson: p.lesson.key,
        date: p.lesson.date,
        value: '2',
      },
    });
    let killed = false;
    const first = await feedClient(db.ds, DEMO_SCHOOL, crashy.url, {
      holder: 'replica-a',
      leaseMs: 600,
      afterCommit: async (_school, seq) => {
        if (seq === markEvent.seq && !killed) {
          killed = true;
          await first.feeds[0].kill();
        }
      },
    });
    try {
      await until(() => killed, 'the crash after the commit', 60_000);
      expect(crashy.acked(DEMO_SCHOOL)).toBeLessThan(markEvent.seq);
      const second = await feedClient(db.ds, DEMO_SCHOOL, crashy.url, { holder: 'replica-b', leaseMs: 600 });
      try {
        await until(
          () => crashy.acked(DEMO_SCHOOL) >= markEvent.seq,
          'the ack from the replica that took over',
          60_000,
        );
        expect((await db.ds.query(`SELECT holder FROM feed_state`))[0].holder).toBe('replica-b');
        expect(await count(db.ds, `SELECT count(*) n FROM mark WHERE "externalId" = 'crash-mark'`)).toBe(1);
        expect(
          await count(
            db.ds,
            `SELECT count(*) n FROM mark_history h JOIN mark m ON m.id = h."markId" WHERE m."externalId" = 'crash-mark'`,
          ),
        ).toBe(1);
        expect(
          await count(
            db.ds,
            `SELECT count(*) n FROM outbox WHERE type = 'mark.set' AND payload->>'value' = '2' AND payload->>'studentId' = (SELECT id::text FROM student WHERE "externalId" = $1)`,
            [student.key],
          ),
        ).toBe(1);
      } finally {
        await second.stop();
      }
    } finally {
      await crashy.close();
    }
  }, 180_000);
});
