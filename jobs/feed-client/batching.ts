import type { DataSource, EntityManager } from 'typeorm';
import {
  applyChange,
  applyUnchecked,
  attendanceNoOps,
  FeedRejection,
  loadVersions,
  saveVersions,
  versionKey,
  type RefCache,
} from '../../core/feed/apply.js';
import type { FeedChange } from '../../core/feed/protocol.js';
import { advance, deadLetter } from '../../core/feed/state.js';
import { joinWithoutSavepoints } from '../../core/unit-of-work.js';
import type { Logger } from '../../core/logger.js';
import type { AppliedInfo, FeedClientOptions } from './options.js';
import type { FeedProtocol, Item, SendAction } from './protocol.js';

/**
 * Applies queued items in batches: each batch through core/ with its outbox
 * events in one transaction that also records the seq; the ack goes out only
 * after commit.
 */

/** A change was rejected on the fast path: run the batch again with a savepoint per change. */
class RetryCarefully extends Error {}

/**
 * Splits a batch into parts applied one after another; a part of many
 * changes that only touch lessons (attendance, marks, homework) is split
 * again into lanes by lesson, applied in parallel transactions: changes of
 * one lesson stay in order in one lane and no two lanes lock the same rows.
 * Everything else (structure, timetable, deletions) keeps its place in order.
 */
