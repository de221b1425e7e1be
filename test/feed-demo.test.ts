import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeed } from '../cli/seed/index.js';
import { ReferenceFeedServer } from '../cli/feed/server.js';
import { DEMO_SCHOOL, demoDay, demoPlan, demoStructure, lessonChange, playableDay } from '../cli/feed/demo-school.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { captureIo } from './helpers/cli-io.js';
import { count, FEED_TOKEN, feedClient, until } from './helpers/feed.js';

/** `feed serve --demo` against the school `seed --demo` wrote: the feed lands on the seeded rows, nothing duplicated. */
let db: TestDb;
const TODAY = '2026-11-25';
beforeAll(async () => {
  db = await createTestDb();
  await runSeed(db.ds, { today: TODAY }, captureIo());
}, 120_000);
afterAll(() => db.close());

describe("the reference server's demo day on the seeded demo school", () => {
  it('first sync takes over the seeded classes, subjects, work kinds and periods; the day notifies, nothing is duplicated', async () => {
    const counts = async () => ({
      classes: await count(db.ds, 'SELECT count(*) n FROM school_class'),
      subjects: await count(db.ds, 'SELECT count(*) n FROM subject'),
      kinds: await count(db.ds, 'SELECT count(*) n FROM work_kind'),
      periods: await count(db.ds, 'SELECT count(*) n FROM period'),
      subgroups: await count(db.ds, 'SELECT count(*) n FROM subgroup'),
      students: await count(db.ds, 'SELECT count(*) n FROM student'),
      guardians: await count(db.ds, 'SELECT count(*) n FROM guardian'),
      staff: await count(db.ds, 'SELECT count(*) n FROM staff'),
      lessons: await count(db.ds, 'SELECT count(*) n FROM lesson'),
      roles: await count(db.ds, 'SELECT count(*) n FROM staff_role'),
    });
    const before = await counts();
    const server = new ReferenceFeedServer();
    server.addSchool(DEMO_SCHOOL, FEED_TOKEN);
    await server.listen();
    const { people, plan } = demoPlan();
    const day = playableDay(TODAY);
    for (const c of demoStructure(people)) server.publish(DEMO_SCHOOL, c);
    for (const p of plan.lessons.filter((x) => x.lesson.date === day))
      server.publish(DEMO_SCHOOL, lessonChange(p, { topic: null }));
    const client = await feedClient(db.ds, DEMO_SCHOOL, server.url);
    try {
      await until(() => server.acked(DEMO_SCHOOL) >= server.head(DEMO_SCHOOL), 'the first sync', 60_000);
      expect(await counts()).toEqual(before);
      expect(await count(db.ds, `SELECT count(*) n FROM school_class WHERE "externalId" IS NULL`)).toBe(0);
      expect(await count(db.ds, `SELECT count(*) n FROM subject WHERE "externalId" IS NULL`)).toBe(0);
      expect(await count(db.ds, 'SELECT count(*) n FROM feed_dead_letter')).toBe(0);
      const since = (await db.ds.query('SELECT max(id) AS id FROM outbox'))[0].id;
      const steps = demoDay(day, plan);
      for (const s of steps) server.publish(DEMO_SCHOOL, s.change);
      await until(() => server.acked(DEMO_SCHOOL) >= server.head(DEMO_SCHOOL), 'the school day', 60_000);
      expect(await count(db.ds, 'SELECT count(*) n FROM feed_dead_letter')).toBe(0);
      const live = await count(db.ds, 'SELECT count(*) n FROM outbox WHERE id > $1 AND NOT silent', [since]);
      expect(live).toBeGreaterThan(steps.filter((s) => s.label.startsWith('mark:')).length);
      expect(await counts()).toEqual(before);
    } finally {
      await client.stop();
      await server.close();
    }
  }, 120_000);
});
