import type { DataSource } from 'typeorm';
import { coveredByAcceptedReport } from '../absence-reports/index.js';
import { familiesOf, type Recipient } from './audience.js';
import type { Planned } from './deliveries.js';
import { num, plan, type Handler } from './event-plan.js';
import { lessonInfo } from './lesson-events.js';
import { loadPreferences, prefKey } from './preferences.js';
import { childName, dayText, str, t, tHtml } from './texts.js';

/** A student's absence or lateness told to the family, and an alert when unexcused absences run in a row. */
/** Lessons the student missed without a valid reason, in a row, ending with `lessonId` (newest first). */
export async function unexcusedStreak(
  ds: DataSource,
  studentId: number,
  lessonId: number,
): Promise<{ count: number; fromDate: string; firstLessonId: number } | null> {
  const rows: { id: number; date: string; status: string | null; reason: string | null }[] = await ds.query(
    `WITH me AS (SELECT st."classId" FROM student st WHERE st.id = $1), last AS (SELECT date, slot FROM lesson WHERE id = $2)
     SELECT l.id, l.date, a.status, a.reason FROM lesson l CROSS JOIN me CROSS JOIN last
       LEFT JOIN attendance a ON a."lessonId" = l.id AND a."studentId" = $1
      WHERE l."classId" = me."classId" AND NOT l.cancelled AND (l.date, l.slot) <= (last.date, last.slot)
        AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = $1))
      ORDER BY l.date DESC, l.slot DESC LIMIT 25`,
    [studentId, lessonId],
  );
  let count = 0;
  for (const r of rows) {
    if (r.status !== 'absent' || r.reason !== 'unexcused') break;
    count++;
  }
  if (!count) return null;
  const first = rows[count - 1];
  return { count, fromDate: first.date, firstLessonId: first.id };
}

export const absence: Handler = async (e, ctx) => {
  const p = e.payload;
  const studentId = num(p.studentId);
  const lesson = await lessonInfo(ctx.ds, num(p.lessonId));
  if (!lesson) return [];
  const recipients = await familiesOf(ctx.ds, [studentId], ctx.cache);
  const previous = p.previous as { status?: string } | null;
  const out: Planned[] = [];
  // The family told the school itself (an accepted absence report covers this lesson, issue 8): no alert to them.
  const reported = p.status === 'absent' && (await coveredByAcceptedReport(ctx.ds, studentId, lesson.id));
  if ((!previous || previous.status !== p.status) && !reported) {
    const text = (r: Recipient) =>
      t('notifications-absence', {
        status: str(p.status),
        child: childName(r.student!),
        subject: lesson.subject,
        date: dayText(lesson.date),
        slot: lesson.slot,
        reason: tHtml('notifications-absence-reason', { reason: str(p.reason) }),
      });
    out.push(...plan(e, 'absence', 'absence', recipients, text));
  }
  if (p.status === 'absent' && p.reason === 'unexcused') {
    const streak = await unexcusedStreak(ctx.ds, studentId, lesson.id);
    const prefs = await loadPreferences(
      ctx.ds,
      recipients.map((r) => ({ accountHash: r.accountHash, studentId })),
    );
    for (const r of recipients) {
      const limit = prefs.get(prefKey(r.accountHash, studentId))!.absenceStreak;
      if (!streak || !limit || streak.count < limit) continue;
      out.push({
        key: `streak:${studentId}:${streak.firstLessonId}:${limit}`,
        schoolId: e.schoolId,
        eventId: String(e.id),
        kind: 'alert',
        preference: null,
        recipient: r,
        text: t('notifications-alert-absences', {
          child: childName(r.student!),
          count: streak.count,
          from: dayText(streak.fromDate),
        }),
      });
    }
  }
  return out;
};
