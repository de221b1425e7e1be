import type { EntityManager } from 'typeorm';
import { SubjectEntity, WorkKindEntity, type Subject, type WorkKind } from '../../db/entities/index.js';
import type { Actor } from '../actor.js';
import { keyOf, upsert } from './upsert.js';

/** Subjects and kinds of work (with their weights). */

export function upsertSubject(
  em: EntityManager,
  i: { schoolId: number; name: string; shortName?: string; externalId?: string | null },
  actor: Actor,
): Promise<Subject> {
  return upsert(
    em,
    SubjectEntity,
    keyOf<Subject>(i.schoolId, i.externalId, { name: i.name }),
    { name: i.name, shortName: i.shortName ?? i.name },
    actor,
    'subject',
  );
}

export function upsertWorkKind(
  em: EntityManager,
  i: { schoolId: number; code: string; name: string; weight: number; externalId?: string | null },
  actor: Actor,
): Promise<WorkKind> {
  return upsert(
    em,
    WorkKindEntity,
    keyOf<WorkKind>(i.schoolId, i.externalId, { code: i.code }),
    { code: i.code, name: i.name, weight: i.weight.toFixed(2) },
    actor,
    'workKind',
  );
}
