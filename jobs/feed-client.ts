import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import WebSocket from 'ws';
import type { Logger } from '../core/logger.js';
import {
  applyChange,
  applyUnchecked,
  attendanceNoOps,
  FeedRejection,
  loadVersions,
  RefCache,
  saveVersions,
  versionKey,
  type ApplyOutcome,
} from '../core/feed/apply.js';
import { encode, parseServerMessage, type FeedChange } from '../core/feed/protocol.js';
import {
  acquireLease,
  advance,
  deadLetter,
  ensureFeedState,
  LeaseLostError,
  notifyStaleFeeds,
  releaseLease,
  setStatus,
} from '../core/feed/state.js';
import type { Config } from '../core/config.js';
import { SchoolEntity } from '../db/entities/index.js';
import type { FeedStatus } from '../db/entities/index.js';

/**
 * The journal feed client (docs/journal-feed.md): one WebSocket per
 * configured school, held by one replica at a time (a lease in PostgreSQL).
 * Each event is applied through core/ with its outbox event in one
 * transaction that also records the seq; the ack goes out only after commit.
 */

/** The part of the browser WebSocket API the client uses: `ws` in production, mock-socket in tests. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (ev: { message?: string }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code?: number }) => void): void;
}
export type SocketFactory = (url: string) => SocketLike;

export const wsFactory: SocketFactory = (url) =>
  new WebSocket(url, { handshakeTimeout: 10_000, maxPayload: 16 * 2 ** 20 });

export interface FeedSchool {
  /** The school's id in the e-journal (its externalId here), or our numeric id. */
  school: string;
  url: string;
  /** Sent in the first message only; never logged. */
  token: string;
}

export interface AppliedInfo {
  seq: number | null;
  event: string;
  outcome: ApplyOutcome | 'deadLetter';
  silent: boolean;
  /** performance.now() when the frame arrived, when its apply started and ended, and when its batch committed. */
  arrivedAt: number;
  startedAt: number;
  appliedAt: number;
  committedAt: number;
}

export interface FeedClientOptions {
  ds: DataSource;
  logger: Logger;
  schools: FeedSchool[];
  /** This replica's name in the lease. */
  holder?: string;
  socket?: SocketFactory;
  heartbeatMs?: number;
  /** No frame for this long: the connection is dead, reconnect (default 3 heartbeats). */
  heartbeatTimeoutMs?: number;
  backoff?: { baseMs: number; capMs: number };
  leaseMs?: number;
  /** Changes older than this (by the teacher's time) are written silently even when live. */
  notifyMaxAgeMs?: number;
  /** Events per batch at most. */
  batchMax?: number;
  /** Parallel transactions for a batch's changes of independent lessons (1: one transaction per batch). */
  lanes?: number;
  /** Test and benchmark hooks. */
  onApplied?: (schoolId: number, info: AppliedInfo) => void;
  /** After a batch commits, before its ack is sent. */
  afterCommit?: (schoolId: number, lastSeq: number) => void | Promise<void>;
  random?: () => number;
}

/** A change was rejected on the fast path: run the batch again with a savepoint per change. */
class RetryCarefully extends Error {}

/**
 * Splits a batch into parts applied one after another; a part of many
 * changes that only touch lessons (attendance, marks, homework) is split
 * again into lanes by lesson, applied in parallel transactions: changes of
 * one lesson stay in order in one lane and no two lanes lock the same rows.
 * Everything else (structure, timetable, deletions) keeps its place in order.
 */
function partition(batch: Item[], lanes: number): Item[][][] {
  const laneKey = (i: Item): string | null => {
    if (i.kind !== 'change') return null;
    const c = i.change;
    if (c.event === 'attendance.set' || c.event === 'homework.set') return c.data.lesson;
    if (c.event === 'mark.set') return c.data.lesson ?? `student:${c.data.student}`;
    if (c.event === 'periodMark.set') return `student:${c.data.student}`;
    return null;
  };
  const parts: Item[][][] = [];
  let run: Item[] = [];
  let sequential: Item[] = [];
  const flushRun = () => {
    if (run.length >= 16 && lanes > 1) {
      if (sequential.length) parts.push([sequential]);
      sequential = [];
      const byLane: Item[][] = Array.from({ length: lanes }, () => []);
      for (const i of run) byLane[hashOf(laneKey(i)!) % lanes].push(i);
      parts.push(byLane.filter((l) => l.length));
    } else sequential.push(...run);
    run = [];
  };
  for (const i of batch) {
    if (laneKey(i) !== null) run.push(i);
    else {
      flushRun();
      sequential.push(i);
    }
  }
  flushRun();
  if (sequential.length) parts.push([sequential]);
  return parts.length ? parts : [[[]]];
}

