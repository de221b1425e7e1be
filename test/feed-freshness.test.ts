import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedFreshness, notifyStaleFeeds } from '../core/feed/state.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { texts } from './helpers/screen.js';

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
const ADMIN = 701;
const MOTHER = 702;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    people: (f) => [
      [ADMIN, staffOf(f, f.admin, 'admin')],
      [MOTHER, guardianOf(f, f.anna, f.mother)],
    ],
  }));
});
afterAll(() => db.close());

const setSynced = (minutesAgo: number | null, status = 'live') =>
  db.ds.query(
    `INSERT INTO feed_state ("schoolId", status, "lastSeq", head, "liveSince", "syncedAt") VALUES ($1, $2, 40, 42, now() - interval '1 day', now() - make_interval(mins => $3))
     ON CONFLICT ("schoolId") DO UPDATE SET status = $2, "syncedAt" = EXCLUDED."syncedAt", "downNotifiedAt" = CASE WHEN $3 < 5 THEN NULL ELSE feed_state."downNotifiedAt" END`,
    [f.school.id, status, minutesAgo],
  );

describe('freshness of a school fed by its e-journal', () => {
  it('a school without a feed is never stale', async () => {
    expect(await feedFreshness(db.ds, f.school.id, { now: new Date() })).toEqual({
      fed: false,
      stale: false,
      asOf: null,
    });
    expect(texts(await h.send(ADMIN, '/feed'))).toEqual([
      'Электронный журнал школы не подключён: данные вносятся в боте (/today) или загружаются из файлов.',
    ]);
  });

  it('current data is not stale; data older than FEED_STALE_MINUTES is, with the time it is as of', async () => {
    await setSynced(1);
    expect((await feedFreshness(db.ds, f.school.id, { now: new Date() })).stale).toBe(false);
    await setSynced(12);
    const fr = await feedFreshness(db.ds, f.school.id, { now: new Date() });
    expect(fr.stale).toBe(true);
    expect(Date.now() - fr.asOf!.getTime()).toBeGreaterThan(11 * 60_000);
    expect((await feedFreshness(db.ds, f.school.id, { now: new Date(), staleMinutes: 15 })).stale).toBe(false);
  });

  it('the administrator is told once (feed.down), not on every check; again only after the feed was current', async () => {
    await setSynced(12);
    expect(await notifyStaleFeeds(db.ds)).toEqual([f.school.id]);
    expect(await notifyStaleFeeds(db.ds)).toEqual([]);
    await setSynced(0);
    expect(await notifyStaleFeeds(db.ds)).toEqual([]);
    await setSynced(30);
    expect(await notifyStaleFeeds(db.ds)).toEqual([f.school.id]);
    const events = await db.ds.query(`SELECT payload, silent FROM outbox WHERE type = 'feed.down' ORDER BY id`);
    expect(events).toHaveLength(2);
    expect(events[0].silent).toBe(false);
    expect(events[0].payload.schoolId).toBe(f.school.id);
  });

  it('/feed shows the administration the state and lag; a parent cannot reach it', async () => {
    await setSynced(12);
    const [text] = texts(await h.send(ADMIN, '/feed'));
    expect(text).toMatch(
      /^<b>Связь с электронным журналом<\/b>\nСостояние: ❌ нет связи\nДанные актуальны на .+\nОтставание: 2 событий\nСобытий, которые не удалось принять: 0/,
    );
    expect(texts(await h.send(MOTHER, '/feed'))).toEqual([
      'Не понял сообщение. Выберите раздел в меню внизу экрана или отправьте /help.',
    ]);
  });
});
