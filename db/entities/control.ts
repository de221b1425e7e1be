import { EntitySchema } from 'typeorm';
import { id, ref, text, bool, date, ts, createdAt, updatedAt, json, actor, fk } from './columns.js';

/**
 * The school's administration (docs/control-panel.md): how the deputy director
 * wants the journal checked, the paper printed for families and the archive,
 * and the backups of the journal.
 */

/** Per school: the weekly digest to the deputy, nudges to teachers, what the figures leave out. */
export interface ControlSetting {
  schoolId: number;
  /** The Monday digest of the panel to the deputy director(s). */
  digest: boolean;
  /** A weekly reminder to each teacher with lessons missing homework or a topic. */
  nudges: boolean;
  /** Subjects whose lessons need no homework (physical education…): left out of «homework not entered». */
  noHomeworkSubjectIds: number[];
  /** Days allowed to mark written work, by work kind code; null: the defaults (docs/control-panel.md). */
  writtenWorkDays: Record<string, number> | null;
  updatedBy: string;
  updatedAt: Date;
}
export const ControlSettingEntity = new EntitySchema<ControlSetting>({
  name: 'ControlSetting',
  tableName: 'control_setting',
  columns: {
    schoolId: { type: 'int', primary: true, foreignKey: fk('School', 'fk_control_setting_schoolId', 'CASCADE') },
    digest: bool(true),
    nudges: bool(false),
    noHomeworkSubjectIds: { type: 'jsonb', default: () => `'[]'` },
    writtenWorkDays: json(true),
    updatedBy: actor(),
    updatedAt: updatedAt(),
  },
});

export type PaperKind = 'printouts' | 'summarySheet';
export type PaperFormat = 'pdf' | 'csv';

/** A printed document kept as made: family printouts and summary sheets (evidence for seed 001 §3.3.5, 000 §5). */
export interface PaperFile {
  id: number;
  schoolId: number;
  classId: number;
  kind: PaperKind;
  format: PaperFormat;
  periodId: number | null;
  fromDate: string;
  toDate: string;
  studentIds: number[];
  fileName: string;
  content: Buffer;
  size: number;
  sha256: string;
  createdBy: string;
  createdAt: Date;
  /** A scheduled run's slot (`printouts:<classId>:<date>`): claimed once across replicas. */
  slot: string | null;
}
export const PaperFileEntity = new EntitySchema<PaperFile>({
  name: 'PaperFile',
  tableName: 'paper_file',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_paper_file_schoolId', 'CASCADE')),
    classId: ref(false, fk('SchoolClass', 'fk_paper_file_classId', 'CASCADE')),
    kind: text(),
    format: text(),
    periodId: ref(true, fk('Period', 'fk_paper_file_periodId', 'SET NULL')),
    fromDate: date(),
    toDate: date(),
    studentIds: json(),
    fileName: text(),
    content: { type: 'bytea' },
    size: { type: 'int' },
    sha256: text(),
    createdBy: actor(),
    createdAt: createdAt(),
    slot: { type: 'text', nullable: true, unique: true },
  },
  indices: [{ name: 'ix_paper_file_class', columns: ['classId', 'createdAt'] }],
  checks: [
    { name: 'ck_paper_file_kind', expression: `"kind" IN ('printouts','summarySheet')` },
    { name: 'ck_paper_file_format', expression: `"format" IN ('pdf','csv')` },
  ],
});

export type BackupStatus = 'running' | 'ok' | 'failed';

/** One backup of the database: where it went, its checksum and row counts (docs/backup.md). */
export interface BackupRun {
  id: number;
  trigger: string;
  slot: string | null;
  status: BackupStatus;
  startedAt: Date;
  finishedAt: Date | null;
  directory: string | null;
  bytes: string | null;
  sha256: string | null;
  migration: string | null;
  tables: number | null;
  rows: string | null;
  error: string | null;
}
export const BackupRunEntity = new EntitySchema<BackupRun>({
  name: 'BackupRun',
  tableName: 'backup_run',
  columns: {
    id: id(),
    trigger: text(),
    slot: { type: 'text', nullable: true, unique: true },
    status: text(),
    startedAt: createdAt(),
    finishedAt: ts(true),
    directory: text(true),
    bytes: { type: 'bigint', nullable: true },
    sha256: text(true),
    migration: text(true),
    tables: { type: 'int', nullable: true },
    rows: { type: 'bigint', nullable: true },
    error: text(true),
  },
  indices: [{ name: 'ix_backup_run_status', columns: ['status', 'finishedAt'] }],
  checks: [{ name: 'ck_backup_run_status', expression: `"status" IN ('running','ok','failed')` }],
});

export const controlEntities = [ControlSettingEntity, PaperFileEntity, BackupRunEntity];
