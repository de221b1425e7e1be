import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '../errors.js';
import type { EventOptions } from '../unit-of-work.js';
import { FeedRejection, type ApplyContext, type ApplyOutcome, type Handler, type Handlers } from './context.js';
import { markAccepted, wakeOutbox } from './entries/answers.js';
import { journalHandlers } from './journal-handlers.js';
import { entityKind, type FeedChange } from './protocol.js';
import { structureHandlers } from './structure-handlers.js';

export { FeedRejection, RefCache, type ApplyContext, type ApplyOutcome } from './context.js';
export { attendanceNoOps, loadVersions, saveVersions, versionKey } from './versions.js';

/**
 * Applies one change from a school's e-journal through the same core services
 * as every other write, inside the caller's transaction. Upserts by external
 * id; the e-journal's version of each entity is kept in feed_version, so a
 * duplicate or an older version changes nothing and notifies nobody.
 */

const handlers: Handlers<FeedChange['event']> = { ...structureHandlers, ...journalHandlers };

/** Integrity and data errors of one change (class 22 and 23): the change is bad, not the database. */
const isDataError = (e: unknown) =>
  e instanceof QueryFailedError &&
  /^2[23]/.test(
    String((e as { code?: string }).code ?? (e as { driverError?: { code?: string } }).driverError?.code ?? ''),
  );

/** Runs a change's handler (no version check): DomainErrors and data errors become FeedRejection. */
export async function applyUnchecked(em: EntityManager, ctx: ApplyContext, change: FeedChange): Promise<void> {
  const opts: EventOptions = ctx.silent ? { silent: true } : {};
  // A teacher's entry coming back (v2): link it to the local row first, so the change lands on it and notifies no one twice.
  if (change.clientId) {
    const { clientId, externalId, version } = change;
    const accepted = await markAccepted(em, ctx.schoolId, { clientId, externalId, version });
    if (accepted?.released) await wakeOutbox(em);
  }
  try {
    await (handlers[change.event] as Handler<typeof change.event>)(em, ctx, change, opts);
  } catch (e) {
    if (e instanceof FeedRejection) throw e;
    if (e instanceof DomainError) throw new FeedRejection(`${e.code}: ${e.message}`);
    if (isDataError(e)) throw new FeedRejection(`rejected by the database: ${(e as Error).message.slice(0, 200)}`);
    throw e;
  }
}

/**
 * Applies one change in `em` with its own version check (the caller wraps it
 * in a savepoint). Returns 'stale' for a version not newer than the one
 * applied before (nothing is written); throws FeedRejection for a change to
 * dead-letter.
 */
export async function applyChange(em: EntityManager, ctx: ApplyContext, change: FeedChange): Promise<ApplyOutcome> {
  const kind = entityKind(change.event);
  const newer = await em.query(
    `INSERT INTO feed_version ("schoolId", kind, "externalId", version, "changedAt") VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("schoolId", kind, "externalId") DO UPDATE SET version = EXCLUDED.version, "changedAt" = EXCLUDED."changedAt"
       WHERE feed_version.version < EXCLUDED.version
     RETURNING 1`,
    [ctx.schoolId, kind, change.externalId, change.version, change.changedAt],
  );
  if (!newer.length) return 'stale';
  await applyUnchecked(em, ctx, change);
  return 'applied';
}
