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

/** Where a teacher's entry for the school's e-journal stands (protocol v2). */
export type FeedEntryStatus = 'queued' | 'sent' | 'accepted' | 'applied' | 'rejected' | 'conflict';

/**
 * The durable upstream queue (issue 18): a teacher's entry for an `external` school, written in the same
 * transaction as the local pending change, sent to the e-journal in order per lane (a lesson), kept while
 * the feed is down, and answered: accepted (then applied by its client id) or rejected / in conflict
 * (kept with the reason as the dead letter the teacher sees; the local change rolled back).
 */
export interface FeedEntry {
  id: number;
  schoolId: number;
  clientId: string;
  /** Entries of one lane are sent one at a time, in order (a lesson; a student's period marks). */
  lane: string;
  kind: string;
  staffId: number | null;
  lessonId: number | null;
  /** The local row the entry wrote (mark, attendance, lesson, period mark) and its id. */
  targetType: string;
  targetId: number | null;
  /** The entry as sent (the `entry` message without v and type). */
  message: Record<string, unknown>;
  /** The local state before the teacher's change (restored on a rejection) and after it (what the teacher set, with labels). */
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  /** Outbox events held until the e-journal accepts (then released) or rejects (then silenced). */
  heldEvents: string[];
  status: FeedEntryStatus;
  attempts: number;
  nextAttemptAt: Date;
  sentAt: Date | null;
  answeredAt: Date | null;
  code: string | null;
  reason: string | null;
  /** With a conflict: the e-journal's state, which stands. */
  theirs: Record<string, unknown> | null;
  externalId: string | null;
  version: string | null;
  /** When the teacher was told the entry waits longer than FEED_STALE_MINUTES (told once). */
  staleToldAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
export const FeedEntryEntity = new EntitySchema<FeedEntry>({
  name: 'FeedEntry',
  tableName: 'feed_entry',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_feed_entry_schoolId', 'CASCADE')),
    clientId: { type: 'text', unique: true },
    lane: text(),
    kind: text(),
    staffId: ref(true),
    lessonId: ref(true),
    targetType: text(),
    targetId: ref(true),
    message: { type: 'jsonb' },
    before: { type: 'jsonb', nullable: true },
    after: { type: 'jsonb' },
    heldEvents: { type: 'jsonb', default: () => "'[]'" },
    status: text(),
    attempts: { type: 'int', default: 0 },
    nextAttemptAt: { type: 'timestamptz', default: () => 'now()' },
    sentAt: ts(true),
    answeredAt: ts(true),
    code: text(true),
    reason: text(true),
    theirs: { type: 'jsonb', nullable: true },
    externalId: text(true),
    version: { type: 'bigint', nullable: true },
    staleToldAt: ts(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  checks: [
    {
      name: 'ck_feed_entry_status',
      expression: `"status" IN ('queued','sent','accepted','applied','rejected','conflict')`,
    },
  ],
  indices: [
    { name: 'ix_feed_entry_open', columns: ['schoolId', 'lane', 'id'], where: `"status" IN ('queued','sent')` },
    { name: 'ix_feed_entry_lesson', columns: ['lessonId', 'id'] },
    // The last accepted entry for the same row, looked up for each entry sent (migration 1764793180000).
    { name: 'ix_feed_entry_target', columns: ['targetType', 'targetId', 'id'] },
  ],
});

export const feedEntities = [FeedStateEntity, FeedVersionEntity, FeedDeadLetterEntity, FeedEntryEntity];
