import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSchool } from '../core/school/structure.js';
import { ReferenceFeedServer } from '../cli/feed/server.js';
import { DEMO_SCHOOL, demoPlan, demoStructure, demoTerm, ext } from '../cli/feed/demo-school.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { count, FEED_TOKEN, feedClient, until } from './helpers/feed.js';

let db: TestDb;
let server: ReferenceFeedServer;
beforeAll(async () => {
  db = await createTestDb();
  await db.ds.transaction((em) => upsertSchool(em, { name: 'СОШ № 17', shortName: 'СОШ № 17', timezone: 'Europe/Moscow', externalId: DEMO_SCHOOL }, { kind: 'cli', command: 'test' }));
  server = new ReferenceFeedServer();
  server.addSchool(DEMO_SCHOOL, FEED_TOKEN);
  await server.listen();
});
afterAll(async () => {
  await server.close();
  await db.close();
});

describe('the journal feed over a real WebSocket against the reference server', () => {
  it('a snapshot of a full term fills the journal silently; a live mark after it notifies once', async () => {
    const { people, plan } = demoPlan();
    for (const c of demoStructure(people)) server.publish(DEMO_SCHOOL, c);
    const term = demoTerm('2026-11-05', '2026-12-25', plan);
    for (const c of term) server.publish(DEMO_SCHOOL, c);
    const head = server.head(DEMO_SCHOOL);
    const t0 = Date.now();
    const client = await feedClient(db.ds, DEMO_SCHOOL, server.url);
    try {
      await until(() => server.acked(DEMO_SCHOOL) >= head, 'the snapshot to be acknowledged', 60_000);
      console.log('snapshot items', head, 'ms', Date.now() - t0);
      const marks = term.filter((c) => c.event === 'mark.set').length;
      expect(await count(db.ds, 'SELECT count(*) n FROM mark')).toBe(marks);
      expect(await count(db.ds, 'SELECT count(*) n FROM outbox WHERE NOT silent')).toBe(0);
      const lesson = plan.lessons.find((p) => p.lesson.date === '2026-12-25' && p.lesson.grade > 1)!;
      const student = people.students.find((s) => s.className === lesson.lesson.className)!;
      server.publish(DEMO_SCHOOL, {
        event: 'mark.set', externalId: 'live-mark-1',
        data: { student: student.key, subject: ext.subject(lesson.lesson.subject), workKind: ext.workKind('oral'), lesson: lesson.lesson.key, date: lesson.lesson.date, value: '5' },
      });
      await until(() => server.acked(DEMO_SCHOOL) >= head + 1, 'the live mark to be acknowledged');
      const live = await db.ds.query(`SELECT type, payload FROM outbox WHERE NOT silent`);
      expect(live).toHaveLength(1);
      expect(live[0].type).toBe('mark.set');
    } finally {
      await client.stop();
    }
  }, 120_000);
});
