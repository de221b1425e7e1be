import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PaperFileEntity, type PaperFile, type PaperFormat, type PaperKind } from '../../db/entities/index.js';
import { authorizeClass } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { actorKey, type Actor } from '../actor.js';
import { addDays, wallClock } from '../calendar.js';
import { choosePeriod } from '../diary/marks.js';
import { NotFoundError } from '../errors.js';
import type { ServiceDeps } from '../services/deps.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import { summarySheetCsv } from './csv.js';
import {
  classPeriods,
  loadPaperClass,
  loadPrintouts,
  loadSummarySheet,
  type PaperClass,
  type SheetPeriod,
} from './data.js';
import { printoutsPdf, summarySheetPdf } from './render.js';

/**
 * Printed paper as use cases: each file is made, kept in paper_file (what
 * was printed, for whom, when — evidence that families without Telegram got
 * their printouts, seed 001 §3.3.5) and audited, in one transaction.
 */

export interface MadeFile {
  id: number;
  fileName: string;
  content: Buffer;
  format: PaperFormat;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const safe = (s: string) => s.replace(/[^\p{L}\p{N}-]+/gu, '-').replace(/^-+|-+$/g, '');

async function keep(
  ds: DataSource,
  row: {
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
    slot?: string | null;
  },
  actor: Actor,
  event?: (id: number) => { type: 'paper.ready'; payload: Record<string, unknown> },
): Promise<MadeFile | null> {
  return inTransaction(ds, async (em) => {
    const inserted: { id: number }[] = await em.query(
      `INSERT INTO paper_file ("schoolId", "classId", kind, format, "periodId", "fromDate", "toDate", "studentIds", "fileName", content, size, sha256, "createdBy", slot)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (slot) DO NOTHING RETURNING id`,
      [
        row.schoolId,
        row.classId,
        row.kind,
        row.format,
        row.periodId,
        row.fromDate,
        row.toDate,
        JSON.stringify(row.studentIds),
        row.fileName,
        row.content,
        row.content.length,
        sha256(row.content),
        actorKey(actor),
        row.slot ?? null,
      ],
    );
    if (!inserted.length) return null;
    const id = inserted[0].id;
    await audit(
      em,
      actor,
      `paper.${row.kind}`,
      { type: 'paperFile', id },
      { classId: row.classId, format: row.format, students: row.studentIds.length, bytes: row.content.length },
    );
    const e = event?.(id);
    if (e) await appendEvent(em, row.schoolId, e.type, e.payload);
    return { id, fileName: row.fileName, content: row.content, format: row.format };
  });
}

export interface PrintoutsInput {
  classId: number;
  from: string;
  to: string;
  /** Only these students (default: every active student of the class). */
  studentIds?: number[];
  /** A scheduled run's slot: the file is made once per slot, and the class teacher is told (`paper.ready`). */
  slot?: string;
}

/** Printouts for a class and span (seed 001 §3.3.5); null when the slot was already made. */
export async function makePrintouts(
  ds: DataSource,
  input: PrintoutsInput,
  actor: Actor,
  now: Date,
): Promise<(MadeFile & { students: { id: number; name: string }[]; cls: PaperClass }) | null> {
  const cls = await loadPaperClass(ds, input.classId);
  const students = await loadPrintouts(ds, input.classId, input.from, input.to, input.studentIds);
  const content = await printoutsPdf(cls, students, input, now);
  const ids = students.map((s) => s.studentId);
  const made = await keep(
    ds,
    {
      schoolId: cls.schoolId,
      classId: cls.classId,
      kind: 'printouts',
      format: 'pdf',
      periodId: null,
      fromDate: input.from,
      toDate: input.to,
      studentIds: ids,
      fileName: `printouts_${safe(cls.name)}_${input.from}_${input.to}.pdf`,
      content,
      slot: input.slot,
    },
    actor,
    input.slot
      ? (id) => ({
          type: 'paper.ready',
          payload: { paperFileId: id, classId: cls.classId, from: input.from, to: input.to, studentIds: ids },
        })
      : undefined,
  );
  return made ? { ...made, students: students.map((s) => ({ id: s.studentId, name: s.name })), cls } : null;
}

/** The summary sheet of a class for a period as PDF (to print and sign) and CSV (for the archive). */
export async function makeSummarySheet(
  ds: DataSource,
  input: { classId: number; periodId: number },
  actor: Actor,
  now: Date,
) {
  const sheet = await loadSummarySheet(ds, input.classId, input.periodId);
  const pdf = await summarySheetPdf(sheet, now);
  const csv = Buffer.from(summarySheetCsv(sheet), 'utf8');
  const base = `summary-sheet_${safe(sheet.cls.name)}_${safe(sheet.period.name)}_${sheet.period.startsOn}_${sheet.period.endsOn}`;
  const common = {
    schoolId: sheet.cls.schoolId,
    classId: sheet.cls.classId,
    kind: 'summarySheet' as const,
    periodId: sheet.period.id,
    fromDate: sheet.period.startsOn,
    toDate: sheet.period.endsOn,
    studentIds: sheet.rows.map((r) => r.studentId),
  };
  const pdfFile = (await keep(ds, { ...common, format: 'pdf', fileName: `${base}.pdf`, content: pdf }, actor))!;
  const csvFile = (await keep(ds, { ...common, format: 'csv', fileName: `${base}.csv`, content: csv }, actor))!;
  return { sheet, pdf: pdfFile, csv: csvFile };
}

/**
 * Students whose families get paper: no guardian account linked to the bot
 * (never linked, unlinked, or consent refused — seed 001 §3.3.5), by surname.
 */
export async function studentsWithoutAccess(
  ds: DataSource,
  classId: number,
): Promise<{ id: number; name: string; refused: boolean }[]> {
  return ds.query(
    `SELECT st.id, concat_ws(' ', st."lastName", st."firstName") AS name,
            EXISTS (SELECT 1 FROM consent k WHERE k."studentId" = st.id AND k.decision = 'refused' AND k."withdrawnAt" IS NULL) AS refused
       FROM student st
      WHERE st."classId" = $1 AND st.active
        AND NOT EXISTS (SELECT 1 FROM link l WHERE l."studentId" = st.id AND l.role = 'guardian' AND l."revokedAt" IS NULL AND l."telegramUserId" IS NOT NULL)
      ORDER BY st."lastName", st."firstName", st.id`,
    [classId],
  );
}

/** Active students of a class: how many a printout for everyone covers. */
export async function activeStudentCount(ds: DataSource, classId: number): Promise<number> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM student WHERE "classId" = $1 AND active`, [classId]);
  return n as number;
}

/** A kept file's period name (for its caption), or null. */
export async function periodName(ds: DataSource, periodId: number | null): Promise<string | null> {
  if (!periodId) return null;
  const [p] = await ds.query(`SELECT name FROM period WHERE id = $1`, [periodId]);
  return (p?.name as string | undefined) ?? null;
}

/** Files kept for a class, newest first (without their bytes). */
export async function listPaperFiles(
  ds: DataSource,
  classId: number,
  limit = 10,
): Promise<Omit<PaperFile, 'content'>[]> {
  return ds.query(
    `SELECT f.id, f."schoolId", f."classId", f.kind, f.format, f."periodId", f."fromDate", f."toDate", f."studentIds", f."fileName", f.size,
            f.sha256, f."createdBy", f."createdAt", f.slot
       FROM paper_file f WHERE f."classId" = $1 ORDER BY f."createdAt" DESC, f.id DESC LIMIT $2`,
    [classId, limit],
  );
}

export async function loadPaperFile(ds: DataSource, id: number): Promise<PaperFile> {
  const f = await ds.manager.findOneBy(PaperFileEntity, { id });
  if (!f) throw new NotFoundError('paperFile', id);
  return f;
}

/** The period a summary sheet is for: `q2`, `h1`, `t3`, `year` or a period id; by default the current one (or the last ended). */
export async function resolvePeriod(
  ds: DataSource,
  classId: number,
  ref: string | undefined,
  today: string,
): Promise<SheetPeriod | null> {
  const periods = await classPeriods(ds, classId);
  if (!ref) return choosePeriod(periods, today);
  const m = /^(q|t|h)(\d)$/.exec(ref);
  if (m) {
    const kind = { q: 'quarter', t: 'trimester', h: 'halfYear' }[m[1] as 'q' | 't' | 'h'];
    return periods.find((p) => p.kind === kind && p.number === Number(m[2])) ?? null;
  }
  if (ref === 'year') return periods.find((p) => p.kind === 'year') ?? null;
  if (/^\d+$/.test(ref)) return periods.find((p) => p.id === Number(ref)) ?? null;
  return null;
}

/** Days a printout covers: two weeks up to today (families without Telegram get paper twice a month, seed 001 §3.3.5). */
export const PRINTOUT_DAYS = 14;

/**
 * The paper's use cases bound to the database and the clock (the services
 * facade, core/services). The account's profile is checked here: a class is
 * the account's to print ('print'), a kept file is of such a class.
 */
export function paperService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const staffActor = (p: AccessProfile): Actor => ({ kind: 'staff', staffId: p.staff!.staffId });
  return {
    /** The class if the account may print for it, or null. */
    printableClass: (p: AccessProfile, classId: number) => authorizeClass(db, p, 'print', classId),
    /** The span a printout made now covers: PRINTOUT_DAYS up to today. */
    printoutSpan: () => {
      const today = wallClock(deps.config.SCHOOL_TIMEZONE, clock.now()).date;
      return { from: addDays(today, 1 - PRINTOUT_DAYS), to: today };
    },
    studentsWithoutAccess: (classId: number) => studentsWithoutAccess(db, classId),
    activeStudentCount: (classId: number) => activeStudentCount(db, classId),
    makePrintouts: async (p: AccessProfile, input: PrintoutsInput) =>
      (await makePrintouts(db, input, staffActor(p), clock.now()))!,
    classPeriods: (classId: number) => classPeriods(db, classId),
    makeSummarySheet: (p: AccessProfile, input: { classId: number; periodId: number }) =>
      makeSummarySheet(db, input, staffActor(p), clock.now()),
    files: (classId: number) => listPaperFiles(db, classId),
    /** A kept file with its class, if the account may print for that class; null otherwise. */
    file: async (p: AccessProfile, id: number) => {
      const file = await loadPaperFile(db, id).catch(() => null);
      const cls = file ? await authorizeClass(db, p, 'print', file.classId) : null;
      return file && cls ? { file, cls, period: await periodName(db, file.periodId) } : null;
    },
  };
}

export type PaperService = ReturnType<typeof paperService>;
