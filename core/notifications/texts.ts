import { Html } from '../html.js';
import { textsOf, type TextArgs } from '../texts.js';

export type { TextArgs } from '../texts.js';

/**
 * The notification texts (locales/ru/notifications.ftl) for code that runs
 * without grammY: the delivery worker and the schedules. Every string value
 * is HTML-escaped on the way in (names, subjects and homework are typed by
 * people); pieces already rendered are passed as `Html` (`tHtml`, core/html.ts).
 * One message with its arguments; throws on an unknown key (a bug, caught by tests).
 */
export const t = textsOf('notifications').html;

/** The same text as `Html`, for an argument of another text: inserted there as is, never escaped twice. */
export const tHtml = (key: string, args: TextArgs = {}) => new Html(t(key, args));

/**
 * A mark as families read it: «5», «осв», «н/а»…
 */
export const markText = (value: string) => t('notifications-mark-value', { value });

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

/** A payload value as text: strings as they are, numbers and booleans printed, nothing as '', anything else as JSON. */
export const str = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : v === null || v === undefined
        ? ''
        : JSON.stringify(v);
