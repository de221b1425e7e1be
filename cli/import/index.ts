import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { z, type ZodTypeAny } from 'zod';
import type { Actor } from '../../core/actor.js';
import { AcademicYearEntity, HolidayEntity, SchoolEntity, type School } from '../../db/entities/index.js';
import { parseCommandArgs } from '../args.js';
import { todayIn } from '../calendar.js';
import type { CliCommand } from '../command.js';
import { withDatabase } from '../database.js';
import { CliError, type Io } from '../io.js';
import type { FileStats, FileWriter, ImportContext } from './context.js';
import { CsvSyntaxError } from './csv.js';
import { writeGuardians } from './guardians.js';
import { columns, guardianRow, staffRow, studentRow, timetableRow } from './rows.js';
import { writeStaff } from './staff.js';
import { writeStudents } from './students.js';
import { FileError, readTable } from './table.js';
import { writeTimetable } from './timetable.js';
import { countChanges } from './changes.js';

type Kind = keyof typeof columns;

/** In import order: staff (class teachers' classes), students, guardians (need students), timetable (needs staff). */
const KINDS: { kind: Kind; schema: ZodTypeAny; write: FileWriter<never> }[] = [
  { kind: 'staff', schema: staffRow, write: writeStaff },
  { kind: 'students', schema: studentRow, write: writeStudents },
  { kind: 'guardians', schema: guardianRow, write: writeGuardians },
  { kind: 'timetable', schema: timetableRow, write: writeTimetable },
];

export interface ImportArgs {
  dir?: string;
  students?: string;
  guardians?: string;
  staff?: string;
  timetable?: string;
  /** The school's external id or id; needed only when the database holds several schools. */
  school?: string;
  /** The academic year's name (2026/2027); default: the one today falls in, else the latest. */
  year?: string;
  /** Lesson changes are recorded without notifying families (a first load). */
  silent?: boolean;
}

export interface FileResult extends Partial<FileStats> {
  kind: Kind;
  file: string;
  ok: boolean;
  /** Records created or changed (a second import of the same file: 0). */
  changes: number;
  /** `file:line: what is wrong`, one per bad row; when any, nothing of the file was imported. */
  errors: string[];
}

const ACTOR: Actor = { kind: 'cli', command: 'import' };

/** Rolls the file's transaction back, carrying its `file:line` messages. */
class Rollback extends Error {
  constructor(readonly errors: string[]) {
    super('rollback');
  }
}

/** Imports each given file in its own transaction; a file with any bad row imports nothing. */
export async function runImport(
  ds: DataSource,
  args: ImportArgs,
  io: Io,
): Promise<{ ok: boolean; files: FileResult[] }> {
  const files = KINDS.map((k) => ({
    ...k,
    file: args[k.kind] ?? (args.dir ? path.join(args.dir, `${k.kind}.csv`) : undefined),
  })).filter((k): k is typeof k & { file: string } => !!k.file && (!!args[k.kind] || existsSync(k.file)));
  if (!files.length)
    throw new CliError(
      args.dir
        ? `no ${KINDS.map((k) => `${k.kind}.csv`).join(', ')} in ${args.dir}`
        : 'give --dir or at least one of --students, --guardians, --staff, --timetable',
    );
  const ctx = await context(ds, args);
  const results: FileResult[] = [];
  for (const f of files) {
    const result = await importFile(ds, ctx, f);
    results.push(result);
    if (result.ok) {
      const lessons = result.lessons
        ? `; lessons: ${result.lessons.created} created, ${result.lessons.changed} changed, ${result.lessons.unchanged} unchanged`
        : '';
      io.out(`${f.file}: ${result.rows} rows, ${result.changes} records created or changed${lessons}`);
    } else {
      for (const e of result.errors) io.err(e);
      io.err(
        `${f.file}: nothing imported from this file (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'})`,
      );
    }
  }
  return { ok: results.every((r) => r.ok), files: results };
}

