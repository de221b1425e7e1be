import type { Db } from '../unit-of-work.js';
import { parseQuietHours, type QuietHours } from './time.js';

/**
 * What an account wants to hear about each child. Kinds driven by journal
 * events go out at once, wait for the evening digest, or stay off; scheduled
 * kinds are on or off. Quiet hours belong to the account (the person sleeps,
 * whichever child a message is about).
 */
export const EVENT_KINDS = ['marks', 'absence', 'homework', 'lessons', 'periodMarks'] as const;
export const SCHEDULE_KINDS = ['evening', 'weekly', 'forecast'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
export type Kind = EventKind | ScheduleKind;
export type Mode = 'instant' | 'digest' | 'off' | 'on';
export const ALL_KINDS: readonly Kind[] = [...EVENT_KINDS, ...SCHEDULE_KINDS];

export const DEFAULT_MODES: Readonly<Record<Kind, Mode>> = {
  marks: 'instant',
  absence: 'instant',
  homework: 'digest',
  lessons: 'instant',
  periodMarks: 'instant',
  evening: 'on',
  weekly: 'on',
  forecast: 'on',
};

export const isEventKind = (k: string): k is EventKind => (EVENT_KINDS as readonly string[]).includes(k);
export const isKind = (k: string): k is Kind => (ALL_KINDS as readonly string[]).includes(k);

/** The next mode a tap on the setting moves to. */
export function nextMode(kind: Kind, mode: Mode): Mode {
  if (!isEventKind(kind)) return mode === 'off' ? 'on' : 'off';
  return mode === 'instant' ? 'digest' : mode === 'digest' ? 'off' : 'instant';
}

export interface ChildPreferences {
  modes: Record<Kind, Mode>;
  /** Tell when a subject's average falls below this (e.g. 3.5). */
  averageBelow: number | null;
  /** Tell after this many unexcused absences in a row. */
  absenceStreak: number | null;
}

export const defaultPreferences = (): ChildPreferences => ({
  modes: { ...DEFAULT_MODES },
  averageBelow: null,
  absenceStreak: null,
});

const validMode = (kind: Kind, m: unknown): m is Mode =>
  isEventKind(kind) ? m === 'instant' || m === 'digest' || m === 'off' : m === 'on' || m === 'off';

export const prefKey = (accountHash: string, studentId: number) => `${accountHash}/${studentId}`;

/** Preferences of many (account, child) pairs at once; pairs without a row get the defaults. */
export async function loadPreferences(
  q: Db,
  pairs: { accountHash: string; studentId: number }[],
): Promise<Map<string, ChildPreferences>> {
  const out = new Map<string, ChildPreferences>();
  if (!pairs.length) return out;
  const rows: {
    accountHash: string;
    studentId: number;
    modes: Record<string, unknown>;
    averageBelow: string | null;
    absenceStreak: number | null;
  }[] = await q.query(
    `SELECT p."accountHash", p."studentId", p.modes, p."averageBelow", p."absenceStreak"
         FROM notification_preference p JOIN unnest($1::text[], $2::int[]) AS x(h, s) ON x.h = p."accountHash" AND x.s = p."studentId"`,
    [pairs.map((p) => p.accountHash), pairs.map((p) => p.studentId)],
  );
  for (const r of rows) {
    const prefs = defaultPreferences();
    for (const k of ALL_KINDS) if (validMode(k, r.modes?.[k])) prefs.modes[k] = r.modes[k];
    prefs.averageBelow = r.averageBelow === null ? null : Number(r.averageBelow);
    prefs.absenceStreak = r.absenceStreak;
    out.set(prefKey(r.accountHash, r.studentId), prefs);
  }
  for (const p of pairs)
    if (!out.has(prefKey(p.accountHash, p.studentId)))
      out.set(prefKey(p.accountHash, p.studentId), defaultPreferences());
  return out;
}

export async function childPreferences(q: Db, accountHash: string, studentId: number): Promise<ChildPreferences> {
  return (await loadPreferences(q, [{ accountHash, studentId }])).get(prefKey(accountHash, studentId))!;
}

async function upsert(
  q: Db,
  accountHash: string,
  studentId: number,
  change: (p: ChildPreferences) => void,
): Promise<ChildPreferences> {
  const prefs = await childPreferences(q, accountHash, studentId);
  change(prefs);
  await q.query(
    `INSERT INTO notification_preference ("accountHash", "studentId", modes, "averageBelow", "absenceStreak", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT ("accountHash", "studentId") DO UPDATE
       SET modes = EXCLUDED.modes, "averageBelow" = EXCLUDED."averageBelow", "absenceStreak" = EXCLUDED."absenceStreak", "updatedAt" = now()`,
    [accountHash, studentId, JSON.stringify(prefs.modes), prefs.averageBelow, prefs.absenceStreak],
  );
  return prefs;
}

/** Moves one kind to its next mode; the caller has checked the account may see the child. */
export const cycleMode = (q: Db, accountHash: string, studentId: number, kind: Kind) =>
  upsert(q, accountHash, studentId, (p) => void (p.modes[kind] = nextMode(kind, p.modes[kind])));

/** Offered thresholds (the settings screen's buttons). */
export const AVERAGE_CHOICES = [3, 3.5, 4, 4.5] as const;
export const STREAK_CHOICES = [2, 3, 5] as const;

export const setAverageBelow = (q: Db, accountHash: string, studentId: number, value: number | null) =>
  upsert(q, accountHash, studentId, (p) => void (p.averageBelow = value));
export const setAbsenceStreak = (q: Db, accountHash: string, studentId: number, value: number | null) =>
  upsert(q, accountHash, studentId, (p) => void (p.absenceStreak = value));

/** Offered quiet hours ('off' or 'HH:MM-HH:MM'). */
export const QUIET_CHOICES = ['21:00-08:00', '22:00-07:00', '20:00-09:00', 'off'] as const;

/** The account's quiet hours as text ('HH:MM-HH:MM' or 'off'); `fallback` when never set. */
export async function quietHoursSetting(
  q: Db,
  accountHashes: string[],
  fallback: string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>(accountHashes.map((h) => [h, fallback]));
  if (!accountHashes.length) return out;
  const rows: { accountHash: string; quietHours: string | null }[] = await q.query(
    `SELECT "accountHash", "quietHours" FROM notification_setting WHERE "accountHash" = ANY($1)`,
    [accountHashes],
  );
  for (const r of rows) if (r.quietHours) out.set(r.accountHash, r.quietHours);
  return out;
}

export async function quietHoursOf(
  q: Db,
  accountHashes: string[],
  fallback: string,
): Promise<Map<string, QuietHours | null>> {
  const text = await quietHoursSetting(q, accountHashes, fallback);
  return new Map([...text].map(([h, v]) => [h, parseQuietHours(v)]));
}

export async function setQuietHours(q: Db, accountHash: string, value: string): Promise<void> {
  if (value !== 'off' && !parseQuietHours(value)) throw new Error('quiet hours must be HH:MM-HH:MM or off');
  await q.query(
    `INSERT INTO notification_setting ("accountHash", "quietHours", "updatedAt") VALUES ($1, $2, now())
     ON CONFLICT ("accountHash") DO UPDATE SET "quietHours" = EXCLUDED."quietHours", "updatedAt" = now()`,
    [accountHash, value],
  );
}
