import type { DataSource } from 'typeorm';
import { ReferenceFeedServer } from '../../cli/feed/server.js';
import { upsertSchool } from '../../core/school/structure.js';
import { FEED_TOKEN } from './feed.js';
import { addLink } from './notifications.js';
import { structure, TODAY } from './upstream.js';

/**
 * A second school of the cluster test, fed by the reference e-journal (in the test process) to the
 * cluster's workers: each worker runs the feed client for it (FEED_SCHOOLS), one of them holds its lease.
 * Its 5А, maths, the teacher t1, the students s1 (Анна) and s2 and Анна's mother g1 (helpers/upstream.ts).
 */
export const FEED_SCHOOL = 'cluster-feed-school';

export interface ClusterFeed {
  server: ReferenceFeedServer;
  schoolId: number;
  /** The workers' FEED_SCHOOLS. */
  env: { FEED_SCHOOLS: string };
  /** The holder of the school's lease: its process id (holder `host:pid:random`), its lease's end and the database's now. */
  lease(): Promise<{ pid: number; leaseUntil: Date; now: Date } | null>;
  /** Links Анна's mother from `chat` once the workers have applied the structure. */
  linkMother(chat: number): Promise<void>;
  /** A 5 for Анна in maths published by the e-journal; returns its seq. */
  publishMark(externalId: string): number;
  close(): Promise<void>;
}

export async function startClusterFeed(ds: DataSource): Promise<ClusterFeed> {
  const school = await ds.transaction((em) =>
    upsertSchool(
      em,
      { name: 'Лицей на ленте', shortName: 'Лицей', timezone: 'Europe/Moscow', externalId: FEED_SCHOOL },
      { kind: 'cli', command: 'test' },
    ),
  );
  await ds.query(`UPDATE school SET journal = 'external' WHERE id = $1`, [school.id]);
  const server = new ReferenceFeedServer();
  server.addSchool(FEED_SCHOOL, FEED_TOKEN);
  for (const c of structure) server.publish(FEED_SCHOOL, { ...c, changedAt: '2026-09-01T08:00:00+03:00' });
  await server.listen();
  const id = async (table: string, ext: string): Promise<number | undefined> =>
    (await ds.query(`SELECT id FROM ${table} WHERE "schoolId" = $1 AND "externalId" = $2`, [school.id, ext]))[0]?.id;
  return {
    server,
    schoolId: school.id,
    env: { FEED_SCHOOLS: JSON.stringify([{ school: FEED_SCHOOL, url: server.url, token: FEED_TOKEN }]) },
    async lease() {
      const [st] = await ds.query(
        `SELECT holder, "leaseUntil", now() AS now FROM feed_state WHERE "schoolId" = $1 AND "leaseUntil" > now()`,
        [school.id],
      );
      return st?.holder
        ? { pid: Number(String(st.holder).split(':').at(-2)), leaseUntil: st.leaseUntil, now: st.now }
        : null;
    },
    async linkMother(chat) {
      const [studentId, guardianId] = [await id('student', 's1'), await id('guardian', 'g1')];
      if (!studentId || !guardianId) throw new Error('the feed school has no Анна or no mother yet');
      await addLink(ds, { schoolId: school.id, userId: chat, role: 'guardian', studentId, guardianId });
    },
    publishMark(externalId) {
      server.publish(FEED_SCHOOL, {
        event: 'mark.set',
        externalId,
        data: { student: 's1', subject: 'maths', workKind: 'oral', lesson: 'l1', date: TODAY, value: '5' },
      });
      return server.head(FEED_SCHOOL);
    },
    close: () => server.close(),
  };
}
