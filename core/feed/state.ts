import type { DataSource, EntityManager } from 'typeorm';
import type { FeedStatus, JournalOfRecord } from '../../db/entities/index.js';
import { appendEvent, inTransaction } from '../unit-of-work.js';

/**
 * The feed's bookkeeping in PostgreSQL, shared by every replica: the lease
 * that lets one replica hold a school's connection, the last applied seq, the
 * freshness the family views show, and the dead letters.
 */

/** Lag beyond which a school's data counts as stale (the default of FEED_STALE_MINUTES). */
export const DEFAULT_STALE_MINUTES = 5;

/** The school's feed row, created on first use. */
export async function ensureFeedState(ds: DataSource, schoolId: number): Promise<void> {
  await ds.query(
    `INSERT INTO feed_state ("schoolId", status) VALUES ($1, 'connecting') ON CONFLICT ("schoolId") DO NOTHING`,
    [schoolId],
  );
}

/**
 * Takes or renews the school's lease for `holder`: granted when nobody holds
 * it, it expired, or the holder already has it. Returns the state when granted.
 */
export async function acquireLease(ds: DataSource, schoolId: number, holder: string, ttlMs: number) {
  const rows: { lastSeq: string; head: string; liveSince: Date | null; resyncRequested: boolean }[] = await ds
    .query(
      `UPDATE feed_state SET holder = $2, "leaseUntil" = now() + make_interval(secs => $3::float8 / 1000), "updatedAt" = now()
      WHERE "schoolId" = $1 AND (holder IS NULL OR holder = $2 OR "leaseUntil" IS NULL OR "leaseUntil" < now())
      RETURNING "lastSeq", head, "liveSince", "resyncRequested"`,
      [schoolId, holder, ttlMs],
    )
    .then((r) => r[0]);
  const row = rows[0];
  return row
    ? {
        lastSeq: Number(row.lastSeq),
        head: Number(row.head),
        liveSince: row.liveSince,
        resyncRequested: row.resyncRequested,
      }
    : null;
}

export async function releaseLease(ds: DataSource, schoolId: number, holder: string): Promise<void> {
  await ds.query(
    `UPDATE feed_state SET holder = NULL, "leaseUntil" = NULL, status = 'down', "updatedAt" = now() WHERE "schoolId" = $1 AND holder = $2`,
    [schoolId, holder],
  );
}

