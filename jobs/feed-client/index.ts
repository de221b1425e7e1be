import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { notifyStaleFeeds } from '../../core/feed/state.js';
import { notifyStaleEntries } from '../../core/feed/entries/stale.js';
import { assertFeedSchoolsExternal } from '../../core/school/journal.js';
import type { Logger } from '../../core/logger.js';
import { SchoolEntity } from '../../db/entities/index.js';
import { SchoolFeed, wsFactory } from './connection.js';
import type { FeedClientOptions } from './options.js';

/**
 * The journal feed client (docs/journal-feed.md): one WebSocket per
 * configured school, held by one replica at a time (a lease in PostgreSQL).
 * Each event is applied through core/ with its outbox event in one
 * transaction that also records the seq; the ack goes out only after commit.
 * connection.ts holds the socket, the heartbeat, the lease and the backoff;
 * protocol.ts the frame state machine; batching.ts the transactions.
 */

export { backoffDelay, SchoolFeed, wsFactory } from './connection.js';
export type { AppliedInfo, FeedClientOptions, FeedSchool, SocketFactory, SocketLike } from './options.js';

export interface FeedClient {
  feeds: SchoolFeed[];
  stop(): Promise<void>;
}

/**
 * Starts one connection per configured school (schools unknown here are logged and skipped).
 * Refuses (FeedConfigError) when a configured school's journal of record is `internal`.
 */
export async function startFeedClient(opts: FeedClientOptions): Promise<FeedClient> {
  await assertFeedSchoolsExternal(opts.ds, opts.schools);
  const o = {
    heartbeatMs: 15_000,
    backoff: { baseMs: 1000, capMs: 60_000 },
    leaseMs: 30_000,
    notifyMaxAgeMs: 24 * 3600_000,
    batchMax: 400,
    lanes: 6,
    random: Math.random,
    socket: wsFactory,
    holder: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    ...opts,
  };
  const full = { ...o, heartbeatTimeoutMs: opts.heartbeatTimeoutMs ?? o.heartbeatMs * 3 };
  const log = opts.logger.child({ component: 'feed' });
  const feeds: SchoolFeed[] = [];
  for (const cfg of opts.schools) {
    const school = /^\d+$/.test(cfg.school)
      ? await opts.ds.manager.findOneBy(SchoolEntity, { id: Number(cfg.school) })
      : await opts.ds.manager.findOneBy(SchoolEntity, { externalId: cfg.school });
    if (!school) {
      log.error({ school: cfg.school }, 'FEED_SCHOOLS names a school that is not in the database; skipped');
      continue;
    }
    if (feeds.some((f) => f.schoolId === school.id)) {
      log.error({ schoolId: school.id }, 'FEED_SCHOOLS names a school twice; the second entry is skipped');
      continue;
    }
    const feed = new SchoolFeed(full, school.id, cfg, school.externalId ?? cfg.school);
    feeds.push(feed);
    feed.start();
  }
  log.info({ schools: feeds.map((f) => f.schoolId), holder: full.holder }, 'journal feed client started');
  return {
    feeds,
    async stop() {
      await Promise.all(feeds.map((f) => f.stop()));
    },
  };
}

/**
 * The feed's part of a worker: the connections of FEED_SCHOOLS (when set) and,
 * on every replica, the minute check that tells the administrator once when a
 * school's feed went stale, and each teacher once about entries for the
 * school's e-journal waiting longer than FEED_STALE_MINUTES.
 */
export function startFeed(deps: {
  ds: DataSource;
  config: Config;
  logger: Logger;
  /** Whose «now» decides how long an entry has waited. */
  clock: Clock;
  /** How often the check runs (a minute; tests make it short). */
  checkEveryMs?: number;
}): { stop(): Promise<void> } {
  const c = deps.config;
  const log = deps.logger.child({ component: 'feed' });
  const client = c.FEED_SCHOOLS.length
    ? startFeedClient({
        ds: deps.ds,
        logger: deps.logger,
        schools: c.FEED_SCHOOLS,
        heartbeatMs: c.FEED_HEARTBEAT_SECONDS * 1000,
        notifyMaxAgeMs: c.FEED_NOTIFY_MAX_AGE_HOURS * 3600_000,
      }).catch((e) => {
        log.error({ err: String(e) }, 'journal feed client did not start');
        return null;
      })
    : Promise.resolve(null);
  const check = setInterval(() => {
    notifyStaleFeeds(deps.ds, { staleMinutes: c.FEED_STALE_MINUTES })
      .then(
        (schools) => schools.length && log.warn({ schools }, 'journal feed down or lagging; administrators notified'),
      )
      .catch((e) => log.error({ err: String(e) }, 'feed freshness check failed'));
    notifyStaleEntries(deps.ds, { staleMinutes: c.FEED_STALE_MINUTES, now: deps.clock.now() })
      .then((teachers) => teachers && log.warn({ teachers }, 'entries waiting for the e-journal; teachers told'))
      .catch((e) => log.error({ err: String(e) }, 'stale entries check failed'));
  }, deps.checkEveryMs ?? 60_000);
  check.unref();
  return {
    async stop() {
      clearInterval(check);
      await (await client)?.stop();
    },
  };
}
