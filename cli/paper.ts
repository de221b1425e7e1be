import { systemClock } from '../core/clock.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../core/actor.js';
import { wallClock } from '../core/calendar.js';
import { makePrintouts, makeSummarySheet, resolvePeriod, studentsWithoutAccess } from '../core/paper/service.js';
import { parseCommandArgs } from './args.js';
import { isIsoDate } from './calendar.js';
import { resolveClass, resolveSchool } from './codes.js';
import type { CliCommand } from './command.js';
import { withDatabase } from './database.js';
import { CliError, type Io } from './io.js';

/**
 * Printed paper from the command line (docs/control-panel.md): printouts for
 * families and the summary sheet, written as files into --out (default: the
 * current folder) and kept in paper_file like those made in the bot.
 */
const isoDate = z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD');

const printoutArgs = z
  .object({
    school: z.coerce.number().int().positive().optional(),
    class: z.string({ error: 'is required: the class, e.g. 5A' }),
    from: isoDate,
    to: isoDate,
    unlinked: z.boolean().default(false),
    out: z.string().default('.'),
  })
  .refine((a) => a.from <= a.to, { message: '--from is after --to' });

export async function runPrintouts(
  ds: DataSource,
  a: z.infer<typeof printoutArgs>,
  io: Io,
): Promise<{ file: string; students: number; bytes: number }> {
  const schoolId = await resolveSchool(ds, a.school);
  const cls = await resolveClass(ds, schoolId, a.class);
  const ids = a.unlinked ? (await studentsWithoutAccess(ds, cls.id)).map((s) => s.id) : undefined;
  if (ids && !ids.length) throw new CliError(`every family of ${cls.name} has access to the bot: no printouts needed`);
  const actor: Actor = { kind: 'cli', command: 'printouts' };
  const made = (await makePrintouts(
    ds,
    { classId: cls.id, from: a.from, to: a.to, studentIds: ids },
    actor,
    systemClock.now(),
  ))!;
  await mkdir(a.out, { recursive: true });
  const file = path.join(a.out, made.fileName);
  await writeFile(file, made.content);
  io.out(`${file}: ${made.students.length} students, ${made.content.length} bytes`);
  return { file, students: made.students.length, bytes: made.content.length };
}

export const printoutsCommand: CliCommand = {
  summary: 'printouts for families: a PDF page per student (marks with dates, averages, absences, homework)',
  usage: 'printouts --class <name> --from YYYY-MM-DD --to YYYY-MM-DD [--unlinked] [--out <folder>] [--school <id>]',
  async main(argv, io) {
    const a = parseCommandArgs(
      argv,
      {
        school: { type: 'string' },
        class: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        unlinked: { type: 'boolean' },
        out: { type: 'string' },
      },
      printoutArgs,
    );
    await withDatabase(io, (ds) => runPrintouts(ds, a, io));
  },
};

const sheetArgs = z.object({
  school: z.coerce.number().int().positive().optional(),
  class: z.string({ error: 'is required: the class, e.g. 5A' }),
  period: z
    .string()
    .regex(/^(q[1-4]|t[1-3]|h[12]|year|\d+)$/, 'expected q1–q4, t1–t3, h1, h2, year or a period id')
    .optional(),
  out: z.string().default('.'),
});

export async function runSummarySheet(
  ds: DataSource,
  a: z.infer<typeof sheetArgs>,
  io: Io,
  timezone: string,
): Promise<{ pdf: string; csv: string }> {
  const schoolId = await resolveSchool(ds, a.school);
  const cls = await resolveClass(ds, schoolId, a.class);
  const period = await resolvePeriod(ds, cls.id, a.period, wallClock(timezone, new Date()).date);
  if (!period)
    throw new CliError(
      a.period ? `--period: no period ${a.period} in ${cls.name}'s academic year` : `${cls.name} has no periods`,
    );
  const made = await makeSummarySheet(
    ds,
    { classId: cls.id, periodId: period.id },
    { kind: 'cli', command: 'summary-sheet' },
    systemClock.now(),
  );
  await mkdir(a.out, { recursive: true });
  const pdf = path.join(a.out, made.pdf.fileName);
  const csv = path.join(a.out, made.csv.fileName);
  await writeFile(pdf, made.pdf.content);
  await writeFile(csv, made.csv.content);
  io.out(
    `${pdf}: ${made.sheet.rows.length} students × ${made.sheet.subjects.length} subjects, ${made.pdf.content.length} bytes`,
  );
  io.out(`${csv}: ${made.csv.content.length} bytes`);
  return { pdf, csv };
}

export const summarySheetCommand: CliCommand = {
  summary: 'the summary sheet of a class for a period: PDF to print and sign, CSV for the archive',
  usage: 'summary-sheet --class <name> [--period q1|q2|…|h1|h2|year|<id>] [--out <folder>] [--school <id>]',
  async main(argv, io) {
    const a = parseCommandArgs(
      argv,
      { school: { type: 'string' }, class: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' } },
      sheetArgs,
    );
    await withDatabase(io, (ds, config) => runSummarySheet(ds, a, io, config.SCHOOL_TIMEZONE));
  },
};
