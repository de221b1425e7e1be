import type { EntityManager } from 'typeorm';
import { actorKey, type Actor } from '../../core/actor.js';
import { AuditEntryEntity } from '../../db/entities/index.js';

/**
 * Counts what a file's import created or changed, from the audit entries the
 * structure upserts write (they write none for an unchanged record). Call it
 * at the start of the transaction; the returned function gives the count so far.
 */
export async function countChanges(em: EntityManager, actor: Actor): Promise<() => Promise<number>> {
  const since = await em
    .createQueryBuilder(AuditEntryEntity, 'a')
    .select('coalesce(max(a.id), 0)', 'id')
    .getRawOne<{ id: string }>();
  return async () => {
    const n = await em
      .createQueryBuilder(AuditEntryEntity, 'a')
      .where('a.id > :since AND a.actor = :actor', { since: since?.id ?? '0', actor: actorKey(actor) })
      .getCount();
    return n;
  };
}