export function partition(batch: Item[], lanes: number): Item[][][] {
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

function laneKey(i: Item): string | null {
  if (i.kind !== 'change') return null;
  const c = i.change;
  if (c.event === 'attendance.set' || c.event === 'homework.set') return c.data.lesson;
  if (c.event === 'mark.set') return c.data.lesson ?? `student:${c.data.student}`;
  if (c.event === 'periodMark.set') return `student:${c.data.student}`;
  return null;
}

function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const LEAF_EVENTS = new Set(['attendance.set', 'mark.set', 'homework.set', 'periodMark.set']);

export interface BatchingDeps extends Pick<FeedClientOptions, 'onApplied' | 'afterCommit'> {
  ds: DataSource;
  schoolId: number;
  holder: string;
  log: Logger;
  batchMax: number;
  lanes: number;
  cache: RefCache;
  protocol: FeedProtocol;
  /** The connection is still there (items of a closed connection are dropped). */
  isOpen(): boolean;
  isStopped(): boolean;
  send(action: SendAction): void;
  /** A batch failed: reconnect and resume from the last applied seq. */
  fail(e: unknown): void;
}

/** The queue of one school's connection and the batches it is applied in. */
export class Batching {
  private queue: Item[] = [];
  /** The batch being applied, if any. */
  draining: Promise<void> | null = null;

  constructor(private readonly d: BatchingDeps) {}

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }

  /** After a connection closed: waits for the batch in flight, drops the rest and what the cache learnt uncommitted. */
  async settle(): Promise<void> {
    await this.draining?.catch(() => {});
    this.queue = [];
    this.d.cache.rollback();
  }

  enqueue(item: Item): void {
    this.queue.push(item);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length && this.d.isOpen()) {
      const batch = this.queue.splice(0, this.d.batchMax);
      try {
        await this.applyBatch(batch);
      } catch (e) {
        this.queue = [];
        this.d.cache.rollback();
        this.d.fail(e);
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
      this.d.cache.rollback();
      await this.runBatch(batch, true);
    }
  }

  private async runBatch(batch: Item[], careful: boolean): Promise<void> {
    const { ds, protocol } = this.d;
    const infos: AppliedInfo[] = [];
    let lastSeq: number | null = null;
    let snapshotDone = false;
    for (const item of batch) {
      if (item.seq !== null) lastSeq = item.seq;
      if (item.kind === 'snapshotEnd') snapshotDone = true;
    }
    const finish = async (em: EntityManager) => {
      const applied: number = lastSeq ?? protocol.lastApplied;
      const caughtUp = protocol.caughtUpAt(applied, this.queue.length);
      const { schoolId, holder } = this.d;
      await advance(em, { schoolId, holder, lastSeq, head: protocol.head, caughtUp, snapshotDone });
    };
    const parts = careful ? [[batch]] : partition(batch, this.d.lanes);
    for (const [p, lanes] of parts.entries()) {
      const last = p === parts.length - 1;
      if (lanes.length === 1)
        await ds.transaction(async (em) => {
          infos.push(...(await this.runItems(em, lanes[0], careful)));
          if (last) await finish(em);
        });
      else {
        // Independent lessons in parallel transactions; the seq is stored after all of them commit.
        const results = await Promise.all(lanes.map((lane) => ds.transaction((em) => this.runItems(em, lane, false))));
        infos.push(...results.flat());
        if (last) await ds.transaction(finish);
      }
    }
    const committedAt = performance.now();
    this.d.cache.commit();
    const acks = protocol.committed(lastSeq, snapshotDone, new Date());
    if (lastSeq !== null) {
      await this.d.afterCommit?.(this.d.schoolId, lastSeq);
      if (this.d.isStopped() && !this.d.isOpen()) return;
      for (const ack of acks) this.d.send(ack);
    }
    if (this.d.onApplied) for (const i of infos) this.d.onApplied(this.d.schoolId, { ...i, committedAt });
  }

  /** Applies items in `em`: fast (one version read, no savepoints; a rejection reruns the batch carefully) or careful. */
  private async runItems(em: EntityManager, items: Item[], careful: boolean): Promise<AppliedInfo[]> {
    const infos: AppliedInfo[] = [];
    const changes = items.flatMap((i) => (i.kind === 'change' ? [i.change] : []));
    const known = careful ? null : await loadVersions(em, this.d.schoolId, changes);
    // Fast: any error rolls the whole transaction back (and reruns the batch carefully), so no savepoints inside.
    if (!careful) joinWithoutSavepoints(em);
    // In a run of lesson changes only (a lane), roll-call «present» marks that change nothing are known up front.
    const leafOnly = items.every((i) => i.kind === 'change' && LEAF_EVENTS.has(i.change.event));
    const fast: FastRun | null = known && {
      known,
      noOps: leafOnly ? await attendanceNoOps(em, this.d.schoolId, changes) : new Set<string>(),
      touched: new Set<string>(),
      applied: [],
    };
    for (const item of items) {
      if (item.kind === 'snapshotEnd') continue;
      if (item.kind === 'invalid') {
        await deadLetter(em, { schoolId: this.d.schoolId, seq: item.seq, reason: item.reason, message: item.raw });
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
      const startedAt = performance.now();
      const outcome = fast ? await this.applyFast(em, item, fast) : await this.applyCarefully(em, item);
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
    await saveVersions(em, this.d.schoolId, fast?.applied ?? []);
    return infos;
  }

  private context(item: ChangeItem) {
    const { schoolId, cache } = this.d;
    return { schoolId, actor: { kind: 'feed' as const, schoolId }, silent: item.silent, cache };
  }

  /** Without a savepoint: a stale version is skipped, a rejection reruns the whole batch carefully. */
  private async applyFast(em: EntityManager, item: ChangeItem, run: FastRun): Promise<AppliedInfo['outcome']> {
    const c = item.change;
    const key = versionKey(c);
    if ((run.known.get(key) ?? 0) >= c.version) return 'stale';
    const pair = c.event === 'attendance.set' ? `${c.data.lesson}\u0000${c.data.student}` : null;
    try {
      if (!(pair && run.noOps.has(c.externalId) && !run.touched.has(pair) && !c.clientId))
        await applyUnchecked(em, this.context(item), c);
      if (pair) run.touched.add(pair);
    } catch (e) {
      throw e instanceof FeedRejection ? new RetryCarefully() : e;
    }
    run.known.set(key, c.version);
    run.applied.push(c);
    return 'applied';
  }

  /** With a savepoint: a rejected change goes to the dead letters and the batch goes on. */
  private async applyCarefully(em: EntityManager, item: ChangeItem): Promise<AppliedInfo['outcome']> {
    const point = this.d.cache.checkpoint();
    try {
      return await em.transaction((inner) => applyChange(inner, this.context(item), item.change));
    } catch (e) {
      if (!(e instanceof FeedRejection)) throw e;
      this.d.cache.rollbackTo(point);
      this.d.log.warn(
        { seq: item.seq, event: item.change.event, reason: e.message.slice(0, 200) },
        'feed event dead-lettered',
      );
      await deadLetter(em, {
        schoolId: this.d.schoolId,
        seq: item.seq,
        eventId: item.id,
        type: item.change.event,
        externalId: item.change.externalId,
        reason: e.message,
        message: JSON.stringify(item.change),
      });
      return 'deadLetter';
    }
  }
}

type ChangeItem = Extract<Item, { kind: 'change' }>;
/** The fast path's state over one run of items: versions known, roll-call no-ops, what was applied. */
interface FastRun {
  known: Map<string, number>;
  noOps: Set<string>;
  touched: Set<string>;
  applied: FeedChange[];
}
