import { createHash } from 'node:crypto';

/**
 * MAX names a message by a string ("mid.…"); grammY and the features use Telegram's numbers. The
 * number is derived from the mid (48 bits of its SHA-256: stable across restarts and replicas, a safe
 * integer, collisions negligible at a school's volume), and the way back is learnt from every message
 * the adapter sends or receives, kept in a bounded map. A button pressed under an old message carries
 * that message in its update, so its mid is learnt again before the feature edits it; only a number
 * no update brought back since a restart is unknown (the edit fails as Telegram's "message to edit not
 * found" does, which the features already treat as a message too old to edit).
 */
export const numberOf = (key: string): number =>
  parseInt(createHash('sha256').update(key).digest('hex').slice(0, 12), 16);

export class MessageIds {
  private readonly mids = new Map<number, string>();
  constructor(private readonly capacity = 50_000) {}

  /** The number of a MAX message id; remembered for the way back. */
  idOf(mid: string): number {
    const id = numberOf(mid);
    this.mids.delete(id);
    this.mids.set(id, mid);
    if (this.mids.size > this.capacity) this.mids.delete(this.mids.keys().next().value!);
    return id;
  }

  /** The MAX id of a number given out earlier, or undefined. */
  midOf(id: number): string | undefined {
    return this.mids.get(id);
  }
}
