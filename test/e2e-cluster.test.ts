import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FakeBotApi } from './support/fake-bot-api/index.js';
import { createAnnouncement } from '../core/announcements/index.js';
import { loadAccessProfile } from '../core/access/profile.js';
import { startCluster, type Cluster } from '../cli/cluster/index.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { addLink, bigClass, NOTIFY_HASH_KEY } from './helpers/notifications.js';
import { exitWithin, redisPrefix, SCHOOL_DAY, spawnApp, tail } from './helpers/processes.js';
import { ClusterDriver, until } from './helpers/cluster-driver.js';
import { clusterUsers, peakPerSecond, perChatViolations, runFlows, type Person } from './helpers/cluster-flows.js';
import { FEED_SCHOOL, startClusterFeed, type ClusterFeed } from './helpers/cluster-feed.js';

/**
 * README "Running at scale", run: three bot replicas (webhook, RUN_JOBS=false)
 * behind a round-robin forwarder (cli/cluster), two workers (RUN_BOT=false),
 * the PostgreSQL server and Redis, the fake Bot API. Families and students of
 * the demo school link with consent, open the diary, report an absence in six
 * steps and write to the class teacher; a broadcast drains meanwhile. Midway a
 * replica and a worker are SIGKILLed and restarted, and every update that did
 * not get 200 is sent again, as Telegram does.
 *
 * Scale (the 600 users / 6,000 updates scaled to this suite's budget on
 * 2 shared cores, every kind of flow kept): 36 parents × 14 updates + 15
 * students × 5 + 3 class teachers × 2 = 585 updates, 32 users at a time, and a
 * 360-chat broadcast at a shared 30/s (12 s, so the kill falls inside it). The
 * updates in flight on the killed replica wait out their 30 s lease before a
 * copy is handled, so the flows take 45–60 s (about 50 s more to start the five
 * processes and seed; minutes at a load average of 12); every wait is on a
 * condition, with generous limits.
 */
const SERVER = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;
const TOKEN = '700017:CLUSTER-e2e-token-000000000000';
const SECRET = `cluster-${randomBytes(12).toString('hex')}`;
const PARENTS = 36;
const STUDENTS = 15;
const BROADCAST = 360;
const RATE = 30;
const DEPUTY = 7_170_001;
/** Анна's mother at the feed school (helpers/cluster-feed.ts), and the feed client's lease (jobs/feed-client). */
const MOTHER = 7_190_001;
const FEED_LEASE_MS = 30_000;

let db: TestDb;
let fake: FakeBotApi;
let cluster: Cluster;
let driver: ClusterDriver;
let users: { teachers: Person[]; parents: Person[]; students: Person[] };
let broadcastChats: number[];
let feed: ClusterFeed;

if (!SERVER)
  console.log('[e2e-cluster] skipped: DATABASE_URL and REDIS_URL must both be set (the cluster shares them)');

const env = (): NodeJS.ProcessEnv => {
  const base = { ...process.env };
  for (const k of ['NODE_OPTIONS', 'BOT_API_ROOT', 'DATA_DIR', 'FEED_SCHOOLS', 'METRICS_PORT']) delete base[k];
  return {
    ...base,
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: fake.url,
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: redisPrefix(),
    LOG_LEVEL: 'warn',
    BACKUP_AT: 'off',
    CODE_HASH_KEY: NOTIFY_HASH_KEY,
    CLOCK_START: SCHOOL_DAY,
    // Due when the workers start (the clock starts at 10:00): both workers race for today's slots.
    NOTIFY_DIGEST_TIME: '10:00',
    NOTIFY_QUIET_HOURS: 'off',
    NOTIFY_POLL_SECONDS: '1',
    NOTIFY_RATE_PER_SECOND: String(RATE),
    NOTIFY_SEND_TIMEOUT_SECONDS: '5',
    // The feed school's mark is told at once (no 10-minute correction window); the flows write no marks.
    NOTIFY_CORRECTION_WINDOW_SECONDS: '0',
  };
};

