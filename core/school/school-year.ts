import type { EntityManager } from 'typeorm';
import {
  AcademicYearEntity,
  HolidayEntity,
  PeriodEntity,
  SchoolEntity,
  type AcademicYear,
  type Period,
  type PeriodKind,
  type School,
  type SchoolSettings,
} from '../../db/entities/index.js';
import type { Actor } from '../actor.js';
import { keyOf, upsert } from './upsert.js';

/** The school and its calendar: academic years, periods, holidays. */
export const DEFAULT_SETTINGS: SchoolSettings = { thresholds: { '5': 4.5, '4': 3.5, '3': 2.5 } };

export function upsertSchool(
  em: EntityManager,
  i: { name: string; shortName: string; timezone: string; settings?: SchoolSettings; externalId?: string | null },
  actor: Actor,
): Promise<School> {
  const key = i.externalId ? { externalId: i.externalId } : { name: i.name };
  return upsert(
    em,
    SchoolEntity,
    key,
    { name: i.name, shortName: i.shortName, timezone: i.timezone, settings: i.settings ?? DEFAULT_SETTINGS },
    actor,
    'school',
  );
}

export function upsertAcademicYear(
  em: EntityManager,
  i: { schoolId: number; name: string; startsOn: string; endsOn: string; externalId?: string | null },
  actor: Actor,
): Promise<AcademicYear> {
  return upsert(
    em,
    AcademicYearEntity,
    keyOf<AcademicYear>(i.schoolId, i.externalId, { name: i.name }),
    { name: i.name, startsOn: i.startsOn, endsOn: i.endsOn },
    actor,
    'academicYear',
  );
}

export function upsertPeriod(
  em: EntityManager,
  i: {
    schoolId: number;
    academicYearId: number;
    kind: PeriodKind;
    number: number;
    name: string;
    startsOn: string;
    endsOn: string;
    externalId?: string | null;
  },
  actor: Actor,
): Promise<Period> {
  return upsert(
    em,
    PeriodEntity,
    keyOf<Period>(i.schoolId, i.externalId, { academicYearId: i.academicYearId, kind: i.kind, number: i.number }),
    {
      academicYearId: i.academicYearId,
      kind: i.kind,
      number: i.number,
      name: i.name,
      startsOn: i.startsOn,
      endsOn: i.endsOn,
    },
    actor,
    'period',
  );
}

export async function upsertHoliday(
  em: EntityManager,
  i: { schoolId: number; academicYearId: number; name: string; startsOn: string; endsOn: string },
  actor: Actor,
): Promise<void> {
  await upsert(
    em,
    HolidayEntity,
    { schoolId: i.schoolId, academicYearId: i.academicYearId, startsOn: i.startsOn },
    { name: i.name, endsOn: i.endsOn },
    actor,
    'holiday',
  );
}
