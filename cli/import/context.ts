import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.js';
import { upsertClass } from '../../core/school/structure.js';
import type { EventOptions } from '../../core/unit-of-work.js';
import type { AcademicYear, Holiday } from '../../db/entities/index.js';

/** What every file's import needs: the school and year it goes into, and who writes. */
export interface ImportContext {
  schoolId: number;
  year: AcademicYear;
  holidays: Holiday[];
  actor: Actor;
  /** Event options for journal writes (lessons): `silent` for a first load. */
  events: EventOptions;
}

/** A problem found while writing a row (a missing reference, a clash); the file's transaction is rolled back. */
export interface RowProblem {
  line: number;
  message: string;
}

export interface FileStats {
  rows: number;
  /** Lessons created, changed and left unchanged (timetable only). */
  lessons?: { created: number; changed: number; unchanged: number };
}

/** The file's writer: its rows in, the problems it met out (then nothing of the file is kept). */
export type FileWriter<R> = (
  em: EntityManager,
  ctx: ImportContext,
  rows: { line: number; data: R }[],
) => Promise<{ problems: RowProblem[]; stats: FileStats }>;

/** Classes by name in the import's year, created on first use (the same upsert as everywhere). */
export function classResolver(em: EntityManager, ctx: ImportContext) {
  const cache = new Map<string, number>();
  return async (c: { name: string; grade: number; letter: string }): Promise<number> => {
    let id = cache.get(c.name);
    if (id === undefined) {
      id = (
        await upsertClass(
          em,
          { schoolId: ctx.schoolId, academicYearId: ctx.year.id, grade: c.grade, letter: c.letter },
          ctx.actor,
        )
      ).id;
      cache.set(c.name, id);
    }
    return id;
  };
}

/** "duplicates line N" for a key seen before in the file. */
export function duplicateChecker() {
  const seen = new Map<string, number>();
  return (key: string, line: number): string | null => {
    const first = seen.get(key);
    if (first !== undefined) return `duplicates line ${first}`;
    seen.set(key, line);
    return null;
  };
}
