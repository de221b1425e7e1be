import { addDays } from '../calendar.js';
import { familiesOf, ProfileCache } from '../notifications/audience.js';
import { deliver, type Planned } from '../notifications/deliveries.js';
import type { ScheduleContext } from '../notifications/digests.js';
import { weekdayText } from '../notifications/texts.js';
import { textsOf } from '../texts.js';
import { unticked } from './index.js';

/**
 * The student's reminder, at the time they picked: tomorrow's tasks not yet
 * ticked, to the student's own chat only (never to the family's), through the
 * outbox like every notification. Nothing when all are ticked or there are
 * none. Keyed by student and day, so a rerun adds nothing.
 */
const cl = textsOf('checklist');

export async function runChecklistReminders(ctx: ScheduleContext, date: string, time: string) {
  const students: { studentId: number; classId: number; grade: number }[] = await ctx.ds.query(
    `SELECT r."studentId", st."classId", c.grade FROM checklist_reminder r
       JOIN student st ON st.id = r."studentId" JOIN school_class c ON c.id = st."classId"
      WHERE r.time = $1 AND st.active ORDER BY r."studentId"`,
    [time],
  );
  const tomorrow = addDays(date, 1);
  const cache = new ProfileCache(ctx.ds, ctx.hashKey);
  const planned: Planned[] = [];
  for (const s of students) {
    const left = await unticked(ctx.ds, s, tomorrow, tomorrow);
    if (!left.length) continue;
    const own = (await familiesOf(ctx.ds, [s.studentId], cache)).filter(
      (r) => r.profile.links.find((l) => l.id === r.linkId)?.role === 'student',
    );
    const text = [
      cl.html('checklist-reminder-title', { date: weekdayText(tomorrow), count: left.length }),
      ...left.map((t) => cl.html('checklist-left-line', { subject: t.subject, text: t.homework })),
      cl.html('checklist-reminder-hint'),
    ].join('\n');
    for (const recipient of own)
      planned.push({
        key: `checklist-reminder:${s.studentId}:${tomorrow}`,
        schoolId: recipient.schoolId,
        kind: 'checklist',
        preference: null,
        recipient,
        text,
      });
  }
  const r = await deliver(ctx.ds, planned, ctx);
  return { students: students.length, messages: r.deliveries };
}
