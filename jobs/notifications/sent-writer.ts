import type { DataSource } from 'typeorm';
import { markSent } from '../../core/notifications/delivery-queue.js';

/**
 * Writes "sent" for a worker's senders as a group commit: while one UPDATE is on its way, the rows that
 * finish meanwhile wait for the next one, which takes them all. A lone send is written at once (no timer,
 * no added latency); at full speed one statement covers every sender instead of one each (bench worker).
 * Each caller still waits for its own row to be written before it takes the next delivery, so a crash
 * leaves exactly what it left before: rows sent but not yet marked are still `sending`, and go out once
 * more when the worker's lock is gone (at-least-once, docs/notifications.md).
 */
export class SentWriter {
  private waiting: { id: string; messageId: number | null; done: (e?: Error) => void }[] = [];
  private writing = false;

  constructor(private readonly ds: DataSource) {}

  write(id: string, messageId: number | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        id,
        messageId,
        done: (e) => (e ? reject(e) : resolve()),
      });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0);
      try {
        await markSent(this.ds, batch);
        for (const b of batch) b.done();
      } catch (e) {
        for (const b of batch) b.done(e instanceof Error ? e : new Error(String(e)));
      }
    }
    this.writing = false;
  }
}

const writers = new WeakMap<DataSource, SentWriter>();

/** The one writer of a data source: every sender of the process's workers shares its statements. */
export function sentWriterFor(ds: DataSource): SentWriter {
  let w = writers.get(ds);
  if (!w) writers.set(ds, (w = new SentWriter(ds)));
  return w;
}
