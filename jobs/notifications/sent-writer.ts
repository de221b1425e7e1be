import type { DataSource } from 'typeorm';
import { markSent } from '../../core/notifications/delivery-queue.js';
import { GroupCommit } from '../../db/stores/group-commit.js';

/**
 * "Sent" is written as a group commit (db/stores/group-commit.ts): while one UPDATE is on its way, the
 * rows that finish meanwhile wait for the next one, which takes them all. Each caller still waits for its
 * own row to be written before it takes the next delivery, so a crash leaves exactly what it left before:
 * rows sent but not yet marked are still `sending`, and go out once more when the worker's lock is gone
 * (at-least-once, docs/notifications.md).
 */
export type SentWriter = GroupCommit<{ id: string; messageId: number | null }>;

const writers = new WeakMap<DataSource, SentWriter>();

/** The one writer of a data source: every sender of the process's workers shares its statements. */
export function sentWriterFor(ds: DataSource): SentWriter {
  let w = writers.get(ds);
  if (!w) writers.set(ds, (w = new GroupCommit((rows) => markSent(ds, rows))));
  return w;
}
