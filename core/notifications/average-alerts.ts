import type { MarkValue } from '../../db/entities/index.js';
import { choosePeriod, type DiaryPeriod } from '../diary/marks.js';
import { averageHundredths, averageStats, type Weighted } from '../diary/rules.js';
import type { Recipient } from './audience.js';
import type { Planned } from './deliveries.js';
import type { EventContext } from './event-plan.js';
import type { MarkItem } from './mark-folding.js';
import { loadPreferences, prefKey } from './preferences.js';
import { averageText, childName, t } from './texts.js';

/** «Average below your threshold»: told when this window's marks take a subject's average under it. */
export async function averageAlerts(
  marks: MarkItem[],
  studentId: number,
  recipients: Recipient[],
  periods: DiaryPeriod[],
  subjects: Map<number, string>,
  first: string,
  schoolId: number,
  ctx: EventContext,
): Promise<Planned[]> {
  if (!marks.length) return [];
  const prefs = await loadPreferences(
    ctx.ds,
    recipients.map((r) => ({ accountHash: r.accountHash, studentId })),
  );
  const watching = recipients.filter((r) => prefs.get(prefKey(r.accountHash, studentId))!.averageBelow !== null);
  if (!watching.length) return [];
  const out: Planned[] = [];
  const bySubjectPeriod = new Map<string, { subjectId: number; period: DiaryPeriod }>();
  for (const m of marks) {
    const period = choosePeriod(
      periods.filter((p) => p.startsOn <= m.date && m.date <= p.endsOn),
      m.date,
    );
    if (period) bySubjectPeriod.set(`${m.subjectId}:${period.id}`, { subjectId: m.subjectId, period });
  }
  for (const { subjectId, period } of bySubjectPeriod.values()) {
    const rows: { id: number; value: MarkValue; deleted: boolean; weight: number }[] = await ctx.ds.query(
      `SELECT m.id, m.value, m.deleted, round(w.weight * 100)::int AS weight FROM mark m JOIN work_kind w ON w.id = m."workKindId"
        WHERE m."studentId" = $1 AND m."subjectId" = $2 AND m.date BETWEEN $3 AND $4`,
      [studentId, subjectId, period.startsOn, period.endsOn],
    );
    const changed = new Map(marks.map((m) => [m.markId, m]));
    const after: Weighted[] = rows.filter((r) => !r.deleted).map((r) => ({ value: r.value, weight: r.weight }));
    const before: Weighted[] = rows.flatMap((r) => {
      const m = changed.get(r.id);
      if (!m) return r.deleted ? [] : [{ value: r.value, weight: r.weight }];
      if (m.change === 'new') return [];
      return [{ value: m.old!, weight: r.weight }];
    });
    const a = averageStats(after);
    const b = averageStats(before);
    if (!a) continue;
    const avgAfter = averageHundredths(a);
    const avgBefore = b ? averageHundredths(b) : null;
    for (const r of watching) {
      const threshold = Math.round(prefs.get(prefKey(r.accountHash, studentId))!.averageBelow! * 100);
      if (avgAfter >= threshold || (avgBefore !== null && avgBefore < threshold)) continue;
      out.push({
        key: `avg:${first}:${subjectId}`,
        schoolId,
        eventId: first,
        kind: 'alert',
        preference: null,
        recipient: r,
        text: t('notifications-alert-average', {
          child: childName(r.student!),
          subject: subjects.get(subjectId) ?? '',
          average: averageText(avgAfter),
          threshold: averageText(threshold),
          period: period.name,
        }),
      });
    }
  }
  return out;
}
