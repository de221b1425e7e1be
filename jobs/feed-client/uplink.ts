import type { DataSource } from 'typeorm';
import { entriesAccepted, entryRejected } from '../../core/feed/entries/answers.js';
import { claimNext, requeueUnanswered, resubmitUnanswered } from '../../core/feed/entries/sending.js';
import { UPSTREAM_VERSION, type EntryAccepted, type EntryRejected } from '../../core/feed/protocol.js';
import type { Logger } from '../../core/logger.js';
import type { OutgoingMessage } from './protocol.js';

/**
 * Sends a school's queued teachers' entries to its e-journal while the
 * connection speaks protocol v2 (docs/journal-feed.md, «Entries»): the oldest
 * open entry of each lane, the next one after its answer; unanswered ones go
 * again after a reconnect or a timeout (with backoff), always under the same
 * client id. Answers are written back in their own transactions: acceptances
 * that arrive while one group is being written go together in the next.
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
  /** The timer fired since the last pass: look for entries whose answer timed out too. */
  private timeoutsDue = true;
  /** Acceptances waiting to be written, and the writing in flight. */
  private accepted: EntryAccepted[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly o: UplinkOptions) {}

  /** The connection negotiated v2: entries left unanswered on the last one go first. */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    const n = await resubmitUnanswered(this.o.ds, this.o.schoolId);
    if (n) this.o.log.info({ entries: n }, 'resubmitting entries left unanswered');
    this.timer = setInterval(() => {
      this.timeoutsDue = true;
      this.wake();
    }, this.o.pollMs);
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
    // Timeouts are looked for on the timer only: a wake after an answer just sends what that answer unblocked.
    if (this.timeoutsDue) {
      this.timeoutsDue = false;
      await requeueUnanswered(ds, schoolId, this.o.answerTimeoutMs, (attempts) => this.o.backoff(attempts));
    }
    for (;;) {
      if (!this.active) return;
      const next = await claimNext(ds, schoolId, this.o.batch);
      for (const e of next) this.o.send({ v: UPSTREAM_VERSION, type: 'entry', ...e.message });
      if (next.length < this.o.batch) return;
    }
  }

  /** The e-journal's answer: written back (resolves once it is), then the lane's next entry can go. */
  async onAnswer(m: EntryAccepted | EntryRejected): Promise<void> {
    if (m.type === 'entry.accepted') {
      this.accepted.push(m);
      return (this.writing ??= this.writeAccepted());
    }
    await entryRejected(this.o.ds, this.o.schoolId, m);
    this.o.log.info({ clientId: m.clientId, code: m.code }, 'the e-journal rejected an entry');
    this.wake();
  }

  /** Writes the acceptances in groups until none wait (a failed group stays `sent` and goes again after the timeout). */
  private async writeAccepted(): Promise<void> {
    try {
      while (this.accepted.length) {
        await entriesAccepted(this.o.ds, this.o.schoolId, this.accepted.splice(0));
        this.wake();
      }
    } finally {
      this.writing = null;
    }
  }

  /** Waits for the pass and the answers in flight (on stop). */
  async settle(): Promise<void> {
    await this.running;
    await this.writing?.catch(() => {});
  }
}
