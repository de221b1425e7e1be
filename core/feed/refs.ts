import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  AcademicYearEntity,
  LessonEntity,
  PeriodEntity,
  SchoolClassEntity,
  StaffEntity,
  StudentEntity,
  SubgroupEntity,
  SubjectEntity,
  WorkKindEntity,
  GuardianEntity,
} from '../../db/entities/index.js';
import * as structure from '../school/structure.js';
import { audit } from '../unit-of-work.js';
import { FeedRejection, type ApplyContext } from './context.js';
import type { EventData } from './protocol.js';

/** Resolving the e-journal's external ids to our rows. */

export type Kind =
  'class' | 'subject' | 'workKind' | 'period' | 'subgroup' | 'student' | 'guardian' | 'staff' | 'lesson';
const TABLES: Record<Kind, EntityTarget<ObjectLiteral>> = {
  class: SchoolClassEntity,
  subject: SubjectEntity,
  workKind: WorkKindEntity,
  period: PeriodEntity,
  subgroup: SubgroupEntity,
  student: StudentEntity,
  guardian: GuardianEntity,
  staff: StaffEntity,
  lesson: LessonEntity,
};

export async function ref(em: EntityManager, ctx: ApplyContext, kind: Kind, externalId: string): Promise<number> {
  const key = `${kind}:${externalId}`;
  const cached = ctx.cache.get(key);
  if (cached) return cached;
  const row = await em.findOne(TABLES[kind], { where: { schoolId: ctx.schoolId, externalId }, select: { id: true } });
  if (!row) throw new FeedRejection(`unknown ${kind} ${externalId}`);
  ctx.cache.set(key, row.id as number);
  return row.id as number;
}

export const optRef = (em: EntityManager, ctx: ApplyContext, kind: Kind, externalId: string | null | undefined) =>
  externalId ? ref(em, ctx, kind, externalId) : Promise.resolve(null);

/**
 * A row the school created before its feed was connected (the demo seed, a
 * CSV import) is taken over by its natural key the first time the feed names
 * it, instead of being duplicated.
 */
export async function adopt<T extends ObjectLiteral>(
  em: EntityManager,
  ctx: ApplyContext,
  target: EntityTarget<T>,
  entity: string,
  natural: Record<string, unknown>,
  externalId: string,
): Promise<void> {
  const byExternal = await em.findOne(target, {
    where: { schoolId: ctx.schoolId, externalId } as never,
    select: { id: true } as never,
  });
  if (byExternal) return;
  const orphan = await em.findOne(target, {
    where: { schoolId: ctx.schoolId, ...natural, externalId: null } as never,
    select: { id: true } as never,
  });
  if (!orphan) return;
  await em.update(target, { id: orphan.id }, { externalId } as never);
  await audit(em, ctx.actor, `${entity}.adopted`, { type: entity, id: orphan.id as number }, { externalId });
}

export async function academicYear(
  em: EntityManager,
  ctx: ApplyContext,
  y: EventData<'class.set'>['year'],
): Promise<number> {
  const key = `year:${y.name}`;
  const cached = ctx.cache.get(key);
  if (cached) return cached;
  const existing = await em.findOneBy(AcademicYearEntity, { schoolId: ctx.schoolId, name: y.name });
  const id = existing?.id ?? (await structure.upsertAcademicYear(em, { schoolId: ctx.schoolId, ...y }, ctx.actor)).id;
  ctx.cache.set(key, id);
  return id;
}
