import type { EntityManager } from 'typeorm';
import type { Actor } from '../actor.js';
import type { EventOptions } from '../unit-of-work.js';
import type { FeedChange } from './protocol.js';

/** What applying one change needs: its errors, the cache of external ids, the handler type. */

/** A change the client cannot apply (invalid, unknown entity): it goes to the dead letters, the stream goes on. */
export class FeedRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedRejection';
  }
}

export type ApplyOutcome = 'applied' | 'unchanged' | 'stale';

/** External id → our id, per school; entries found inside a transaction count only once it commits. */
export class RefCache {
  private committed = new Map<string, number>();
  private pending: [string, number][] = [];
  private pendingMap = new Map<string, number>();
  get(key: string): number | undefined {
    return this.pendingMap.get(key) ?? this.committed.get(key);
  }
  set(key: string, id: number): void {
    this.pending.push([key, id]);
    this.pendingMap.set(key, id);
  }
  /** A point to roll back to when one change's savepoint is rolled back. */
  checkpoint(): number {
    return this.pending.length;
  }
  rollbackTo(point: number): void {
    this.pending.length = Math.min(point, this.pending.length);
    this.pendingMap = new Map(this.pending);
  }
  commit(): void {
    if (this.committed.size > 200_000) this.committed.clear();
    for (const [k, v] of this.pending) this.committed.set(k, v);
    this.rollbackTo(0);
  }
  rollback(): void {
    this.rollbackTo(0);
  }
}

export interface ApplyContext {
  schoolId: number;
  actor: Actor;
  /** Written for the record only: snapshot, first sync, or a change older than the feed's going live. */
  silent: boolean;
  cache: RefCache;
}

export type Handler<N extends FeedChange['event']> = (
  em: EntityManager,
  ctx: ApplyContext,
  c: Extract<FeedChange, { event: N }>,
  opts: EventOptions,
) => Promise<void>;

/** One handler per event of a group. */
export type Handlers<E extends FeedChange['event']> = { [N in E]: Handler<N> };