function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const LEAF_EVENTS = new Set(['attendance.set', 'mark.set', 'homework.set', 'periodMark.set']);

/** The wait before reconnect number `attempt` (from 0): full jitter, a random time up to base·2^attempt, capped. */
export function backoffDelay(
  attempt: number,
  b: { baseMs: number; capMs: number },
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(b.capMs, b.baseMs * 2 ** Math.min(attempt, 30)));
}

type Item =
  | { kind: 'change'; seq: number | null; id: string | null; change: FeedChange; silent: boolean; arrivedAt: number }
  | { kind: 'invalid'; seq: number | null; reason: string; raw: string; arrivedAt: number }
  | { kind: 'snapshotEnd'; seq: number; arrivedAt: number };

const sleep = (ms: number, signal: { stopped: boolean; wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.wake = undefined;
      resolve();
    }
    signal.wake = done;
  });

/** One school's connection: lease, connect, hello, subscribe or snapshot, apply, ack; reconnect with backoff. */
export class SchoolFeed {
  status: FeedStatus | 'waiting' | 'stopped' = 'connecting';
  lastApplied = 0;
  head = 0;
  connected = false;
  reconnects = 0;
  private lastQueued = 0;
  private subscribed = false;
  private inSnapshot = false;
  private liveSince: Date | null = null;
  private queue: Item[] = [];
  private draining: Promise<void> | null = null;
  private ws: SocketLike | null = null;
  private attempt = 0;
  private lastFrameAt = 0;
  /** When the socket opened and whether the server answered the hello: an unanswered hello times out too. */
  private connectedAt = 0;
  private welcomed = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly cache = new RefCache();
  private readonly signal: { stopped: boolean; wake?: () => void } = { stopped: false };
  private closed: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private hasLease = false;
  private readonly log: Logger;

  constructor(
    private readonly o: Required<
      Pick<
        FeedClientOptions,
        | 'heartbeatMs'
        | 'heartbeatTimeoutMs'
        | 'backoff'
        | 'leaseMs'
        | 'notifyMaxAgeMs'
        | 'batchMax'
        | 'lanes'
        | 'random'
      >
    > &
      FeedClientOptions & { holder: string; socket: SocketFactory },
    readonly schoolId: number,
    private readonly cfg: FeedSchool,
    private readonly externalSchool: string = cfg.school,
  ) {
    this.log = o.logger.child({ component: 'feed', schoolId });
  }

  start(): void {
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    await ensureFeedState(this.o.ds, this.schoolId);
    while (!this.signal.stopped) {
      let delay: number;
      try {
        const lease = await acquireLease(this.o.ds, this.schoolId, this.o.holder, this.o.leaseMs);
        if (!lease) {
          this.status = 'waiting';
          await sleep(Math.max(50, this.o.leaseMs / 3), this.signal);
          continue;
        }
        this.hasLease = true;
        this.lastApplied = this.lastQueued = lease.lastSeq;
        this.head = Math.max(this.head, lease.head);
        this.liveSince = lease.liveSince;
        await this.connectOnce(lease.resyncRequested);
        delay = this.status === 'authFailed' ? this.o.backoff.capMs : this.backoffDelay();
      } catch (e) {
        this.log.error({ err: String(e) }, 'feed connection failed');
        delay = this.backoffDelay();
      }
      if (this.signal.stopped) break;
      this.reconnects++;
      await sleep(delay, this.signal);
    }
  }

  private backoffDelay(): number {
    return backoffDelay(this.attempt++, this.o.backoff, this.o.random);
  }

