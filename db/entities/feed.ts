import { EntitySchema } from 'typeorm';
import { id, ref, text, bool, ts, createdAt, updatedAt, fk } from './columns.js';

/** Where a school's journal feed stands (docs/journal-feed.md); one row per configured school. */
export type FeedStatus = 'connecting' | 'snapshot' | 'live' | 'down' | 'authFailed';

export interface FeedState {
  schoolId: number;
  /** The last event applied (committed with its journal change); the client resumes after it. */
  lastSeq: string;
  /** The newest seq the e-journal has announced; head − lastSeq is the lag in events. */
  head: string;
  status: FeedStatus;
  /** When the first full sync finished: changes made before it never notify. */
  liveSince: Date | null;
  /** The last moment the journal was known to be up to date with the e-journal. */
  syncedAt: Date | null;
  lastEventAt: Date | null;
  lastError: string | null;
  /** The replica holding the school's connection, and until when (a lease renewed while it lives). */
  holder: string | null;
  leaseUntil: Date | null;
  /** Set when the administrator was told the feed is down; cleared when it is back. */
  downNotifiedAt: Date | null;
  /** An administrator asked for a full resync (`feed resync`). */
  resyncRequested: boolean;
  /** The protocol version negotiated at the last subscribe: 2 takes teachers' entries, 1 is read-only. */
  protocolVersion: number | null;
  updatedAt: Date;
}
export const FeedStateEntity = new EntitySchema<FeedState>({
  name: 'FeedState',
  tableName: 'feed_state',
  columns: {
    schoolId: { type: 'int', primary: true, foreignKey: fk('School', 'fk_feed_state_schoolId', 'CASCADE') },
    lastSeq: { type: 'bigint', default: 0 },
    head: { type: 'bigint', default: 0 },
    status: text(),
    liveSince: ts(true),
    syncedAt: ts(true),
    lastEventAt: ts(true),
    lastError: text(true),
    holder: text(true),
    leaseUntil: ts(true),
    downNotifiedAt: ts(true),
    resyncRequested: bool(false),
    protocolVersion: { type: 'int', nullable: true },
    updatedAt: updatedAt(),
  },
  checks: [
    { name: 'ck_feed_state_status', expression: `"status" IN ('connecting','snapshot','live','down','authFailed')` },
  ],
});

/** The e-journal's version of each entity it sent: an older version never overwrites a newer one. */
export interface FeedVersion {
  schoolId: number;
  kind: string;
  externalId: string;
  version: string;
  changedAt: Date | null;
}
export const FeedVersionEntity = new EntitySchema<FeedVersion>({
  name: 'FeedVersion',
  tableName: 'feed_version',
  columns: {
    schoolId: { type: 'int', primary: true, foreignKey: fk('School', 'fk_feed_version_schoolId', 'CASCADE') },
    kind: { type: 'text', primary: true },
    externalId: { type: 'text', primary: true },
    version: { type: 'bigint' },
    changedAt: ts(true),
  },
});

/** An event the client could not apply (invalid, or about an unknown entity), kept for the administrator. */
export interface FeedDeadLetter {
  id: number;
  schoolId: number;
  seq: string | null;
  eventId: string | null;
  type: string | null;
  externalId: string | null;
  reason: string;
  message: string;
  receivedAt: Date;
}
export const FeedDeadLetterEntity = new EntitySchema<FeedDeadLetter>({
  name: 'FeedDeadLetter',
  tableName: 'feed_dead_letter',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_feed_dead_letter_schoolId', 'CASCADE')),
    seq: { type: 'bigint', nullable: true },
    eventId: text(true),
    type: text(true),
    externalId: text(true),
    reason: text(),
    message: text(),
    receivedAt: createdAt(),
  },
  indices: [{ name: 'ix_feed_dead_letter_school', columns: ['schoolId', 'receivedAt'] }],
});

export const feedEntities = [FeedStateEntity, FeedVersionEntity, FeedDeadLetterEntity];
