import type { DataSource } from 'typeorm';
import { loadMarksYear, marksOverview, type DiaryPeriod } from '../diary/marks.js';
import { keepsMarks } from '../diary/student.js';
import { deliver, type Planned } from './deliveries.js';
import { byChild, schools, type RunOutcome, type ScheduleContext } from './digests.js';
import { raw } from '../html.js';
import { averageText, childName, dayText, markText, t, tHtml } from './texts.js';
import { addDays } from '../calendar.js';

/** The forecast a week before a period ends and the period's results the day after, keyed by period and child. */

const KIND_ORDER = { quarter: 0, trimester: 1, halfYear: 2, year: 3 } as const;

/** Of the periods ending on a day, the shortest kind (a quarter and a half-year often end together). */
async function periodsEnding(ds: DataSource, schoolId: number, day: string): Promise<DiaryPeriod[]> {
  const rows: DiaryPeriod[] = await ds.query(
    `SELECT id, kind, number, name, "startsOn", "endsOn" FROM period WHERE "schoolId" = $1 AND "endsOn" = $2`,
    [schoolId, day],
  );
  const min = Math.min(...rows.map((p) => KIND_ORDER[p.kind]));
  return rows.filter((p) => KIND_ORDER[p.kind] === min);
}

export async function runPeriodReports(ctx: ScheduleContext, date: string, forecastDays: number): Promise<RunOutcome> {
  const outcome: RunOutcome = { schools: 0, messages: 0, forecasts: 0, results: 0 };
  for (const schoolId of await schools(ctx.ds)) {
    outcome.schools++;
    const ending = await periodsEnding(ctx.ds, schoolId, addDays(date, forecastDays));
    const ended = await periodsEnding(ctx.ds, schoolId, addDays(date, -1));
    if (!ending.length && !ended.length) continue;
    const planned: Planned[] = [];
    for (const { student, recipients } of (await byChild(ctx, schoolId)).values()) {
      if (!keepsMarks(student)) continue;
      const year = await loadMarksYear(ctx.ds, student);
      for (const period of ending.filter((p) => year.periods.some((x) => x.id === p.id))) {
        const subjects = marksOverview(year, period, date, null).subjects.filter((s) => s.average !== null);
        const lines = subjects.map((s) =>
          t('notifications-forecast-line', {
            subject: s.subject.name,
            average: averageText(s.average!),
            mark: String(s.forecast?.mark ?? s.rounded),
            next: s.forecast?.next
              ? tHtml('notifications-forecast-next', {
                  target: String(s.forecast.next.target),
                  fives: s.forecast.next.fives,
                })
              : raw(''),
          }),
        );
        const text = [
          t('notifications-forecast-title', {
            period: period.name,
            ends: dayText(period.endsOn),
            child: childName(student),
            class: student.className,
          }),
          ...(lines.length ? lines : [t('notifications-forecast-none')]),
        ].join('\n');
        for (const r of recipients)
          planned.push({
            key: `forecast:${period.id}:${student.studentId}`,
            schoolId,
            kind: 'forecast',
            preference: 'forecast',
            recipient: r,
            text,
          });
        outcome.forecasts++;
      }
      for (const period of ended) {
        const marks = year.periodMarks.filter((m) => m.periodId === period.id);
        if (!marks.length) continue;
        const name = (id: number) => year.subjects.find((s) => s.id === id)?.name ?? '';
        const lines = marks
          .sort((a, b) => name(a.subjectId).localeCompare(name(b.subjectId), 'ru'))
          .map((m) => t('notifications-period-results-line', { subject: name(m.subjectId), value: markText(m.value) }));
        const text = [
          t('notifications-period-results-title', {
            period: period.name,
            child: childName(student),
            class: student.className,
          }),
          ...lines,
        ].join('\n');
        for (const r of recipients)
          planned.push({
            key: `results:${period.id}:${student.studentId}`,
            schoolId,
            kind: 'periodResults',
            preference: 'forecast',
            recipient: r,
            text,
          });
        outcome.results++;
      }
    }
    outcome.messages += (await deliver(ctx.ds, planned, ctx)).deliveries;
  }
  return outcome;
}