  private async connectOnce(resync: boolean): Promise<void> {
    this.status = 'connecting';
    this.subscribed = false;
    this.inSnapshot = false;
    this.queue = [];
    await setStatus(this.o.ds, { schoolId: this.schoolId, holder: this.o.holder, status: 'connecting' });
    const ws = this.o.socket(this.cfg.url);
    this.ws = ws;
    this.lastFrameAt = this.connectedAt = Date.now();
    this.welcomed = false;
    const done = new Promise<void>((resolve) => (this.closed = resolve));
    let errorText: string | null = null;
    ws.addEventListener('open', () => {
      this.connected = true;
      this.send({ type: 'hello', school: this.externalSchool, token: this.cfg.token, client: 'dnevnik' });
    });
    ws.addEventListener('message', (ev: { data: unknown }) => {
      if (this.ws !== ws) return;
      this.lastFrameAt = Date.now();
      this.onFrame(typeof ev.data === 'string' ? ev.data : String(ev.data), resync).catch((e) => this.fail(e));
    });
    ws.addEventListener('error', (ev: { message?: string }) => {
      errorText ??= ev?.message ? String(ev.message).slice(0, 200) : 'socket error';
    });
    ws.addEventListener('close', (ev: { code?: number }) => {
      if (this.ws !== ws) return;
      this.connected = false;
      this.log.info({ closeCode: ev?.code, lastSeq: this.lastApplied }, 'feed connection closed');
      this.closed?.();
    });
    this.timers.push(setInterval(() => this.heartbeat(), this.o.heartbeatMs));
    this.timers.push(setInterval(() => void this.renewLease(), Math.max(50, this.o.leaseMs / 3)));
    await done;
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.ws = null;
    await this.draining?.catch(() => {});
    this.queue = [];
    this.cache.rollback();
    if (this.hasLease && (this.status as string) !== 'authFailed') {
      this.status = 'down';
      await setStatus(this.o.ds, {
        schoolId: this.schoolId,
        holder: this.o.holder,
        status: 'down',
        error: errorText ?? 'connection closed',
      }).catch(() => {});
    }
  }

  private send(m: Record<string, unknown> & { type: string }): void {
    if (this.ws && this.ws.readyState === 1) this.ws.send(encode(m));
  }

  /** Closes the connection; `hard` drops it without the closing handshake (a dead peer would not answer). */
  private close(code = 1000, reason = '', hard = false): void {
    const ws = this.ws;
    if (!ws) return;
    const terminate = (ws as unknown as { terminate?: () => void }).terminate;
    try {
      if (hard && typeof terminate === 'function') terminate.call(ws);
      else ws.close(code, reason);
    } catch {
      // Already closing.
    }
    // Some sockets never report "close" for a dead peer: do not wait for it.
    const resolve = this.closed;
    setTimeout(() => resolve?.(), 1000).unref();
  }

  private fail(e: unknown): void {
    if (e instanceof LeaseLostError) {
      this.hasLease = false;
      this.log.warn('lease lost to another replica; closing the connection');
    } else
      this.log.error(
        { err: String(e).slice(0, 300), lastSeq: this.lastApplied },
        'feed apply failed; reconnecting to resume from the last applied seq',
      );
    this.close(1011, 'client error');
  }

  private heartbeat(): void {
    const now = Date.now();
    if (!this.welcomed && now - this.connectedAt > this.o.heartbeatTimeoutMs) {
      this.log.warn('the e-journal did not answer the hello; reconnecting');
      this.close(1000, 'handshake timeout', true);
      return;
    }
    if (now - this.lastFrameAt > this.o.heartbeatTimeoutMs) {
      this.log.warn({ lastSeq: this.lastApplied }, 'feed heartbeat timed out; reconnecting');
      this.close(1000, 'heartbeat timeout', true);
      return;
    }
    this.send({ type: 'ping', t: Date.now() });
  }

  private async renewLease(): Promise<void> {
    try {
      const lease = await acquireLease(this.o.ds, this.schoolId, this.o.holder, this.o.leaseMs);
      if (!lease) {
        this.hasLease = false;
        this.log.warn('lease lost to another replica; closing the connection');
        this.close(1000, 'lease lost');
      } else if (lease.resyncRequested && this.subscribed && !this.inSnapshot) {
        this.log.info('full resync requested by an administrator');
        this.inSnapshot = true;
        this.send({ type: 'snapshot' });
      }
    } catch (e) {
      this.log.error({ err: String(e) }, 'lease renewal failed');
    }
  }

