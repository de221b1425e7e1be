import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { familiesOfSchool, ProfileCache, type Recipient, type StudentRef } from './audience.js';
import type { PlanContext } from './deliveries.js';

/**
 * The scheduled messages: the evening digest (homework and changes for
 * tomorrow, plus the day's news of kinds set to "in the digest"), the weekly
 * summary, the forecast a week before a period ends and the period's results
 * the day after. Averages, trends and forecasts come from core/diary. Each
 * message is keyed by its slot or period and child, so a rerun adds nothing.
 * This module holds what they share; the messages are in evening-digest.ts,
 * weekly-summary.ts and period-reports.ts.
 */
export interface ScheduleContext extends PlanContext {
  ds: DataSource;
  hashKey: string;
}

const TEST_STEMS: string[] = JSON.parse(readFileSync(new URL('./test-topics.json', import.meta.url), 'utf8')).stems;
export const announcesTest = (topic: string | null) =>
  !!topic && TEST_STEMS.some((s) => topic.toLowerCase().includes(s));

export async function schools(ds: DataSource): Promise<number[]> {
  return (await ds.query(`SELECT id FROM school ORDER BY id`)).map((r: { id: number }) => r.id);
}

/** The school's family recipients grouped by child. */
export async function byChild(
  ctx: ScheduleContext,
  schoolId: number,
): Promise<Map<number, { student: StudentRef; recipients: Recipient[] }>> {
  const recipients = await familiesOfSchool(ctx.ds, schoolId, new ProfileCache(ctx.ds, ctx.hashKey));
  const out = new Map<number, { student: StudentRef; recipients: Recipient[] }>();
  for (const r of recipients) {
    const s = r.student!;
    const entry = out.get(s.studentId) ?? { student: s, recipients: [] };
    entry.recipients.push(r);
    out.set(s.studentId, entry);
  }
  return out;
}

export interface RunOutcome {
  schools: number;
  messages: number;
  [k: string]: number;
}
