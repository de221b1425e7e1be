import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Actor } from '../actor.js';
import { audit } from '../unit-of-work.js';

/** Finds a row by its key: inserts it, or updates the fields that differ; each write is audited. */
export async function upsert<T extends ObjectLiteral & { id: number }>(
  em: EntityManager,
  target: EntityTarget<T>,
  key: Partial<T>,
  fields: Partial<T>,
  actor: Actor,
  entity: string,
): Promise<T> {
  const existing = await em.findOneBy(target, key);
  if (existing) {
    const changed = Object.entries(fields).some(([k, v]) => (existing as Record<string, unknown>)[k] !== v);
    if (!changed) return existing;
    await em.update(target, { id: existing.id }, fields);
    const row = await em.findOneByOrFail(target, { id: existing.id } as never);
    await audit(em, actor, `${entity}.updated`, { type: entity, id: row.id });
    return row;
  }
  const ins = await em.insert(target, { ...key, ...fields });
  const row = await em.findOneByOrFail(target, { id: ins.identifiers[0].id });
  await audit(em, actor, `${entity}.created`, { type: entity, id: row.id });
  return row;
}

/** External id if given, else the natural key. */
export const keyOf = <T>(schoolId: number, externalId: string | null | undefined, natural: Partial<T>): Partial<T> =>
  (externalId ? { schoolId, externalId } : { schoolId, ...natural }) as Partial<T>;
