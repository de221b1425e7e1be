import type { DataSource } from 'typeorm';
import { SchoolEntity, type JournalOfRecord } from '../../db/entities/index.js';
import type { Actor } from '../actor.js';
import { audit, inTransaction, type Db } from '../unit-of-work.js';

/**
 * The school's journal of record (issue 18): `internal` — this system is the
 * journal, teachers enter here and no feed runs; `external` — the school's
 * e-journal is the record: it feeds us (docs/journal-feed.md) and teachers'
 * entries are sent to it before families hear of them.
 */

/** The school's journal of record (`internal` for a school that is not found). */
export async function journalOf(db: Db, schoolId: number): Promise<JournalOfRecord> {
  const [row] = await db.query(`SELECT journal FROM school WHERE id = $1`, [schoolId]);
  return (row?.journal as JournalOfRecord | undefined) ?? 'internal';
}

/** The journal of record as /control shows it, with the entries waiting for the e-journal and those it refused. */
export async function journalStatus(
  db: Db,
  schoolId: number,
): Promise<{ record: JournalOfRecord; pending: number; rejected: number }> {
  const [n] = await db.query(
    `SELECT count(*) FILTER (WHERE status IN ('queued', 'sent'))::int AS pending,
            count(*) FILTER (WHERE status IN ('rejected', 'conflict'))::int AS rejected
       FROM feed_entry WHERE "schoolId" = $1 AND status IN ('queued', 'sent', 'rejected', 'conflict')`,
    [schoolId],
  );
  return { record: await journalOf(db, schoolId), pending: n?.pending ?? 0, rejected: n?.rejected ?? 0 };
}

/** Sets a school's journal of record by its external id (or numeric id); null when there is no such school. */
export async function setJournalOfRecord(
  ds: DataSource,
  school: string,
  journal: JournalOfRecord,
  actor: Actor,
): Promise<{ schoolId: number; shortName: string; before: JournalOfRecord } | null> {
  return inTransaction(ds, async (em) => {
    const found = await em.findOne(SchoolEntity, {
      where: /^\d+$/.test(school) ? [{ externalId: school }, { id: Number(school) }] : { externalId: school },
      lock: { mode: 'pessimistic_write' },
    });
    if (!found) return null;
    if (found.journal !== journal) {
      await em.update(SchoolEntity, { id: found.id }, { journal });
      await audit(em, actor, 'school.journal', { type: 'school', id: found.id }, { from: found.journal, to: journal });
    }
    return { schoolId: found.id, shortName: found.shortName, before: found.journal };
  });
}

/** FEED_SCHOOLS names a school whose journal of record is this system: the feed must not start. */
export class FeedConfigError extends Error {
  constructor(readonly schools: string[]) {
    super(
      `FEED_SCHOOLS names ${schools.length === 1 ? 'a school' : 'schools'} whose journal of record is internal: ${schools.join(', ')}. ` +
        'A feed would overwrite what teachers enter here. If the school e-journal is the record, run ' +
        '`npm run cli -- school set --school <externalId> --journal external`; otherwise remove the school from FEED_SCHOOLS.',
    );
    this.name = 'FeedConfigError';
  }
}

/** Throws FeedConfigError when any configured feed school (by external or numeric id) is `internal`. */
export async function assertFeedSchoolsExternal(ds: DataSource, schools: { school: string }[]): Promise<void> {
  if (!schools.length) return;
  const rows: { ref: string }[] = await ds.query(
    `SELECT k.ref FROM unnest($1::text[]) AS k(ref)
       JOIN school s ON s."externalId" = k.ref OR s.id::text = k.ref
      WHERE s.journal = 'internal'`,
    [schools.map((s) => s.school)],
  );
  if (rows.length) throw new FeedConfigError(rows.map((r) => r.ref));
}
