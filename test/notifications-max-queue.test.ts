import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimDeliveries,
  markChatBlocked,
  nextDeliveryDue,
  strandedDeliveries,
} from '../core/notifications/delivery-queue.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { bigClass } from './helpers/notifications.js';

let db: TestDb;
let f: SchoolFixture;

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
});
afterAll(async () => {
  await db.close();
});

/** Chat 5 in MAX and chat 5 in Telegram are two families: the queue keeps them apart. */
describe('the delivery queue with two messengers', () => {
  it('a worker without MAX leaves MAX rows pending; a MAX chat refusing marks only the MAX link', async () => {
    const { chats } = await bigClass(db.ds, f.school.id, f.year.id, 2, 8_200_000);
    const [same, other] = chats;
    // The second family is on MAX, under the same number as the first one's Telegram chat.
    await db.ds.query(`UPDATE link SET messenger = 'max', "chatId" = $1, "telegramUserId" = $1 WHERE "chatId" = $2`, [
      same,
      other,
    ]);
    await db.ds.query(
      `INSERT INTO notification_delivery ("schoolId", "dedupeKey", kind, messenger, "chatId", "linkId", text)
       SELECT "schoolId", 'q:' || messenger, 'announcement', messenger, "chatId", id, 'Собрание: ' || messenger FROM link WHERE "chatId" = $1`,
      [same],
    );
    const past = new Date(Date.now() + 1000);
    const tgOnly = await claimDeliveries(db.ds, 1, past, 10, ['telegram']);
    expect(tgOnly.map((d) => [d.messenger, d.text, d.linkOk])).toEqual([['telegram', 'Собрание: telegram', true]]);
    expect(await nextDeliveryDue(db.ds, ['telegram'])).toBeNull();
    expect(await strandedDeliveries(db.ds, ['telegram'])).toBe(1);

    const [maxRow] = await claimDeliveries(db.ds, 2, past, 10, ['telegram', 'max']);
    expect([maxRow.messenger, maxRow.linkOk]).toEqual(['max', true]);
    await markChatBlocked(db.ds, maxRow.id, maxRow.chatId, 'blocked', new Date(), 'max');
    const links: { messenger: string; inactiveReason: string | null }[] = await db.ds.query(
      `SELECT messenger, "inactiveReason" FROM link WHERE "chatId" = $1 ORDER BY messenger`,
      [same],
    );
    expect(links).toEqual([
      { messenger: 'max', inactiveReason: 'blocked' },
      { messenger: 'telegram', inactiveReason: null },
    ]);
    const rows: { messenger: string; status: string }[] = await db.ds.query(
      `SELECT messenger, status FROM notification_delivery WHERE "chatId" = $1 ORDER BY messenger`,
      [same],
    );
    expect(rows).toEqual([
      { messenger: 'max', status: 'blocked' },
      { messenger: 'telegram', status: 'sending' },
    ]);
  });
});
