import { loadAbsencesYear } from '../diary/absences.js';
import { loadLessons } from '../diary/lessons.js';
import { choosePeriod, loadMarksYear, marksOverview } from '../diary/marks.js';
import { keepsMarks } from '../diary/student.js';
import type { StudentRef } from './audience.js';
import { deliver, type Planned } from './deliveries.js';
import { announcesTest, byChild, schools, type RunOutcome, type ScheduleContext } from './digests.js';
import { raw, type Html } from '../html.js';
import { averageText, childName, dayText, markText, t, tHtml } from './texts.js';
import { addDays, mondayOf } from '../calendar.js';

/**
 * The weekly summary: the week's marks, the period's averages with their
 * trend, absences and the tests of the next two weeks. Keyed by day and child.
 */
function trendText(delta: number | null): Html {
  if (delta === null) return raw('');
  if (delta > 0) return tHtml('notifications-trend-up', { delta: averageText(delta) });
  if (delta < 0) return tHtml('notifications-trend-down', { delta: averageText(-delta) });
  return tHtml('notifications-trend-flat');
}

/** The week's marks and the period's averages. */
async function marksSections(ctx: ScheduleContext, student: StudentRef, from: string, date: string): Promise<string[]> {
  const sections: string[] = [];
  const year = await loadMarksYear(ctx.ds, student);
  const week = year.marks.filter((m) => m.date >= from && m.date <= date);
  const subjects = year.subjects.filter((s) => week.some((m) => m.subjectId === s.id));
  sections.push(
    subjects.length
      ? [
          t('notifications-weekly-marks'),
          ...subjects.map((s) =>
            t('notifications-weekly-marks-line', {
              subject: s.name,
              marks: week
                .filter((m) => m.subjectId === s.id)
                .map((m) => markText(m.value))
                .join(', '),
            }),
          ),
        ].join('\n')
      : t('notifications-weekly-marks-none'),
  );
  const period = choosePeriod(year.periods, date);
  if (period) {
    const overview = marksOverview(year, period, date, null).subjects.filter((s) => s.average !== null);
    if (overview.length)
      sections.push(
        [
          t('notifications-weekly-averages', { period: period.name }),
          ...overview.map((s) =>
            t('notifications-weekly-average-line', {
              subject: s.subject.name,
              average: averageText(s.average!),
              trend: trendText(s.trend),
            }),
          ),
        ].join('\n'),
      );
  }
  return sections;
}

async function absencesSection(ctx: ScheduleContext, student: StudentRef, from: string, date: string): Promise<string> {
  const absences = (await loadAbsencesYear(ctx.ds, student)).records.filter((r) => r.date >= from && r.date <= date);
  const missed = absences.filter((r) => r.status === 'absent');
  return absences.length
    ? t('notifications-weekly-absences', {
        lessons: missed.length,
        unexcused: missed.filter((r) => r.reason === 'unexcused').length,
        late: absences.length - missed.length,
      })
    : t('notifications-weekly-absences-none');
}

/** The tests of the next two weeks (none: no section). */
async function testsSection(ctx: ScheduleContext, student: StudentRef, date: string): Promise<string[]> {
  const tests = (await loadLessons(ctx.ds, student, addDays(date, 1), addDays(date, 14))).filter(
    (l) => !l.cancelled && announcesTest(l.topic),
  );
  if (!tests.length) return [];
  return [
    [
      t('notifications-weekly-tests'),
      ...tests.map((l) =>
        t('notifications-weekly-test-line', { date: dayText(l.date), subject: l.subject, topic: l.topic! }),
      ),
    ].join('\n'),
  ];
}

async function weeklyText(ctx: ScheduleContext, student: StudentRef, date: string): Promise<string> {
  const from = mondayOf(date);
  const sections: string[] = [];
  if (keepsMarks(student)) sections.push(...(await marksSections(ctx, student, from, date)));
  sections.push(await absencesSection(ctx, student, from, date));
  if (keepsMarks(student)) sections.push(...(await testsSection(ctx, student, date)));
  return [
    t('notifications-weekly-title', {
      from: dayText(from),
      to: dayText(date),
      child: childName(student),
      class: student.className,
    }),
    ...sections,
  ].join('\n\n');
}

export async function runWeeklySummary(ctx: ScheduleContext, date: string): Promise<RunOutcome> {
  const outcome: RunOutcome = { schools: 0, messages: 0 };
  for (const schoolId of await schools(ctx.ds)) {
    outcome.schools++;
    const planned: Planned[] = [];
    for (const { student, recipients } of (await byChild(ctx, schoolId)).values()) {
      const text = await weeklyText(ctx, student, date);
      for (const r of recipients)
        planned.push({
          key: `weekly:${date}:${student.studentId}`,
          schoolId,
          kind: 'weekly',
          preference: 'weekly',
          recipient: r,
          text,
        });
    }
    outcome.messages += (await deliver(ctx.ds, planned, ctx)).deliveries;
  }
  return outcome;
}
