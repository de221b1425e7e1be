import type { EntityManager } from 'typeorm';
import {
  SchoolClassEntity,
  SubgroupEntity,
  SubgroupMemberEntity,
  type SchoolClass,
  type Subgroup,
} from '../../db/entities/index.js';
import type { Actor } from '../actor.js';
import { keyOf, upsert } from './upsert.js';

/** Classes (their names parsed the one way), subgroups and their members. */

/** Latin letters typed for their Cyrillic twins (5A → 5А), so one class stays one class. */
const CYRILLIC_TWIN: Record<string, string> = {
  A: '\u0410',
  B: '\u0412',
  E: '\u0415',
  K: '\u041a',
  M: '\u041c',
  H: '\u041d',
  O: '\u041e',
  P: '\u0420',
  C: '\u0421',
  T: '\u0422',
  X: '\u0425',
};

/**
 * Parses a class name (grade 1–11 and a letter, e.g. 5А or 10-б) into grade,
 * Cyrillic capital letter and the canonical name; null if it is not one.
 */
export function parseClassName(name: string): { grade: number; letter: string; name: string } | null {
  const m = /^\s*(1[01]|[1-9])\s*-?\s*([\u0410-\u042f\u0401A-Z])\s*$/iu.exec(name);
  if (!m) return null;
  const upper = m[2].toUpperCase();
  const letter = CYRILLIC_TWIN[upper] ?? upper;
  return { grade: Number(m[1]), letter, name: `${m[1]}${letter}` };
}

export function upsertClass(
  em: EntityManager,
  i: { schoolId: number; academicYearId: number; grade: number; letter: string; externalId?: string | null },
  actor: Actor,
): Promise<SchoolClass> {
  const name = `${i.grade}${i.letter}`;
  return upsert(
    em,
    SchoolClassEntity,
    keyOf<SchoolClass>(i.schoolId, i.externalId, { academicYearId: i.academicYearId, name }),
    { academicYearId: i.academicYearId, grade: i.grade, letter: i.letter, name },
    actor,
    'schoolClass',
  );
}

export function upsertSubgroup(
  em: EntityManager,
  i: { schoolId: number; classId: number; name: string; externalId?: string | null },
  actor: Actor,
): Promise<Subgroup> {
  return upsert(
    em,
    SubgroupEntity,
    keyOf<Subgroup>(i.schoolId, i.externalId, { classId: i.classId, name: i.name }),
    { classId: i.classId, name: i.name },
    actor,
    'subgroup',
  );
}

export async function addToSubgroup(em: EntityManager, subgroupId: number, studentId: number): Promise<void> {
  await em
    .createQueryBuilder()
    .insert()
    .into(SubgroupMemberEntity)
    .values({ subgroupId, studentId })
    .orIgnore()
    .execute();
}