beforeAll(async () => {
  if (!SERVER) return;
  db = await createTestDb();
  fake = new FakeBotApi({ token: TOKEN, firstUpdateId: randomInt(1_000_000, 1_000_000_000), allowUnknownChats: true });
  await fake.start();
  const seed = spawnApp('cli/index.ts', env(), ['seed', '--demo', '--json']);
  const { code } = await exitWithin(seed, 180_000);
  if (code !== 0) throw new Error(`seed exit ${code}\n${tail(seed)}`);
  users = clusterUsers(JSON.parse(seed.stdout()).invitations, PARENTS, STUDENTS);
  const [{ schoolId, yearId }] = await db.ds.query(
    `SELECT s.id AS "schoolId", y.id AS "yearId" FROM school s JOIN academic_year y ON y."schoolId" = s.id LIMIT 1`,
  );
  broadcastChats = (await bigClass(db.ds, schoolId, yearId, BROADCAST, 7_300_000)).chats;
  const [deputy] = await db.ds.query(`SELECT "staffId" FROM staff_role WHERE role = 'deputy' LIMIT 1`);
  await addLink(db.ds, { schoolId, userId: DEPUTY, role: 'deputy', staffId: deputy.staffId });
  feed = await startClusterFeed(db.ds);
  cluster = await startCluster({
    replicas: 3,
    workers: 2,
    env: { ...env(), ...feed.env },
    webhookSecret: SECRET,
    readyTimeoutMs: 180_000,
    build: inject('appBuild'),
  });
  driver = new ClusterDriver(fake, cluster.forwarderUrl, SECRET);
}, 400_000);

afterAll(async () => {
  await cluster?.stop(5000);
  await feed?.close();
  await fake?.stop();
  await db?.close();
});

const broadcastSends = () =>
  fake.calls.filter((c) => c.method === 'sendMessage' && c.response?.ok && c.params.text?.startsWith('📣'));
/** The deliveries claimed by a worker and not yet answered. */
const sendingDeliveries = (): Promise<{ chatId: string; text: string }[]> =>
  db.ds.query(`SELECT "chatId", text FROM notification_delivery WHERE status = 'sending'`);
const slots = () =>
  db.ds.query(`SELECT job, slot, "claimedBy", "claimedAt", "finishedAt" FROM scheduled_run ORDER BY job, slot`);