async function importFile(
  ds: DataSource,
  ctx: ImportContext,
  f: (typeof KINDS)[number] & { file: string },
): Promise<FileResult> {
  const fail = (errors: string[]): FileResult => ({ kind: f.kind, file: f.file, ok: false, changes: 0, errors });
  let text: string;
  try {
    text = await readFile(f.file, 'utf8');
  } catch (e) {
    return fail([`${f.file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let table: ReturnType<typeof readTable>;
  try {
    table = readTable(text, columns[f.kind].known, columns[f.kind].required);
  } catch (e) {
    if (e instanceof FileError || e instanceof CsvSyntaxError) return fail([`${f.file}:${e.line}: ${e.message}`]);
    throw e;
  }
  const errors = table.errors.map((e) => ({ line: e.line, message: e.message }));
  const rows: { line: number; data: never }[] = [];
  for (const row of table.rows) {
    const parsed = f.schema.safeParse(row.values);
    if (parsed.success) rows.push({ line: row.line, data: parsed.data as never });
    else
      errors.push({
        line: row.line,
        message: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
      });
  }
  const format = (list: { line: number; message: string }[]) =>
    list.sort((a, b) => a.line - b.line).map((e) => `${f.file}:${e.line}: ${e.message}`);
  if (errors.length) return fail(format(errors));
  try {
    return await ds.transaction(async (em) => {
      const changes = await countChanges(em, ACTOR);
      const { problems, stats } = await f.write(em, ctx, rows);
      if (problems.length) throw new Rollback(format(problems));
      return {
        kind: f.kind,
        file: f.file,
        ok: true,
        ...stats,
        changes: (await changes()) + (stats.lessons ? stats.lessons.created + stats.lessons.changed : 0),
        errors: [],
      };
    });
  } catch (e) {
    if (e instanceof Rollback) return fail(e.errors);
    throw e;
  }
}

async function context(ds: DataSource, args: ImportArgs): Promise<ImportContext> {
  const m = ds.manager;
  let school: School | null;
  if (args.school) {
    school = await m.findOneBy(SchoolEntity, { externalId: args.school });
    if (!school && /^\d+$/.test(args.school)) school = await m.findOneBy(SchoolEntity, { id: Number(args.school) });
    if (!school) throw new CliError(`no school with external id or id ${args.school}`);
  } else {
    const all = await m.find(SchoolEntity, { take: 2 });
    if (!all.length)
      throw new CliError('the database has no school yet (create it first, e.g. with: npm run cli -- seed --demo)');
    if (all.length > 1)
      throw new CliError('the database has several schools: choose one with --school <external id or id>');
    school = all[0];
  }
  const years = await m.find(AcademicYearEntity, { where: { schoolId: school.id }, order: { startsOn: 'DESC' } });
  const today = todayIn(school.timezone);
  const year = args.year
    ? years.find((y) => y.name === args.year)
    : (years.find((y) => y.startsOn <= today && today <= y.endsOn) ?? years[0]);
  if (!year)
    throw new CliError(
      args.year ? `the school has no academic year ${args.year}` : 'the school has no academic year yet',
    );
  const holidays = await m.findBy(HolidayEntity, { schoolId: school.id, academicYearId: year.id });
  return { schoolId: school.id, year, holidays, actor: ACTOR, events: args.silent ? { silent: true } : {} };
}

const file = z.string().min(1).optional();

export const command: CliCommand = {
  summary: 'load students, guardians, staff and the timetable from CSV (docs/import.md)',
  usage:
    'import (--dir <folder> | --students/--guardians/--staff/--timetable <file.csv>) [--school <id>] [--year <name>] [--silent]',
  async main(argv, io) {
    const str = { type: 'string' } as const;
    const args = parseCommandArgs(
      argv,
      {
        dir: str,
        students: str,
        guardians: str,
        staff: str,
        timetable: str,
        school: str,
        year: str,
        silent: { type: 'boolean' },
      },
      z.object({
        dir: file,
        students: file,
        guardians: file,
        staff: file,
        timetable: file,
        school: file,
        year: file,
        silent: z.boolean().optional(),
      }),
    );
    const result = await withDatabase(io, (ds) => runImport(ds, args, io));
    return result.ok ? 0 : 1;
  },
};
