import type { MarkValue, OutboxEvent } from '../../db/entities/index.js';
import { choosePeriod, type DiaryPeriod } from '../diary/marks.js';
import { averageHundredths, averageStats, type Weighted } from '../diary/rules.js';
import { familiesOf, type Recipient } from './audience.js';
import type { Planned } from './deliveries.js';
import type { EventContext } from './events.js';
import { loadPreferences, prefKey } from './preferences.js';
import { averageText, childName, dayText, markText, t } from './texts.js';

/**
 * Marks wait out the correction window: the events of one child within it are
 * folded per mark into what a family needs to know — a mark set and fixed at
 * once is one new mark with its final value, a mark set and deleted is
 * nothing, a change undone is nothing — and go out as one message.
 */
export interface MarkItem {
  change: 'new' | 'changed' | 'deleted';
  markId: number;
  subjectId: number;
  date: string;
  value: MarkValue | null;
  old: MarkValue | null;
  workKindId: number | null;
}
export interface PeriodMarkItem {
  change: 'new' | 'changed';
  periodMarkId: number;
  subjectId: number;
  periodId: number;
  value: MarkValue;
  old: MarkValue | null;
}

const num = (v: unknown) => Number(v);

export function foldMarkEvents(events: Pick<OutboxEvent, 'type' | 'payload'>[]): {
  marks: MarkItem[];
  periodMarks: PeriodMarkItem[];
} {
  const marks = new Map<
    number,
    {
      existed: boolean;
      original: MarkValue | null;
      final: MarkValue | null;
      subjectId: number;
      date: string;
      workKindId: number | null;
    }
  >();
  const periods = new Map<
    number,
    { original: MarkValue | null; final: MarkValue; subjectId: number; periodId: number }
  >();
  for (const e of events) {
    const p = e.payload;
    if (e.type === 'periodMark.set') {
      const id = num(p.periodMarkId);
      const cur = periods.get(id);
      const value = p.value as MarkValue;
      if (cur) cur.final = value;
      else
        periods.set(id, {
          original: (p.oldValue as MarkValue | null) ?? null,
          final: value,
          subjectId: num(p.subjectId),
          periodId: num(p.periodId),
        });
      continue;
    }
    const id = num(p.markId);
    let cur = marks.get(id);
    if (!cur) {
      cur = {
        existed: e.type !== 'mark.set',
        original: e.type === 'mark.set' ? null : ((p.oldValue as MarkValue) ?? null),
        final: null,
        subjectId: num(p.subjectId),
        date: String(p.date),
        workKindId: null,
      };
      marks.set(id, cur);
    }
    cur.subjectId = num(p.subjectId);
    cur.date = String(p.date);
    if (e.type === 'mark.deleted') cur.final = null;
    else {
      cur.final = p.value as MarkValue;
      cur.workKindId = p.workKindId === undefined ? cur.workKindId : num(p.workKindId);
    }
  }
  const markItems: MarkItem[] = [];
  for (const [markId, m] of marks) {
    const base = { markId, subjectId: m.subjectId, date: m.date, workKindId: m.workKindId };
    if (!m.existed && m.final !== null) markItems.push({ ...base, change: 'new', value: m.final, old: null });
    else if (m.existed && m.final === null)
      markItems.push({ ...base, change: 'deleted', value: null, old: m.original });
    else if (m.existed && m.final !== null && m.final !== m.original)
      markItems.push({ ...base, change: 'changed', value: m.final, old: m.original });
  }
  const periodItems: PeriodMarkItem[] = [];
  for (const [periodMarkId, p] of periods)
    if (p.final !== p.original)
      periodItems.push({
        change: p.original === null ? 'new' : 'changed',
        periodMarkId,
        subjectId: p.subjectId,
        periodId: p.periodId,
        value: p.final,
        old: p.original,
      });
  return { marks: markItems, periodMarks: periodItems };
}

