import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { Html, htmlArg } from '../html.js';

/**
 * The notification texts (locales/ru/notifications.ftl) for code that runs
 * without grammY: the delivery worker and the schedules. Every string value
 * is HTML-escaped on the way in (names, subjects and homework are typed by
 * people); pieces already rendered are passed as `Html` (`tHtml`, core/html.ts).
 */
const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales', 'ru', 'notifications.ftl');

let bundle: FluentBundle | undefined;
function load(): FluentBundle {
  if (bundle) return bundle;
  const b = new FluentBundle('ru', { useIsolating: false });
  const errors = b.addResource(new FluentResource(readFileSync(FILE, 'utf8')));
  if (errors.length) throw new Error(`notifications.ftl: ${errors.map((e) => e.message).join('; ')}`);
  bundle = b;
  return b;
}

export type TextArgs = Record<string, string | number | Html | null | undefined>;

/** One message of notifications.ftl with its arguments; throws on an unknown key (a bug, caught by tests). */
export function t(key: string, args: TextArgs = {}): string {
  const b = load();
  const msg = b.getMessage(key);
  if (!msg?.value) throw new Error(`notifications.ftl has no message ${key}`);
  const vars: Record<string, FluentVariable> = {};
  for (const [k, v] of Object.entries(args)) vars[k] = v === null || v === undefined ? 'none' : htmlArg(v);
  const errors: Error[] = [];
  const out = b.formatPattern(msg.value, vars, errors);
  if (errors.length) throw new Error(`notifications.ftl ${key}: ${errors.map((e) => e.message).join('; ')}`);
  return out;
}

/** The same text as `Html`, for an argument of another text: inserted there as is, never escaped twice. */
export const tHtml = (key: string, args: TextArgs = {}) => new Html(t(key, args));

/**
 * A mark as families read it: «5», «осв», «н/а»…
 */
export const markText = (value: string) => t('ntf-mark-value', { value });

const dayMonth = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: 'numeric', month: 'long' });
const weekdayDayMonth = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});

/**
 * '2026-11-23' → «23 ноября».
 */
export const dayText = (date: string) => dayMonth.format(new Date(`${date}T12:00:00Z`));
/**
 * '2026-11-23' → «понедельник, 23 ноября».
 */
export const weekdayText = (date: string) => weekdayDayMonth.format(new Date(`${date}T12:00:00Z`));
/**
 * An instant on the school's clock: «23 ноября, 14:05».
 */
export const momentText = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
/** An average in hundredths as Russians write it: 412 → «4,12». */
export const averageText = (hundredths: number) => (hundredths / 100).toFixed(2).replace('.', ',');

/** A child's name as messages show it. */
export const childName = (s: { firstName: string; lastName: string }) => `${s.firstName} ${s.lastName}`;

/** Splits a long message at line ends so every part stays under Telegram's 4096 characters. */
export function splitMessage(text: string, max = 4000): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    const piece = line.length > max ? line.slice(0, max) : line;
    if (cur && cur.length + 1 + piece.length > max) {
      parts.push(cur);
      cur = piece;
    } else cur = cur ? `${cur}\n${piece}` : piece;
  }
  if (cur) parts.push(cur);
  return parts;
}

/** A payload value as text: strings as they are, numbers and booleans printed, nothing as '', anything else as JSON. */
export const str = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : v === null || v === undefined
        ? ''
        : JSON.stringify(v);
