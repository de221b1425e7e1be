import type { DataSource } from 'typeorm';
import { entryAccepted, entryRejected } from '../../core/feed/entries/answers.js';
import { claimNext, requeueUnanswered, resubmitUnanswered } from '../../core/feed/entries/sending.js';
import { UPSTREAM_VERSION, type EntryAccepted, type EntryRejected } from '../../core/feed/protocol.js';
import type { Logger } from '../../core/logger.js';
import type { OutgoingMessage } from './protocol.js';

/**
 * Sends a school's queued teachers' entries to its e-journal while the
 * connection speaks protocol v2 (docs/journal-feed.md, «Entries»): the oldest
 * open entry of each lane, the next one after its answer; unanswered ones go
 * again after a reconnect or a timeout (with backoff), always under the same
 * client id. Answers are written back in their own transactions.
 */
export interface UplinkOptions {
  ds: DataSource;
  schoolId: number;
  log: Logger;
  send(m: OutgoingMessage): void;
  /** How often the queue is looked at while live (new entries wait at most this long). */
  pollMs: number;
  /** An entry not answered for this long goes back to the queue. */
  answerTimeoutMs: number;
  backoff(attempts: number): number;
  /** Entries claimed per look. */
  batch: number;
}

export class Uplink {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private active = false;

  constructor(private readonly o: UplinkOptions) {}

  /** The connection negotiated v2: entries left unanswered on the last one go first. */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    const n = await resubmitUnanswered(this.o.ds, this.o.schoolId);
    if (n) this.o.log.info({ entries: n }, 'resubmitting entries left unanswered');
    this.timer = setInterval(() => this.wake(), this.o.pollMs);
    this.wake();
  }

  stop(): void {
    this.active = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Looks at the queue now (one pass at a time; a wake during a pass runs another after it). */
  wake(): void {
    if (!this.active) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((e) => this.o.log.error({ err: String(e).slice(0, 300) }, 'sending entries failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async pass(): Promise<void> {
    const { ds, schoolId } = this.o;
    await requeueUnanswered(ds, schoolId, this.o.answerTimeoutMs, (attempts) => this.o.backoff(attempts));
    for (;;) {
      if (!this.active) return;
      const next = await claimNext(ds, schoolId, this.o.batch);
      for (const e of next) this.o.send({ v: UPSTREAM_VERSION, type: 'entry', ...e.message });
      if (next.length < this.o.batch) return;
    }
  }

  /** The e-journal's answer: written back, then the lane's next entry can go. */
  async onAnswer(m: EntryAccepted | EntryRejected): Promise<void> {
    const { ds, schoolId } = this.o;
    if (m.type === 'entry.accepted') await entryAccepted(ds, schoolId, m);
    else {
      await entryRejected(ds, schoolId, m);
      this.o.log.info({ clientId: m.clientId, code: m.code }, 'the e-journal rejected an entry');
    }
    this.wake();
  }

  /** Waits for the pass in flight (on stop). */
  async settle(): Promise<void> {
    await this.running;
  }
}
