import type { EntityManager } from 'typeorm';
import type { EntryKind } from '../upstream-protocol.js';
import { newClientId, NotInJournalError, type Upstream } from './mode.js';

/** Queues a teacher's entry in the caller's transaction (the one that wrote the local change). */

export interface QueuedEntry {
  schoolId: number;
  staffId: number;
  lessonId: number | null;
  lane: string;
  kind: EntryKind;
  targetType: 'mark' | 'attendance' | 'lesson' | 'periodMark';
  targetId: number | null;
  /** The entity in the e-journal (external id) and the version applied here, when known. */
  externalId: string | null;
  versionKind: string;
  data: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  enteredAt: Date;
}

/** The e-journal's id of a row, or NotInJournalError naming what is missing. */
export async function extIdOf(em: EntityManager, table: string, id: number | null, what: string): Promise<string> {
  const [row] = id ? await em.query(`SELECT "externalId" FROM "${table}" WHERE id = $1`, [id]) : [];
  if (!row?.externalId) throw new NotInJournalError(what);
  return row.externalId as string;
}

/**
 * The e-journal's ids of several rows in one statement (a teacher's entry names its subject, lesson, teacher…),
 * in the order given; NotInJournalError names the first one missing.
 */
export async function extIdsOf<K extends string>(
  em: EntityManager,
  refs: Record<K, { table: string; id: number; what: string }>,
): Promise<Record<K, string>> {
  const keys = Object.keys(refs) as K[];
  const [row] = await em.query(
    `SELECT ${keys.map((k, i) => `(SELECT "externalId" FROM "${refs[k].table}" WHERE id = $${i + 1}) AS "${i}"`).join(', ')}`,
    keys.map((k) => refs[k].id),
  );
  const out = {} as Record<K, string>;
  keys.forEach((k, i) => {
    if (!row?.[i]) throw new NotInJournalError(refs[k].what);
    out[k] = row[i] as string;
  });
  return out;
}

export async function queueEntry(em: EntityManager, up: Upstream, e: QueuedEntry): Promise<string> {
  const teacher = await extIdOf(em, 'staff', e.staffId, 'the teacher');
  const [v] = e.externalId
    ? await em.query(`SELECT version FROM feed_version WHERE "schoolId" = $1 AND kind = $2 AND "externalId" = $3`, [
        e.schoolId,
        e.versionKind,
        e.externalId,
      ])
    : [];
  const clientId = newClientId();
  const message = {
    clientId,
    entry: e.kind,
    externalId: e.externalId,
    baseVersion: v ? Number(v.version) : 0,
    teacher,
    enteredAt: e.enteredAt.toISOString(),
    data: e.data,
  };
  await em.query(
    `INSERT INTO feed_entry ("schoolId", "clientId", lane, kind, "staffId", "lessonId", "targetType", "targetId", message, before, after, "heldEvents", status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'queued')`,
    [
      e.schoolId,
      clientId,
      e.lane,
      e.kind,
      e.staffId,
      e.lessonId,
      e.targetType,
      e.targetId,
      JSON.stringify(message),
      e.before ? JSON.stringify(e.before) : null,
      JSON.stringify(e.after),
      JSON.stringify(up.opts.collect),
    ],
  );
  return clientId;
}
