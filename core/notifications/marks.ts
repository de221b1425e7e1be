import type { OutboxEvent } from '../../db/entities/index.js';
import type { DiaryPeriod } from '../diary/marks.js';
import { familiesOf, type Recipient } from './audience.js';
import { averageAlerts } from './average-alerts.js';
import type { Planned } from './deliveries.js';
import type { EventContext } from './event-plan.js';
import { foldMarkEvents, type MarkItem, type PeriodMarkItem } from './mark-folding.js';
import { childName, dayText, markText, t } from './texts.js';

/**
 * One child's marks of a correction window (folded in mark-folding.ts) as the
 * messages a family gets: the marks, the period marks, and average alerts
 * (average-alerts.ts).
 */

/** The lines of the window's marks, oldest first; a new mark with its kind of work and the teacher's comment. */
function markLines(
  marks: MarkItem[],
  subjects: Map<number, string>,
  markRows: Map<number, { id: number; comment: string | null; kind: string }>,
): string[] {
  return marks
    .sort((a, b) => a.date.localeCompare(b.date) || a.markId - b.markId)
    .flatMap((m) => {
      const subject = subjects.get(m.subjectId) ?? '';
      if (m.change === 'deleted')
        return [t('notifications-mark-deleted', { subject, old: markText(m.old ?? ''), date: dayText(m.date) })];
      if (m.change === 'changed')
        return [
          t('notifications-mark-changed', {
            subject,
            old: markText(m.old ?? ''),
            value: markText(m.value!),
            date: dayText(m.date),
          }),
        ];
      const row = markRows.get(m.markId);
      const line = t('notifications-mark-new', {
        subject,
        value: markText(m.value!),
        work: row?.kind ?? '',
        date: dayText(m.date),
      });
      return row?.comment ? [line, t('notifications-mark-comment', { comment: row.comment })] : [line];
    });
}

function periodMarkLines(
  periodMarks: PeriodMarkItem[],
  subjects: Map<number, string>,
  periods: DiaryPeriod[],
): string[] {
  const periodName = (id: number) => periods.find((p) => p.id === id)?.name ?? '';
  return periodMarks.map((m) => {
    const subject = subjects.get(m.subjectId) ?? '';
    return m.change === 'new'
      ? t('notifications-period-mark-new', { subject, value: markText(m.value), period: periodName(m.periodId) })
      : t('notifications-period-mark-changed', {
          subject,
          value: markText(m.value),
          old: markText(m.old ?? ''),
          period: periodName(m.periodId),
        });
  });
}

/** What the lines need from the database: subjects' names, the new marks' comments and kinds, the child's periods. */
async function windowFacts(ctx: EventContext, studentId: number, marks: MarkItem[], periodMarks: PeriodMarkItem[]) {
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
  return { subjects, markRows, periods };
}

/** One message per recipient: the title with the child's name, then the lines (also the digest line). */
function toEach(
  recipients: Recipient[],
  what: { kind: 'marks' | 'periodMarks'; title: string; first: string; schoolId: number },
  lines: string[],
): Planned[] {
  return recipients.map((r) => ({
    key: `${what.kind}:${what.first}`,
    schoolId: what.schoolId,
    eventId: what.first,
    kind: what.kind,
    preference: what.kind,
    recipient: r,
    text: [t(what.title, { child: childName(r.student!) }), ...lines].join('\n'),
    digestLine: lines.join('\n'),
  }));
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
  const { subjects, markRows, periods } = await windowFacts(ctx, studentId, marks, periodMarks);
  // A message for the marks, another for the period marks, each only when there are some.
  const sections = [
    {
      kind: 'marks' as const,
      title: 'notifications-marks-title',
      items: marks,
      lines: () => markLines(marks, subjects, markRows),
    },
    {
      kind: 'periodMarks' as const,
      title: 'notifications-period-marks-title',
      items: periodMarks,
      lines: () => periodMarkLines(periodMarks, subjects, periods),
    },
  ];
  const out: Planned[] = [];
  for (const { kind, title, items, lines } of sections)
    if (items.length) out.push(...toEach(recipients, { kind, title, first, schoolId }, lines()));
  out.push(...(await averageAlerts(marks, studentId, recipients, periods, subjects, first, schoolId, ctx)));
  return out;
}
