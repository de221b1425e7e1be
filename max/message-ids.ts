import { createHash } from 'node:crypto';

/**
 * MAX names a message by a string ("mid.…"); grammY and the features use Telegram's numbers. The
 * number is derived from the mid (48 bits of its SHA-256: stable across restarts and replicas, a safe
 * integer, collisions negligible at a school's volume), and the way back is learnt from every message
 * the adapter sends or receives, kept in a bounded map. A button pressed under an old message carries
 * that message in its update, so its mid (and text) is learnt again before the feature edits it; only a number
 * no update brought back since a restart is unknown (the edit fails as Telegram's "message to edit not
 * found" does, which the features already treat as a message too old to edit).
 */
export const numberOf = (key: string): number =>
  parseInt(createHash('sha256').update(key).digest('hex').slice(0, 12), 16);

/** A message's text as last sent or seen: MAX edits replace the text, so a keyboard-only edit sends it again. */
export interface KnownText {
  text: string;
  format?: 'html';
}

export class MessageIds {
  private readonly known = new Map<number, { mid: string; text?: KnownText }>();
  constructor(private readonly capacity = 50_000) {}

  /** The number of a MAX message id; remembered for the way back (with its text when given). */
  idOf(mid: string, text?: KnownText): number {
    const id = numberOf(mid);
    const before = this.known.get(id);
    this.known.delete(id);
    this.known.set(id, { mid, text: before?.text?.format ? before.text : (text ?? before?.text) });
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value!);
    return id;
  }

  /** The MAX id of a number given out earlier, or undefined. */
  midOf(id: number): string | undefined {
    return this.known.get(id)?.mid;
  }

  /** The text the message was last sent or seen with, or undefined. */
  textOf(id: number): KnownText | undefined {
    return this.known.get(id)?.text;
  }
}
