import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity, OutboxEventEntity } from '../db/entities/index.js';
import { actorKey, type Actor } from './actor.js';

/** What a core function reads through: the data source, or the manager of a transaction it joins. */
export type Db = DataSource | EntityManager;

/** Domain event types written to the outbox; the notification worker switches on them. */
export type DomainEventType =
  | 'mark.set'
  | 'mark.changed'
  | 'mark.deleted'
  | 'absence.recorded'
  | 'homework.set'
  | 'lesson.changed'
  | 'periodMark.set'
  | 'periodMark.deleted'
  | 'access.compromised'
  | 'invitations.keyRetired'
  | 'feed.down'
  | 'feed.entryRejected'
  | 'feed.entriesStale'
  | 'paper.ready'
  | 'control.digest'
  | 'control.nudge'
  // School ↔ family (issue 8; handlers in core/absence-reports, messages, corrections, announcements).
  | 'absenceReport.created'
  | 'absenceReport.decided'
  | 'absenceReport.certificate'
  | 'absenceReport.reminder'
  | 'thread.message'
  | 'consultation.requested'
  | 'consultation.answered'
  | 'consultation.reminder'
  | 'correction.requested'
  | 'correction.resolved'
  | 'correction.escalated'
  | 'announcement.sent'
  | 'announcement.reminder'
  // The class's group chat (issue 19; handlers in core/class-group/notify.ts).
  | 'classGroup.refused'
  | 'classGroup.lost';

export interface EventOptions {
  /** Hold the event back until then (e.g. the correction window for marks). */
  availableAt?: Date;
  /** Written for the record only; nobody is notified (first sync, resync). */
  silent?: boolean;
  /**
   * When the change happened by the caller's clock (the worker plans by the same clock); default: the
   * database's now(). A change recorded under a moved clock is due at that clock's time, not the server's.
   */
  at?: Date;
  /** Receives the id of each outbox event written (a teacher's entry holds them until the e-journal answers). */
  collect?: string[];
}

/** Transactions whose use cases run without savepoints of their own (see joinWithoutSavepoints). */
const joined = new WeakSet<EntityManager>();

/**
 * Runs `fn` in one transaction; every write of a use case goes through here.
 * Given the manager of a transaction already open (the feed applying a change,
 * /today writing its audit row with the mark), TypeORM opens a savepoint on the
 * same connection, so the write commits with the caller's — unless the caller
 * joined it without savepoints.
 */
export function inTransaction<T>(db: Db, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return joined.has(db as EntityManager) ? fn(db as EntityManager) : db.transaction(fn);
}

/**
 * For a caller that throws away its whole transaction on any error (the feed's fast path reruns the batch
 * with a savepoint per change): use cases run in `em` join it as they are, without a SAVEPOINT and its
 * RELEASE around each — two round trips per write.
 */
export function joinWithoutSavepoints(em: EntityManager): void {
  joined.add(em);
}

/** Appends a domain event in the caller's transaction, so it commits (and NOTIFYs) with the change. */
/** The database's now() moved by the process clock's offset (0 unless CLOCK_START): the worker compares with that clock. */
const PROCESS_NOW = `now() + make_interval(secs => coalesce(nullif(current_setting('dnevnik.clock_offset_ms', true), ''), '0')::float8 / 1000)`;

export async function appendEvent(
  em: EntityManager,
  schoolId: number,
  type: DomainEventType,
  payload: Record<string, unknown>,
  opts: EventOptions = {},
): Promise<void> {
  const at = opts.at ?? (() => PROCESS_NOW);
  const res = await em
    .createQueryBuilder()
    .insert()
    .into(OutboxEventEntity)
    .values({
      schoolId,
      type,
      payload: payload as never,
      silent: opts.silent ?? false,
      createdAt: at as never,
      availableAt: (opts.availableAt ?? at) as never,
    })
    .execute();
  opts.collect?.push(String((res.identifiers[0] as { id: string | number }).id));
}

export async function audit(
  em: EntityManager,
  actor: Actor,
  action: string,
  entity?: { type: string; id: string | number },
  details?: Record<string, unknown>,
): Promise<void> {
  await em.insert(AuditEntryEntity, {
    actor: actorKey(actor),
    action,
    entity: entity?.type ?? null,
    entityId: entity ? String(entity.id) : null,
    details: (details ?? null) as never,
  });
}
