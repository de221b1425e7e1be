import { EntitySchema } from 'typeorm';
import { ref, text, bool, ts, createdAt, json, actor } from './columns.js';

/** Who did what, when. `void` marks operations of an account after it reported a compromise (003 §3.4). */
export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entity: string | null;
  entityId: string | null;
  details: Record<string, unknown> | null;
  void: boolean;
}
export const AuditEntryEntity = new EntitySchema<AuditEntry>({
  name: 'AuditEntry',
  tableName: 'audit_log',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    at: createdAt(),
    actor: actor(),
    action: text(),
    entity: text(true),
    entityId: text(true),
    details: json(true),
    void: bool(false),
  },
  indices: [{ name: 'ix_audit_actor_at', columns: ['actor', 'at'] }],
});

/**
 * Domain events written in the same transaction as the change they describe;
 * the notification worker (jobs/) delivers them. `availableAt` lets a consumer
 * hold an event back (e.g. the correction window for marks).
 */
export interface OutboxEvent {
  id: string;
  schoolId: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  availableAt: Date;
  processedAt: Date | null;
  attempts: number;
  lastError: string | null;
  silent: boolean;
}
export const OutboxEventEntity = new EntitySchema<OutboxEvent>({
  name: 'OutboxEvent',
  tableName: 'outbox',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    schoolId: ref(),
    type: text(),
    payload: json(),
    createdAt: createdAt(),
    availableAt: { type: 'timestamptz', default: () => 'now()' },
    processedAt: ts(true),
    attempts: { type: 'int', default: 0 },
    lastError: text(true),
    silent: bool(false),
  },
  indices: [{ name: 'ix_outbox_pending', columns: ['availableAt'], where: '"processedAt" IS NULL' }],
});

export const auditOutboxEntities = [AuditEntryEntity, OutboxEventEntity];
