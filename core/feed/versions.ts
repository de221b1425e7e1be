import type { EntityManager } from 'typeorm';
import { entityKind, type FeedChange } from './protocol.js';

/** The e-journal's version of each entity (feed_version), read and written a batch at a time. */

export const versionKey = (change: FeedChange) => `${entityKind(change.event)}\u0000${change.externalId}`;

/** The versions already applied of the entities in `changes` (one query for a whole batch). */
export async function loadVersions(
  em: EntityManager,
  schoolId: number,
  changes: FeedChange[],
): Promise<Map<string, number>> {
  const keys = [...new Set(changes.map(versionKey))];
  const rows: { kind: string; externalId: string; version: string }[] = keys.length
    ? await em.query(
        `SELECT v.kind, v."externalId", v.version FROM feed_version v
           JOIN unnest($2::text[], $3::text[]) AS k(kind, ext) ON v.kind = k.kind AND v."externalId" = k.ext
          WHERE v."schoolId" = $1`,
        [schoolId, keys.map((k) => k.split('\u0000')[0]), keys.map((k) => k.slice(k.indexOf('\u0000') + 1))],
      )
    : [];
  return new Map(rows.map((r) => [`${r.kind}\u0000${r.externalId}`, Number(r.version)]));
}

/**
 * The «present» marks among `changes` that would change nothing: the lesson
 * and the student exist, the student is in the lesson's class, and no
 * absence or lateness is recorded (recordAttendance would answer
 * 'unchanged'). Most of a school day's roll calls are such; one query
 * answers them all. Only for a run of changes that touch no structure.
 */
export async function attendanceNoOps(
  em: EntityManager,
  schoolId: number,
  changes: FeedChange[],
): Promise<Set<string>> {
  const present = changes.filter(
    (c): c is Extract<FeedChange, { event: 'attendance.set' }> =>
      c.event === 'attendance.set' && c.data.status === 'present',
  );
  if (!present.length) return new Set();
  const rows: { externalId: string }[] = await em.query(
    `SELECT k.ext AS "externalId" FROM unnest($2::text[], $3::text[], $4::text[]) AS k(ext, lext, sext)
       JOIN lesson l ON l."schoolId" = $1 AND l."externalId" = k.lext
       JOIN student s ON s."schoolId" = $1 AND s."externalId" = k.sext AND s."classId" = l."classId"
      WHERE NOT EXISTS (SELECT 1 FROM attendance a WHERE a."studentId" = s.id AND a."lessonId" = l.id)`,
    [schoolId, present.map((c) => c.externalId), present.map((c) => c.data.lesson), present.map((c) => c.data.student)],
  );
  return new Set(rows.map((r) => r.externalId));
}

/** Records the versions applied in a batch (never lowering one). */
export async function saveVersions(em: EntityManager, schoolId: number, changes: FeedChange[]): Promise<void> {
  // One row per entity (a mark and its correction may share a batch): the newest version.
  const newest = new Map<string, FeedChange>();
  for (const c of changes) if ((newest.get(versionKey(c))?.version ?? 0) < c.version) newest.set(versionKey(c), c);
  const applied = [...newest.values()];
  if (!applied.length) return;
  await em.query(
    `INSERT INTO feed_version ("schoolId", kind, "externalId", version, "changedAt")
     SELECT $1, k, e, v, c FROM unnest($2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) AS t(k, e, v, c)
     ON CONFLICT ("schoolId", kind, "externalId") DO UPDATE SET version = EXCLUDED.version, "changedAt" = EXCLUDED."changedAt"
       WHERE feed_version.version < EXCLUDED.version`,
    [
      schoolId,
      applied.map((c) => entityKind(c.event)),
      applied.map((c) => c.externalId),
      applied.map((c) => c.version),
      applied.map((c) => c.changedAt),
    ],
  );
}
