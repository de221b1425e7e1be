import { EntitySchema } from 'typeorm';
import { id, ref, fk, text, date, createdAt, json, externalId, externalIdIndex } from './columns.js';

export type PeriodKind = 'quarter' | 'trimester' | 'halfYear' | 'year';
/** How a period mark is derived from the weighted average, shown to families in /help. */
export interface SchoolSettings {
  /** An average at or above threshold[k] rounds to mark k (k = 5, 4, 3); below threshold[3] is 2. */
  thresholds: { '5': number; '4': number; '3': number };
}

/** Where the school's journal of record is: here (teachers enter in Telegram) or the school's e-journal (a feed; entries go to it). */
export type JournalOfRecord = 'internal' | 'external';
export const JOURNALS_OF_RECORD: readonly JournalOfRecord[] = ['internal', 'external'];

export interface School {
  id: number;
  name: string;
  shortName: string;
  timezone: string;
  settings: SchoolSettings;
  externalId: string | null;
  /** `external`: the school's e-journal is the record (docs/journal-feed.md); `internal`: this system is. */
  journal: JournalOfRecord;
  createdAt: Date;
}
export const SchoolEntity = new EntitySchema<School>({
  name: 'School',
  tableName: 'school',
  columns: {
    id: id(),
    name: text(),
    shortName: text(),
    timezone: text(),
    settings: json(),
    externalId: { type: 'text', nullable: true, unique: true },
    journal: { type: 'text', default: 'internal' },
    createdAt: createdAt(),
  },
  checks: [{ name: 'ck_school_journal', expression: `"journal" IN ('internal','external')` }],
});

export interface AcademicYear {
  id: number;
  schoolId: number;
  name: string;
  startsOn: string;
  endsOn: string;
  externalId: string | null;
}
export const AcademicYearEntity = new EntitySchema<AcademicYear>({
  name: 'AcademicYear',
  tableName: 'academic_year',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_academic_year_schoolId', 'CASCADE')),
    name: text(),
    startsOn: date(),
    endsOn: date(),
    externalId: externalId(),
  },
  indices: [
    externalIdIndex('academic_year'),
    { name: 'uq_academic_year_name', columns: ['schoolId', 'name'], unique: true },
  ],
});

export interface Period {
  id: number;
  schoolId: number;
  academicYearId: number;
  kind: PeriodKind;
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
  externalId: string | null;
}
export const PeriodEntity = new EntitySchema<Period>({
  name: 'Period',
  tableName: 'period',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_period_schoolId', 'CASCADE')),
    academicYearId: ref(false, fk('AcademicYear', 'fk_period_academicYearId', 'CASCADE')),
    kind: text(),
    number: { type: 'int' },
    name: text(),
    startsOn: date(),
    endsOn: date(),
    externalId: externalId(),
  },
  indices: [
    externalIdIndex('period'),
    { name: 'uq_period_kind', columns: ['academicYearId', 'kind', 'number'], unique: true },
  ],
  checks: [{ name: 'ck_period_kind', expression: `"kind" IN ('quarter','trimester','halfYear','year')` }],
});

export interface Holiday {
  id: number;
  schoolId: number;
  academicYearId: number;
  name: string;
  startsOn: string;
  endsOn: string;
}
export const HolidayEntity = new EntitySchema<Holiday>({
  name: 'Holiday',
  tableName: 'holiday',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_holiday_schoolId', 'CASCADE')),
    academicYearId: ref(false, fk('AcademicYear', 'fk_holiday_academicYearId', 'CASCADE')),
    name: text(),
    startsOn: date(),
    endsOn: date(),
  },
});

export const schoolCalendarEntities = [SchoolEntity, AcademicYearEntity, PeriodEntity, HolidayEntity];