/** Lost the lease (another replica took over): the transaction that noticed rolls back. */
export class LeaseLostError extends Error {
  constructor(schoolId: number) {
    super(`lease on school ${schoolId} lost`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Records the applied seq in the caller's transaction, fenced by the lease: a
 * replica that lost it cannot commit. `caughtUp` refreshes the freshness mark.
 */
export async function advance(
  em: EntityManager,
  i: {
    schoolId: number;
    holder: string;
    lastSeq: number | null;
    head: number;
    caughtUp: boolean;
    live?: boolean;
    snapshotDone?: boolean;
  },
): Promise<void> {
  const res = await em.query(
    `UPDATE feed_state SET "lastSeq" = COALESCE($3, "lastSeq"), head = GREATEST(head, $4), "lastEventAt" = now(), "updatedAt" = now(),
            "syncedAt" = CASE WHEN $5 THEN now() ELSE "syncedAt" END,
            "downNotifiedAt" = CASE WHEN $5 THEN NULL ELSE "downNotifiedAt" END,
            status = CASE WHEN $5 THEN 'live' ELSE status END,
            "liveSince" = CASE WHEN $6 THEN COALESCE("liveSince", now()) ELSE "liveSince" END,
            "resyncRequested" = CASE WHEN $6 THEN false ELSE "resyncRequested" END
      WHERE "schoolId" = $1 AND holder = $2 AND "leaseUntil" > now()`,
    [i.schoolId, i.holder, i.lastSeq, i.head, i.caughtUp, i.snapshotDone ?? false],
  );
  if (!res[1]) throw new LeaseLostError(i.schoolId);
}

/** The connection's state for ops, written by the holder (status, the head it was told, the last error). */
export async function setStatus(
  ds: DataSource,
  i: {
    schoolId: number;
    holder: string;
    status: FeedStatus;
    head?: number;
    error?: string | null;
    caughtUp?: boolean;
    protocolVersion?: number;
  },
): Promise<void> {
  await ds.query(
    `UPDATE feed_state SET status = $3, "protocolVersion" = COALESCE($8, "protocolVersion"), head = GREATEST(head, COALESCE($4, head)), "lastError" = CASE WHEN $5::text IS NULL AND NOT $6 THEN "lastError" ELSE $5 END,
            "syncedAt" = CASE WHEN $7 THEN now() ELSE "syncedAt" END,
            "downNotifiedAt" = CASE WHEN $7 THEN NULL ELSE "downNotifiedAt" END, "updatedAt" = now()
      WHERE "schoolId" = $1 AND holder = $2`,
    [
      i.schoolId,
      i.holder,
      i.status,
      i.head ?? null,
      i.error ?? null,
      i.error === null,
      i.caughtUp ?? false,
      i.protocolVersion ?? null,
    ],
  );
}

export async function deadLetter(
  em: EntityManager | DataSource,
  i: {
    schoolId: number;
    seq: number | null;
    eventId?: string | null;
    type?: string | null;
    externalId?: string | null;
    reason: string;
    message: string;
  },
): Promise<void> {
  await em.query(
    `INSERT INTO feed_dead_letter ("schoolId", seq, "eventId", type, "externalId", reason, message) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      i.schoolId,
      i.seq,
      i.eventId ?? null,
      i.type ?? null,
      i.externalId ?? null,
      i.reason.slice(0, 1000),
      i.message.slice(0, 20_000),
    ],
  );
}

export interface Freshness {
  /** The school's journal comes from a feed at all (else there is nothing to warn about). */
  fed: boolean;
  /** The feed is down or lags: family views say «данные на HH:MM, журнал школы временно недоступен». */
  stale: boolean;
  /** The last moment the journal was known to match the e-journal. */
  asOf: Date | null;
}

/** For the family views: is this school's journal current? Cheap (one primary-key read). */
export async function feedFreshness(
  ds: DataSource,
  schoolId: number,
  opts: { now: Date; staleMinutes?: number },
): Promise<Freshness> {
  const [row] = await ds.query(`SELECT "syncedAt" FROM feed_state WHERE "schoolId" = $1`, [schoolId]);
  if (!row) return { fed: false, stale: false, asOf: null };
  const asOf: Date | null = row.syncedAt;
  const limit = (opts.staleMinutes ?? DEFAULT_STALE_MINUTES) * 60_000;
  return { fed: true, stale: !asOf || opts.now.getTime() - asOf.getTime() > limit, asOf };
}

export interface FeedStatusRow {
  schoolId: number;
  school: string;
  /** The school's journal of record (a fed school is `external`). */
  journal: JournalOfRecord;
  status: FeedStatus;
  holder: string | null;
  leaseUntil: Date | null;
  lastSeq: number;
  head: number;
  /** Events the e-journal has that we have not applied. */
  lagEvents: number;
  /** Seconds since the journal was last known current (null: never synced). */
  lagSeconds: number | null;
  stale: boolean;
  liveSince: Date | null;
  syncedAt: Date | null;
  lastEventAt: Date | null;
  lastError: string | null;
  deadLetters: number;
  /** Teachers' entries not yet answered by the e-journal, and those it rejected (or found in conflict). */
  entriesPending: number;
  entriesRejected: number;
}

/** State and lag of every school's feed: for `feed status`, metrics and health checks. */
export async function feedStatus(ds: DataSource, opts: { staleMinutes?: number } = {}): Promise<FeedStatusRow[]> {
  // bigint columns and extract() come back as strings.
  const rows = await ds.query<
    (Omit<FeedStatusRow, 'lastSeq' | 'head' | 'lagEvents' | 'lagSeconds' | 'stale'> & {
      lastSeq: string;
      head: string;
      lagSeconds: string | null;
    })[]
  >(
    `SELECT f.*, s."shortName" AS school, s.journal, extract(epoch FROM now() - f."syncedAt") AS "lagSeconds",
            (SELECT count(*) FROM feed_dead_letter d WHERE d."schoolId" = f."schoolId")::int AS "deadLetters",
            (SELECT count(*) FROM feed_entry e WHERE e."schoolId" = f."schoolId" AND e.status IN ('queued', 'sent'))::int AS "entriesPending",
            (SELECT count(*) FROM feed_entry e WHERE e."schoolId" = f."schoolId" AND e.status IN ('rejected', 'conflict'))::int AS "entriesRejected"
       FROM feed_state f JOIN school s ON s.id = f."schoolId" ORDER BY f."schoolId"`,
  );
  const limit = (opts.staleMinutes ?? DEFAULT_STALE_MINUTES) * 60;
  return rows.map((r) => {
    const lagSeconds = r.lagSeconds === null ? null : Math.max(0, Math.round(Number(r.lagSeconds)));
    return {
      schoolId: r.schoolId,
      school: r.school,
      journal: r.journal,
      status: r.status,
      holder: r.holder,
      leaseUntil: r.leaseUntil,
      lastSeq: Number(r.lastSeq),
      head: Number(r.head),
      lagEvents: Math.max(0, Number(r.head) - Number(r.lastSeq)),
      lagSeconds,
      stale: lagSeconds === null || lagSeconds > limit,
      liveSince: r.liveSince,
      syncedAt: r.syncedAt,
      lastEventAt: r.lastEventAt,
      lastError: r.lastError,
      deadLetters: r.deadLetters,
      entriesPending: r.entriesPending,
      entriesRejected: r.entriesRejected,
    };
  });
}

/** The same figures in the Prometheus text format, for a /metrics endpoint. */
export function feedMetricsText(rows: FeedStatusRow[]): string {
  const lines = [
    '# HELP dnevnik_feed_lag_events Events the school e-journal has that are not applied yet.',
    '# TYPE dnevnik_feed_lag_events gauge',
    ...rows.map((r) => `dnevnik_feed_lag_events{school="${r.schoolId}"} ${r.lagEvents}`),
    '# HELP dnevnik_feed_lag_seconds Seconds since the journal was last known to match the e-journal.',
    '# TYPE dnevnik_feed_lag_seconds gauge',
    ...rows.map((r) => `dnevnik_feed_lag_seconds{school="${r.schoolId}"} ${r.lagSeconds ?? -1}`),
    '# HELP dnevnik_feed_up 1 when the school feed is live and current.',
    '# TYPE dnevnik_feed_up gauge',
    ...rows.map((r) => `dnevnik_feed_up{school="${r.schoolId}"} ${r.status === 'live' && !r.stale ? 1 : 0}`),
    "# HELP dnevnik_feed_dead_letters Dead letters of the school feed: events not applied and teachers' entries the e-journal rejected.",
    '# TYPE dnevnik_feed_dead_letters gauge',
    ...rows.map((r) => `dnevnik_feed_dead_letters{school="${r.schoolId}"} ${r.deadLetters}`),
    "# HELP dnevnik_feed_entries_pending Teachers' entries waiting to be sent to or answered by the school e-journal.",
    '# TYPE dnevnik_feed_entries_pending gauge',
    ...rows.map((r) => `dnevnik_feed_entries_pending{school="${r.schoolId}"} ${r.entriesPending}`),
    "# HELP dnevnik_feed_entries_rejected Teachers' entries the school e-journal rejected or found in conflict.",
    '# TYPE dnevnik_feed_entries_rejected gauge',
    ...rows.map((r) => `dnevnik_feed_entries_rejected{school="${r.schoolId}"} ${r.entriesRejected}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Tells the administrator once that a school's feed is down or lagging: a
 * `feed.down` outbox event when the data went stale, not again until it has
 * been current once more. Safe to run on every replica at once.
 */
export async function notifyStaleFeeds(ds: DataSource, opts: { staleMinutes?: number } = {}): Promise<number[]> {
  const minutes = opts.staleMinutes ?? DEFAULT_STALE_MINUTES;
  return inTransaction(ds, async (em) => {
    const rows: { schoolId: number; syncedAt: Date | null; status: string; lastError: string | null }[] = await em
      .query(
        `UPDATE feed_state SET "downNotifiedAt" = now(),
              status = CASE WHEN "leaseUntil" IS NULL OR "leaseUntil" < now() THEN 'down' ELSE status END
        WHERE "downNotifiedAt" IS NULL
          AND (("liveSince" IS NOT NULL AND "syncedAt" < now() - make_interval(mins => $1)) OR status = 'authFailed')
        RETURNING "schoolId", "syncedAt", status, "lastError"`,
        [minutes],
      )
      .then((r) => r[0]);
    for (const r of rows)
      await appendEvent(em, r.schoolId, 'feed.down', {
        schoolId: r.schoolId,
        asOf: r.syncedAt?.toISOString() ?? null,
        status: r.status,
        reason: r.lastError,
      });
    return rows.map((r) => r.schoolId);
  });
}

/** Asks the holder of the school's connection for a full resync (silent), e.g. after fixing dead letters. */
export async function requestResync(ds: DataSource, schoolId: number): Promise<boolean> {
  const res = await ds.query(
    `UPDATE feed_state SET "resyncRequested" = true, "updatedAt" = now() WHERE "schoolId" = $1`,
    [schoolId],
  );
  return res[1] > 0;
}