  private caughtUp(): boolean {
    return this.subscribed && !this.inSnapshot && this.queue.length === 0 && this.lastApplied >= this.head;
  }

  private async onFrame(raw: string, resync: boolean): Promise<void> {
    const arrivedAt = performance.now();
    const parsed = parseServerMessage(raw);
    if (!parsed.ok) {
      this.log.warn({ seq: parsed.seq, reason: parsed.reason.slice(0, 200) }, 'invalid message from the feed');
      if (parsed.seq !== null && this.subscribed && !this.inSnapshot) {
        if (parsed.seq <= this.lastQueued) return;
        if (parsed.seq > this.lastQueued + 1) return this.gap(parsed.seq);
        this.lastQueued = parsed.seq;
      }
      this.enqueue({
        kind: 'invalid',
        seq: this.subscribed && !this.inSnapshot ? parsed.seq : null,
        reason: parsed.reason,
        raw: parsed.raw,
        arrivedAt,
      });
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'welcome':
        this.welcomed = true;
        this.attempt = 0;
        this.head = Math.max(this.head, m.head);
        if (this.lastApplied === 0 || resync) {
          this.inSnapshot = true;
          this.send({ type: 'snapshot' });
        } else this.send({ type: 'subscribe', since: this.lastApplied });
        return;
      case 'error':
        this.welcomed = true;
        if (m.code === 'auth_failed') {
          this.status = 'authFailed';
          this.log.error('the e-journal refused the school token (auth_failed); check FEED_SCHOOLS');
          await setStatus(this.o.ds, {
            schoolId: this.schoolId,
            holder: this.o.holder,
            status: 'authFailed',
            error: 'auth_failed',
          });
        } else this.log.error({ errorCode: m.code }, 'the e-journal reported an error');
        this.close(1000);
        return;
      case 'subscribed':
        this.subscribed = true;
        this.inSnapshot = false;
        this.head = Math.max(this.head, m.head);
        this.status = 'live';
        await setStatus(this.o.ds, {
          schoolId: this.schoolId,
          holder: this.o.holder,
          status: 'live',
          head: this.head,
          error: null,
          caughtUp: this.caughtUp(),
        });
        return;
      case 'snapshot.begin':
        this.inSnapshot = true;
        this.subscribed = false;
        this.status = 'snapshot';
        this.head = Math.max(this.head, m.seq);
        this.log.info({ seq: m.seq, count: m.count }, 'snapshot started');
        await setStatus(this.o.ds, {
          schoolId: this.schoolId,
          holder: this.o.holder,
          status: 'snapshot',
          head: this.head,
        });
        return;
      case 'snapshot.item':
        if (!this.inSnapshot) return;
        this.enqueue({ kind: 'change', seq: null, id: null, change: m, silent: true, arrivedAt });
        return;
      case 'snapshot.end':
        this.inSnapshot = false;
        this.subscribed = true;
        this.status = 'live';
        this.lastQueued = m.seq;
        this.enqueue({ kind: 'snapshotEnd', seq: m.seq, arrivedAt });
        return;
      case 'event': {
        if (!this.subscribed || this.inSnapshot) return;
        this.head = Math.max(this.head, m.seq);
        if (m.seq <= this.lastQueued) {
          // A duplicate (redelivered after a reconnect): nothing to apply; tell the server we have it.
          if (m.seq <= this.lastApplied && !this.queue.length) this.send({ type: 'ack', seq: this.lastApplied });
          return;
        }
        if (m.seq > this.lastQueued + 1) return this.gap(m.seq);
        this.lastQueued = m.seq;
        this.enqueue({
          kind: 'change',
          seq: m.seq,
          id: m.id,
          change: m,
          silent: this.silentFor(m.changedAt),
          arrivedAt,
        });
        return;
      }
      case 'ping':
        this.send({ type: 'pong', t: m.t });
        return;
      case 'pong':
        if (m.head !== undefined) this.head = Math.max(this.head, m.head);
        if (this.caughtUp() && !this.draining)
          await setStatus(this.o.ds, {
            schoolId: this.schoolId,
            holder: this.o.holder,
            status: 'live',
            head: this.head,
            caughtUp: true,
          });
        return;
    }
  }