/** Planned messages for one child's folded window: marks, period marks, and average alerts. */
export async function planMarkWindow(events: OutboxEvent[], studentId: number, ctx: EventContext): Promise<Planned[]> {
  const loud = events.filter((e) => !e.silent);
  const { marks, periodMarks } = foldMarkEvents(loud);
  if (!marks.length && !periodMarks.length) return [];
  const recipients = await familiesOf(ctx.ds, [studentId], ctx.cache);
  if (!recipients.length) return [];
  const first = String(loud[0].id);
  const schoolId = loud[0].schoolId;
  const subjects = new Map<number, string>(
    (
      await ctx.ds.query(`SELECT id, name FROM subject WHERE id = ANY($1)`, [
        [...new Set([...marks, ...periodMarks].map((m) => m.subjectId))],
      ])
    ).map((r: { id: number; name: string }) => [r.id, r.name]),
  );
  const rows: { id: number; comment: string | null; kind: string }[] = marks.length
    ? await ctx.ds.query(
        `SELECT m.id, m.comment, lower(w.name) AS kind FROM mark m JOIN work_kind w ON w.id = m."workKindId" WHERE m.id = ANY($1)`,
        [marks.map((m) => m.markId)],
      )
    : [];
  const markRows = new Map(rows.map((r) => [r.id, r]));
  const periods: DiaryPeriod[] = await ctx.ds.query(
    `SELECT p.id, p.kind, p.number, p.name, p."startsOn", p."endsOn" FROM period p
       JOIN school_class c ON c."academicYearId" = p."academicYearId" JOIN student st ON st."classId" = c.id WHERE st.id = $1
      ORDER BY CASE p.kind WHEN 'quarter' THEN 0 WHEN 'trimester' THEN 1 WHEN 'halfYear' THEN 2 ELSE 3 END, p.number`,
    [studentId],
  );
  const periodName = (id: number) => periods.find((p) => p.id === id)?.name ?? '';
  const out: Planned[] = [];
  if (marks.length) {
    const lines = marks
      .sort((a, b) => a.date.localeCompare(b.date) || a.markId - b.markId)
      .flatMap((m) => {
        const subject = subjects.get(m.subjectId) ?? '';
        if (m.change === 'deleted')
          return [t('ntf-mark-deleted', { subject, old: markText(m.old ?? ''), date: dayText(m.date) })];
        if (m.change === 'changed')
          return [
            t('ntf-mark-changed', {
              subject,
              old: markText(m.old ?? ''),
              value: markText(m.value!),
              date: dayText(m.date),
            }),
          ];
        const row = markRows.get(m.markId);
        const line = t('ntf-mark-new', {
          subject,
          value: markText(m.value!),
          work: row?.kind ?? '',
          date: dayText(m.date),
        });
        return row?.comment ? [line, t('ntf-mark-comment', { comment: row.comment })] : [line];
      });
    for (const r of recipients)
      out.push({
        key: `marks:${first}`,
        schoolId,
        eventId: first,
        kind: 'marks',
        preference: 'marks',
        recipient: r,
        text: [t('ntf-marks-title', { child: childName(r.student!) }), ...lines].join('\n'),
        digestLine: lines.join('\n'),
      });
  }
  if (periodMarks.length) {
    const lines = periodMarks.map((m) => {
      const subject = subjects.get(m.subjectId) ?? '';
      return m.change === 'new'
        ? t('ntf-period-mark-new', { subject, value: markText(m.value), period: periodName(m.periodId) })
        : t('ntf-period-mark-changed', {
            subject,
            value: markText(m.value),
            old: markText(m.old ?? ''),
            period: periodName(m.periodId),
          });
    });
    for (const r of recipients)
      out.push({
        key: `periodMarks:${first}`,
        schoolId,
        eventId: first,
        kind: 'periodMarks',
        preference: 'periodMarks',
        recipient: r,
        text: [t('ntf-period-marks-title', { child: childName(r.student!) }), ...lines].join('\n'),
        digestLine: lines.join('\n'),
      });
  }
  out.push(...(await averageAlerts(marks, studentId, recipients, periods, subjects, first, schoolId, ctx)));
  return out;
}

/** «Average below your threshold»: told when this window's marks take a subject's average under it. */
async function averageAlerts(
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
        text: t('ntf-alert-average', {
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
