import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { htmlArg, type Html } from '../html.js';
import { wallClock } from '../calendar.js';

/**
 * Texts of code that runs without grammY (printed paper, scheduled messages):
 * one Fluent file of locales/ru/ per feature, loaded once. `plain` texts go
 * into PDFs and CSVs as they are; `html` texts are Telegram HTML with every
 * argument escaped (names are typed by people).
 */
const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales', 'ru');
const bundles = new Map<string, FluentBundle>();

function bundle(file: string): FluentBundle {
  const cached = bundles.get(file);
  if (cached) return cached;
  const b = new FluentBundle('ru', { useIsolating: false });
  const errors = b.addResource(new FluentResource(readFileSync(path.join(DIR, `${file}.ftl`), 'utf8')));
  if (errors.length) throw new Error(`${file}.ftl: ${errors.map((e) => e.message).join('; ')}`);
  bundles.set(file, b);
  return b;
}

export type TextArgs = Record<string, string | number | Html | null | undefined>;

type ArgOf = (v: string | number | Html) => string | number;

function format(file: string, key: string, args: TextArgs, arg: ArgOf): string {
  const b = bundle(file);
  const msg = b.getMessage(key);
  if (!msg?.value) throw new Error(`${file}.ftl has no message ${key}`);
  const vars: Record<string, FluentVariable> = {};
  for (const [k, v] of Object.entries(args)) vars[k] = v === null || v === undefined ? 'none' : arg(v);
  const errors: Error[] = [];
  const out = b.formatPattern(msg.value, vars, errors);
  if (errors.length) throw new Error(`${file}.ftl ${key}: ${errors.map((e) => e.message).join('; ')}`);
  return out;
}

/** A translator over one Fluent file: `plain` for paper, `html` for Telegram messages. */
export function textsOf(file: string) {
  return {
    plain: (key: string, args: TextArgs = {}) => format(file, key, args, (v) => (typeof v === 'object' ? v.markup : v)),
    html: (key: string, args: TextArgs = {}) => format(file, key, args, htmlArg),
  };
}

/** '2026-11-23' → «23.11». */
export const shortDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;
/** '2026-11-23' → «23.11.2026». */
export const fullDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
/** An instant on the school's clock: «23.11.2026 14:05». */
export function moment(at: Date, timeZone: string): string {
  const w = wallClock(timeZone, at);
  return `${fullDate(w.date)} ${w.time}`;
}
/** An average in hundredths: 412 → «4,12». */
export const hundredths = (n: number) => `${Math.floor(n / 100)},${String(n % 100).padStart(2, '0')}`;
