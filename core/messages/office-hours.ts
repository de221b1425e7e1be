import type { Db } from '../unit-of-work.js';
import type { DataSource } from 'typeorm';
import type { Actor } from '../actor.js';
import { addDays, weekday, wallClock, zonedInstant } from '../calendar.js';
import { audit, inTransaction } from '../unit-of-work.js';
import type { Hours } from './types.js';

export async function officeHours(q: Db, staffId: number): Promise<Hours | null> {
  const [row] = await q.query(`SELECT days, "fromTime", "toTime" FROM office_hours WHERE "staffId" = $1`, [staffId]);
  return row ?? null;
}

export async function setOfficeHours(
  ds: DataSource,
  staffId: number,
  hours: Hours | null,
  actor: Actor,
): Promise<void> {
  await inTransaction(ds, async (em) => {
    if (!hours) await em.query(`DELETE FROM office_hours WHERE "staffId" = $1`, [staffId]);
    else
      await em.query(
        `INSERT INTO office_hours ("staffId", days, "fromTime", "toTime", "updatedAt") VALUES ($1, $2, $3, $4, now())
         ON CONFLICT ("staffId") DO UPDATE SET days = EXCLUDED.days, "fromTime" = EXCLUDED."fromTime", "toTime" = EXCLUDED."toTime", "updatedAt" = now()`,
        [staffId, JSON.stringify(hours.days), hours.fromTime, hours.toTime],
      );
    await audit(em, actor, 'officeHours.set', { type: 'staff', id: staffId }, hours ? { ...hours } : { off: true });
  });
}

/** When the staff member's office hours next begin; null when `at` is within them (or none are set). */
export function nextOfficeStart(h: Hours | null, at: Date, timeZone: string): Date | null {
  if (!h || !h.days.length) return null;
  const w = wallClock(timeZone, at);
  if (h.days.includes(weekday(w.date)) && w.time >= h.fromTime && w.time < h.toTime) return null;
  for (let i = 0; i <= 7; i++) {
    const d = addDays(w.date, i);
    if (!h.days.includes(weekday(d))) continue;
    if (i === 0 && w.time >= h.fromTime) continue;
    return zonedInstant(d, h.fromTime, timeZone);
  }
  return null;
}
