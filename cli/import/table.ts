import aliasData from './aliases.json' with { type: 'json' };
import { parseCsv } from './csv.js';

/** A CSV row by column key, with where it came from for error messages. */
export interface Row {
  line: number;
  values: Record<string, string>;
}

/** Lower case, yo as ye, spaces and dashes as underscores: «Дата рождения» → дата_рождения. */
export const normalizeKey = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/\u0451/g, '\u0435')
    .replace(/[\s-]+/g, '_');

/** Word → canonical value, for each list in aliases.json (canonical names map to themselves). */
function lookup(groups: Record<string, string[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [canonical, words] of Object.entries(groups)) {
    map.set(normalizeKey(canonical), canonical);
    for (const w of words) map.set(normalizeKey(w), canonical);
  }
  return map;
}
export const aliases = {
  columns: lookup(aliasData.columns),
  weekdays: lookup(aliasData.weekdays),
  roles: lookup(aliasData.roles),
  relations: lookup(aliasData.relations),
};

/** Thrown for a problem with the file as a whole (syntax, header); the rows are checked one by one elsewhere. */
export class FileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a CSV file's rows by column key. The header names the columns in
 * English (external_id) or Russian (Фамилия); unknown and repeated columns and
 * rows with the wrong number of fields are errors with their line number.
 */
export function readTable(
  text: string,
  known: readonly string[],
  required: readonly string[],
): { rows: Row[]; errors: { line: number; message: string }[] } {
  const records = parseCsv(text);
  if (!records.length) throw new FileError(1, 'the file is empty (a header line is required)');
  const header = records[0];
  // Spreadsheets often leave empty columns at the end: a column without a name is ignored.
  const keys = header.fields.map((h) => aliases.columns.get(normalizeKey(h)) ?? normalizeKey(h));
  const unknown = keys.filter((k) => k && !known.includes(k));
  if (unknown.length)
    throw new FileError(header.line, `unknown column ${unknown.join(', ')} (expected: ${known.join(', ')})`);
  const repeated = keys.filter((k, i) => k && keys.indexOf(k) !== i);
  if (repeated.length) throw new FileError(header.line, `column ${repeated.join(', ')} appears twice`);
  const missing = required.filter((k) => !keys.includes(k));
  if (missing.length) throw new FileError(header.line, `missing column ${missing.join(', ')}`);
  const rows: Row[] = [];
  const errors: { line: number; message: string }[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length !== keys.length) {
      errors.push({ line: r.line, message: `${r.fields.length} fields, the header has ${keys.length}` });
      continue;
    }
    rows.push({
      line: r.line,
      values: Object.fromEntries(keys.flatMap((k, i) => (k ? [[k, r.fields[i].trim()]] : []))),
    });
  }
  return { rows, errors };
}