  /** A seq was skipped: ask again from the last one we have; frames until `subscribed` are dropped. */
  private gap(seq: number): void {
    this.log.warn({ expected: this.lastQueued + 1, got: seq }, 'gap in the feed; resubscribing from the last seq');
    this.subscribed = false;
    this.send({ type: 'subscribe', since: this.lastQueued });
  }

  /** Only what a teacher changed after the feed went live, and recently, reaches families. */
  private silentFor(changedAt: string): boolean {
    if (!this.liveSince) return true;
    const t = Date.parse(changedAt);
    return t < this.liveSince.getTime() || Date.now() - t > this.o.notifyMaxAgeMs;
  }

  private enqueue(item: Item): void {
    this.queue.push(item);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length && this.ws) {
      const batch = this.queue.splice(0, this.o.batchMax);
      try {
        await this.applyBatch(batch);
      } catch (e) {
        this.queue = [];
        this.cache.rollback();
        this.fail(e);
        return;
      }
    }
  }

  /**
   * Applies a batch in one transaction. First without savepoints (the common
   * case: every change applies); if one change is rejected, the transaction
   * rolls back and the batch runs again with a savepoint per change, so the
   * rejected one goes to the dead letters and the others still apply.
   */
  private async applyBatch(batch: Item[]): Promise<void> {
    try {
      await this.runBatch(batch, false);
    } catch (e) {
      if (!(e instanceof RetryCarefully)) throw e;
      this.cache.rollback();
      await this.runBatch(batch, true);
    }
  }

  private async runBatch(batch: Item[], careful: boolean): Promise<void> {
    const infos: AppliedInfo[] = [];
    let lastSeq: number | null = null;
    let snapshotDone = false;
    for (const item of batch) {
      if (item.seq !== null) lastSeq = item.seq;
      if (item.kind === 'snapshotEnd') snapshotDone = true;
    }
    const finish = async (em: EntityManager) => {
      const applied: number = lastSeq ?? this.lastApplied;
      const caughtUp = this.subscribed && !this.inSnapshot && applied >= this.head && this.queue.length === 0;
      await advance(em, {
        schoolId: this.schoolId,
        holder: this.o.holder,
        lastSeq,
        head: this.head,
        caughtUp,
        snapshotDone,
      });
    };
    const parts = careful ? [[batch]] : partition(batch, this.o.lanes);
    for (const [p, lanes] of parts.entries()) {
      const last = p === parts.length - 1;
      if (lanes.length === 1)
        await this.o.ds.transaction(async (em) => {
          infos.push(...(await this.runItems(em, lanes[0], careful)));
          if (last) await finish(em);
        });
      else {
        // Independent lessons in parallel transactions; the seq is stored after all of them commit.
        const results = await Promise.all(
          lanes.map((lane) => this.o.ds.transaction((em) => this.runItems(em, lane, false))),
        );
        infos.push(...results.flat());
        if (last) await this.o.ds.transaction(finish);
      }
    }
    const committedAt = performance.now();
    this.cache.commit();
    if (snapshotDone && !this.liveSince) this.liveSince = new Date();
    if (lastSeq !== null) {
      this.lastApplied = lastSeq;
      await this.o.afterCommit?.(this.schoolId, lastSeq);
      if (this.signal.stopped && !this.ws) return;
      this.send({ type: 'ack', seq: lastSeq });
    }
    if (this.o.onApplied) for (const i of infos) this.o.onApplied(this.schoolId, { ...i, committedAt });
  }

  /** Applies items in `em`: fast (one version read, no savepoints; a rejection reruns the batch carefully) or careful. */
  private async runItems(em: EntityManager, items: Item[], careful: boolean): Promise<AppliedInfo[]> {
    const infos: AppliedInfo[] = [];
    const actor = { kind: 'feed' as const, schoolId: this.schoolId };
    const changes = items.flatMap((i) => (i.kind === 'change' ? [i.change] : []));
    const known = careful ? null : await loadVersions(em, this.schoolId, changes);
    // In a run of lesson changes only (a lane), roll-call «present» marks that change nothing are known up front.
    const leafOnly = items.every((i) => i.kind === 'change' && LEAF_EVENTS.has(i.change.event));
    const noOps = known && leafOnly ? await attendanceNoOps(em, this.schoolId, changes) : new Set<string>();
    const touched = new Set<string>();
    const appliedChanges: FeedChange[] = [];
    for (const item of items) {
      if (item.kind === 'snapshotEnd') continue;
      if (item.kind === 'invalid') {
        await deadLetter(em, { schoolId: this.schoolId, seq: item.seq, reason: item.reason, message: item.raw });
        infos.push({
          seq: item.seq,
          event: 'invalid',
          outcome: 'deadLetter',
          silent: true,
          arrivedAt: item.arrivedAt,
          startedAt: performance.now(),
          appliedAt: performance.now(),
          committedAt: 0,
        });
        continue;
      }
      const ctx = { schoolId: this.schoolId, actor, silent: item.silent, cache: this.cache };
      const startedAt = performance.now();
      let outcome: AppliedInfo['outcome'];
      if (known) {
        const key = versionKey(item.change);
        if ((known.get(key) ?? 0) >= item.change.version) outcome = 'stale';
        else {
          const c = item.change;
          const pair = c.event === 'attendance.set' ? `${c.data.lesson}\u0000${c.data.student}` : null;
          try {
            if (!(pair && noOps.has(c.externalId) && !touched.has(pair))) await applyUnchecked(em, ctx, c);
            if (pair) touched.add(pair);
          } catch (e) {
            throw e instanceof FeedRejection ? new RetryCarefully() : e;
          }
          known.set(key, item.change.version);
          appliedChanges.push(item.change);
          outcome = 'applied';
        }
      } else {
        const point = this.cache.checkpoint();
        try {
          outcome = await em.transaction((inner) => applyChange(inner, ctx, item.change));
        } catch (e) {
          if (!(e instanceof FeedRejection)) throw e;
          this.cache.rollbackTo(point);
          this.log.warn(
            { seq: item.seq, event: item.change.event, reason: e.message.slice(0, 200) },
            'feed event dead-lettered',
          );
          await deadLetter(em, {
            schoolId: this.schoolId,
            seq: item.seq,
            eventId: item.id,
            type: item.change.event,
            externalId: item.change.externalId,
            reason: e.message,
            message: JSON.stringify(item.change),
          });
          outcome = 'deadLetter';
        }
      }
      infos.push({
        seq: item.seq,
        event: item.change.event,
        outcome,
        silent: item.silent,
        arrivedAt: item.arrivedAt,
        startedAt,
        appliedAt: performance.now(),
        committedAt: 0,
      });
    }
    await saveVersions(em, this.schoolId, appliedChanges);
    return infos;
  }

  /** Stops: closes the socket, waits for the batch in flight, gives the lease back. */
  async stop(): Promise<void> {
    this.signal.stopped = true;
    this.signal.wake?.();
    this.close(1000, 'client stopping');
    await this.loop;
    this.status = 'stopped';
    if (this.hasLease) await releaseLease(this.o.ds, this.schoolId, this.o.holder).catch(() => {});
  }

  /** As if the process died: no ack, no goodbye, the lease left to expire (crash tests). */
  async kill(): Promise<void> {
    this.signal.stopped = true;
    this.signal.wake?.();
    const ws = this.ws;
    this.ws = null;
    for (const t of this.timers.splice(0)) clearInterval(t);
    const terminate = (ws as unknown as { terminate?: () => void } | null)?.terminate;
    if (ws && typeof terminate === 'function') terminate.call(ws);
    else ws?.close();
    this.closed?.();
    this.hasLease = false;
    await this.loop?.catch(() => {});
  }
}

export interface FeedClient {
  feeds: SchoolFeed[];
  stop(): Promise<void>;
}

/** Starts one connection per configured school (schools unknown here are logged and skipped). */
export async function startFeedClient(opts: FeedClientOptions): Promise<FeedClient> {
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
 * school's feed went stale.
 */
export function startFeed(deps: { ds: DataSource; config: Config; logger: Logger }): { stop(): Promise<void> } {
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
  }, 60_000);
  check.unref();
  return {
    async stop() {
      clearInterval(check);
      await (await client)?.stop();
    },
  };
}
