import { MARK_VALUES, type MarkValue } from '../../db/entities/index.js';
import type { SummaryRow, SummarySheet } from './data.js';
import { markText } from './render.js';
import { textsOf } from '../texts.js';

const t = textsOf('paper').plain;

/** A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV as spreadsheets in Russian open it: UTF-8 with a byte-order mark, `;`
 * between fields, CRLF line ends, fields quoted when they hold `;`, quotes or
 * line breaks. A field that a spreadsheet would run as a formula (a name or a
 * comment typed as `=HYPERLINK(…)`) gets a leading `'`, which shows it as text.
 */
export function toCsv(rows: string[][]): string {
  const field = (raw: string) => {
    const v = FORMULA_START.test(raw) ? `'${raw}` : raw;
    return /[";\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return `\uFEFF${rows.map((r) => r.map(field).join(';')).join('\r\n')}\r\n`;
}

/** Reads what toCsv writes (and what spreadsheets save the same way), the `'` before a formula-like field taken off. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += c;
  }
  if (cur || row.length) {
    row.push(cur);
    rows.push(row);
  }
  return rows.map((r) => r.map((v) => (v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v)));
}

const headers = () => ({
  number: t('paper-col-number'),
  student: t('paper-col-student'),
  lessons: t('paper-col-absent-lessons'),
  illness: t('paper-col-absent-illness'),
  days: t('paper-col-absent-days'),
});

/** The summary sheet for the archive: a header row, then a row per student; marks as printed («5», «осв», «н/а»…), empty where none. */
export function summarySheetCsv(sheet: SummarySheet): string {
  const h = headers();
  return toCsv([
    [h.number, h.student, ...sheet.subjects.map((s) => s.name), h.lessons, h.illness, h.days],
    ...sheet.rows.map((r) => [
      String(r.number),
      r.name,
      ...r.marks.map((m) => (m === null ? '' : markText(m))),
      String(r.absentLessons),
      String(r.illnessLessons),
      String(r.absentDays),
    ]),
  ]);
}

/** Reads an archived summary sheet back: the subjects and each student's row (what the CSV carries of SummaryRow). */
export function readSummarySheetCsv(text: string): { subjects: string[]; rows: Omit<SummaryRow, 'studentId'>[] } {
  const [head, ...body] = parseCsv(text);
  const h = headers();
  if (!head || head[0] !== h.number || head[1] !== h.student || head.at(-1) !== h.days)
    throw new Error('not a summary sheet CSV');
  const subjects = head.slice(2, -3);
  const byText = new Map(MARK_VALUES.map((v) => [markText(v), v] as const));
  const mark = (cell: string): MarkValue | null => {
    if (!cell) return null;
    const v = byText.get(cell);
    if (!v) throw new Error(`unknown mark "${cell}"`);
    return v;
  };
  return {
    subjects,
    rows: body
      .filter((r) => r.length === head.length)
      .map((r) => ({
        number: Number(r[0]),
        name: r[1],
        marks: r.slice(2, 2 + subjects.length).map(mark),
        absentLessons: Number(r.at(-3)),
        illnessLessons: Number(r.at(-2)),
        absentDays: Number(r.at(-1)),
      })),
  };
}