describe.skipIf(!SERVER)(
  'a cluster: 3 webhook replicas behind a load balancer, 2 workers, one database and Redis',
  () => {
    it('every update answered once, every flow completed, nothing lost across a SIGKILL of a replica and a worker', async () => {
      const started = Date.now();
      const slotsBefore = await until(
        async () => {
          const s = await slots();
          return s.length && s.every((r: { finishedAt: Date | null }) => r.finishedAt) ? s : null;
        },
        'the slots due at start-up run',
        60_000,
      );
      // The feed school's structure applied by the lease holder; Анна's mother links (after today's digest slots).
      await until(
        () =>
          feed.linkMother(MOTHER).then(
            () => true,
            () => false,
          ),
        "the feed school's structure",
        60_000,
      );
      const total = PARENTS * 14 + STUDENTS * 5;
      const claimers = new Set<number>();
      let failed: Error | undefined;
      const flows = runFlows(driver, users, SCHOOL_DAY);
      flows.catch((e: unknown) => {
        const logs = [...cluster.replicas, ...cluster.workers].map((p) => `--- ${p.name}\n${p.tail(8)}`).join('\n');
        failed = new Error(`${e instanceof Error ? e.message : String(e)}\n${logs}`);
      });
      const unlessFailed = (cond: () => boolean) => () => {
        if (failed) throw failed;
        return cond();
      };
      // The broadcast once a tenth of the updates are in; the kill once 40 % are and the broadcast is under way.
      await until(
        unlessFailed(() => driver.acknowledged >= total / 10),
        'a tenth of the updates',
        180_000,
      );
      const profile = await loadAccessProfile(db.ds, DEPUTY, NOTIFY_HASH_KEY);
      const [{ classId }] = await db.ds.query(`SELECT id AS "classId" FROM school_class WHERE name = '9Ж'`);
      const text = 'Завтра сокращённые уроки: занятия до 12:00.';
      await createAnnouncement(
        db.ds,
        profile,
        { scope: 'class', classId, text, file: null, urgent: false, sendAt: null },
        // The processes' clock started at SCHOOL_DAY: «now» for them, so the announcement is due at once.
        { now: new Date(SCHOOL_DAY) },
      );
      const sampler = setInterval(() => {
        void db.ds
          .query(
            `SELECT DISTINCT "claimedBy" FROM notification_delivery WHERE status = 'sending' AND "chatId" >= 7300000`,
          )
          .then((rows: { claimedBy: number }[]) => rows.forEach((r) => claimers.add(r.claimedBy)))
          .catch(() => undefined);
      }, 100);
      await until(
        unlessFailed(() => driver.acknowledged >= total * 0.4 && broadcastSends().length >= BROADCAST / 10),
        () => `the middle (${driver.acknowledged} of ${total} updates, ${broadcastSends().length} broadcast sends)`,
        240_000,
      );
      // The worker killed is the one holding the feed school's lease.
      const leaseAtKill = await until(() => feed.lease(), "the feed school's lease held", 30_000);
      const worker = cluster.workers.find((w) => w.pid() === leaseAtKill.pid);
      if (!worker) throw new Error(`the feed lease's holder (pid ${leaseAtKill.pid}) is none of the workers`);
      const survivor = cluster.workers.find((w) => w !== worker)!;
      const replica = cluster.replicas[1];
      // The deliveries on their way at the kill: claimed just before it, and (below) still claimed after it —
      // the survivor hands a dead worker's claims back within its 10 s orphan check, so one look could miss them.
      const claimedBefore = await sendingDeliveries();
      // Read in the same turn as the kill: an update forwarded after this look would be missed.
      const replicaInFlight = cluster.forwarder.inFlight(replica.port);
      const killedAt = Date.now();
      await Promise.all([replica.kill('SIGKILL'), worker.kill('SIGKILL')]);
      // Published while nobody holds the lease: the survivor applies it once it has taken over.
      const liveMark = feed.publishMark('cluster-live-mark');
      const takeover = until(
        async () => {
          const l = await feed.lease();
          return l?.pid === survivor.pid() ? l : null;
        },
        'the surviving worker to take the feed lease',
        2 * FEED_LEASE_MS,
      );
      const sentAtKill = broadcastSends().length;
      const claimedAfter = await sendingDeliveries();
      const chaos = { replicaInFlight, sentAtKill, workerInFlight: 0 };
      // The killed worker comes back once the survivor holds the lease (else it could be the one to take it).
      await Promise.all([replica.restart(), takeover.then(() => worker.restart())]);
      // The catch above ran first (attached first): the failure comes with the processes' last lines.
      const outcome = await flows.catch((e: unknown) => {
        throw failed ?? e;
      });
      await until(() => broadcastSends().length >= BROADCAST, 'the whole broadcast', 180_000);
      clearInterval(sampler);
      // Of those, the ones that reached Telegram by just after the kill: what a killed worker may have sent
      // without recording it, which is sent again (a request already written arrives a moment after the kill).
      const reached = new Set(
        fake.calls.filter((c) => c.at <= killedAt + 1000).map((c) => `${c.params.chat_id}\n${c.params.text}`),
      );
      chaos.workerInFlight = new Set(
        [...claimedBefore, ...claimedAfter].map((d) => `${d.chatId}\n${d.text}`).filter((k) => reached.has(k)),
      ).size;
      const sent = [...driver.updates.values()];
      console.log(
        `[e2e-cluster] ${sent.length} updates, ${sent.filter((u) => u.statuses.length > 1).length} sent again, in flight at the kill: ${chaos.replicaInFlight.length} (replica) / ${chaos.workerInFlight} (worker); ${Math.round((Date.now() - started) / 1000)} s`,
      );

      // Every update answered 200 in the end, and answered once: a repeated answer (a reply, an edit, the
      // press's answer) only for a user with an update in flight on the killed replica — handled there, then
      // again from Telegram's copy once its lease ran out.
      expect(sent.every((u) => u.statuses.at(-1) === 200)).toBe(true);
      const inFlightOf = (user: number) => chaos.replicaInFlight.filter((id) => driver.updates.get(id)?.user === user);
      const repeats = [...users.parents, ...users.students]
        .map((p) => ({ user: p.user, repeats: driver.repeatedAnswers(p.user), inFlight: inFlightOf(p.user).length }))
        .filter((r) => r.repeats > 0 && r.inFlight === 0);
      expect(repeats).toEqual([]);
      // Every multi-step flow finished, its steps on more than one replica; one report per family.
      expect(outcome.completed).toBe(PARENTS + STUDENTS);
      const portsOf = (ids: number[]) =>
        new Set(cluster.forwarder.log.filter((l) => l.status === 200 && ids.includes(l.updateId!)).map((l) => l.port));
      // Round-robin over 32 users at a time does not promise each flow a second replica: nearly all get one.
      const crossed = [...outcome.absences.values()].filter((ids) => portsOf(ids).size >= 2).length;
      expect(crossed).toBeGreaterThanOrEqual(Math.ceil(PARENTS * 0.75));
      expect(users.parents.filter((p) => portsOf(driver.byUser.get(p.user)!).size < 2)).toEqual([]);
      expect(new Set(cluster.forwarder.log.filter((l) => l.status === 200).map((l) => l.port)).size).toBe(3);
      const [{ reports }] = await db.ds.query(`SELECT count(*)::int AS reports FROM absence_report`);
      expect(reports).toBe(PARENTS);
      // The class teachers got each report and each message (repeats: at most the worker's sends in flight).
      const teacherChats = users.teachers.map((t) => t.user);
      const toTeachers = () =>
        fake.calls.filter(
          (c) => c.method === 'sendMessage' && c.response?.ok && teacherChats.includes(Number(c.params.chat_id)),
        );
      const cardsAndLetters = () => {
        const all = toTeachers();
        return {
          cards: all.filter((c) => c.params.text.startsWith('📝')),
          letters: all.filter((c) => c.params.text.includes('Вопрос от семьи')),
        };
      };
      await until(
        () => {
          const { cards: c, letters: l } = cardsAndLetters();
          return new Set([...c, ...l].map((x) => x.params.text)).size >= 2 * PARENTS;
        },
        'every card and message at the class teachers',
        120_000,
      );
      const { cards, letters } = cardsAndLetters();
      expect(new Set(cards.map((c) => c.params.text)).size).toBe(PARENTS);
      expect(new Set(letters.map((c) => c.params.text)).size).toBe(PARENTS);
      expect(cards.length + letters.length - 2 * PARENTS).toBeLessThanOrEqual(chaos.workerInFlight);
      expect(perChatViolations([...cards, ...letters], teacherChats)).toEqual([]);

      // The broadcast: every chat once (repeats only from the sends in flight), both workers, the shared rate.
      const sends = broadcastSends();
      expect(chaos.sentAtKill).toBeLessThan(BROADCAST);
      expect(new Set(sends.map((c) => c.params.chat_id)).size).toBe(BROADCAST);
      expect(sends.length - BROADCAST).toBeLessThanOrEqual(chaos.workerInFlight);
      expect(claimers.size).toBeGreaterThanOrEqual(2);
      // The shared rate: the drain as a whole took at least its messages' share of seconds at RATE (two workers
      // each at the full rate would take half). Checked on the whole drain, not second by second: on a loaded
      // machine paced sends arrive in bunches after a stall. The busiest second is printed.
      const at = sends.map((c) => c.at);
      expect((sends.length - 1) / ((Math.max(...at) - Math.min(...at)) / 1000)).toBeLessThanOrEqual(RATE * 1.1);
      console.log(
        `[e2e-cluster] broadcast: busiest second ${peakPerSecond(sends)} sends (rate ${RATE}/s); ${sends.length - BROADCAST} sent twice (at most ${chaos.workerInFlight} in flight at the kill)`,
      );
      expect(perChatViolations(fake.calls, broadcastChats)).toEqual([]);

      // No scheduled slot ran twice: the restarted worker's start-up catch-up took none of them again.
      expect(await slots()).toEqual(slotsBefore);

      // The feed: the surviving worker took the school's lease after the dead holder's ran out (never two
      // holders), within the lease's TTL of the kill plus one of the client's retries (a third of the TTL) and
      // a few seconds for the database and the poll on a loaded machine.
      const took = await takeover;
      expect(took.now.getTime()).toBeGreaterThanOrEqual(new Date(leaseAtKill.leaseUntil).getTime());
      expect(took.now.getTime() - new Date(leaseAtKill.now).getTime()).toBeLessThanOrEqual(
        FEED_LEASE_MS + FEED_LEASE_MS / 3 + 8000,
      );
      console.log(
        `[e2e-cluster] feed lease: taken by the survivor ${Math.round((took.now.getTime() - new Date(leaseAtKill.now).getTime()) / 1000)} s after the kill`,
      );
      // The mark published after the kill: applied once (one row, one outbox event), one notice to the family.
      await until(() => feed.server.acked(FEED_SCHOOL) >= liveMark, 'the mark published after the kill', 60_000);
      expect(
        await db.ds.query(`SELECT value FROM mark WHERE "schoolId" = $1 AND "externalId" = 'cluster-live-mark'`, [
          feed.schoolId,
        ]),
      ).toEqual([{ value: '5' }]);
      const [{ events }] = await db.ds.query(
        `SELECT count(*)::int AS events FROM outbox WHERE "schoolId" = $1 AND type = 'mark.set' AND NOT silent`,
        [feed.schoolId],
      );
      expect(events).toBe(1);
      const notices = () =>
        fake.calls.filter((c) => c.method === 'sendMessage' && c.response?.ok && Number(c.params.chat_id) === MOTHER);
      await until(() => notices().length > 0, "the mother's notice of the mark", 60_000);
      expect(notices()).toHaveLength(1);
      expect(notices()[0].params.text).toContain('Математика');
    }, 600_000);
  },
);
