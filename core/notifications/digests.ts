import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { loadAbsencesYear } from '../diary/absences.js';
import { loadLessons } from '../diary/lessons.js';
import { choosePeriod, loadMarksYear, marksOverview, type DiaryPeriod } from '../diary/marks.js';
import { keepsMarks } from '../diary/student.js';
import { familiesOfSchool, ProfileCache, type Recipient, type StudentRef } from './audience.js';
import { deliver, type Planned, type PlanContext } from './deliveries.js';
import { loadPreferences, prefKey } from './preferences.js';
import { raw, type Html } from '../html.js';
import { averageText, childName, dayText, markText, t, tHtml, weekdayText } from './texts.js';
import { addDays, mondayOf } from '../calendar.js';

/**
 * The scheduled messages: the evening digest (homework and changes for
 * tomorrow, plus the day's news of kinds set to "in the digest"), the weekly
 * summary, the forecast a week before a period ends and the period's results
 * the day after. Averages, trends and forecasts come from core/diary. Each
 * message is keyed by its slot or period and child, so a rerun adds nothing.
 */
export interface ScheduleContext extends PlanContext {
  ds: DataSource;
  hashKey: string;
}

const TEST_STEMS: string[] = JSON.parse(readFileSync(new URL('./test-topics.json', import.meta.url), 'utf8')).stems;
export const announcesTest = (topic: string | null) =>
  !!topic && TEST_STEMS.some((s) => topic.toLowerCase().includes(s));

async function schools(ds: DataSource): Promise<number[]> {
  return (await ds.query(`SELECT id FROM school ORDER BY id`)).map((r: { id: number }) => r.id);
}

/** The school's family recipients grouped by child. */
async function byChild(
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

// ── evening digest ─────────────────────────────────────────────────────────

export async function runEveningDigest(ctx: ScheduleContext, date: string, slotAt: Date): Promise<RunOutcome> {
  const tomorrow = addDays(date, 1);
  const outcome: RunOutcome = { schools: 0, messages: 0, digestLines: 0 };
  for (const schoolId of await schools(ctx.ds)) {
    outcome.schools++;
    const children = await byChild(ctx, schoolId);
    if (!children.size) continue;
    const all = [...children.values()].flatMap((c) => c.recipients);
    const prefs = await loadPreferences(
      ctx.ds,
      all.map((r) => ({ accountHash: r.accountHash, studentId: r.student!.studentId })),
    );
    const items: { id: string; linkId: number; line: string }[] = await ctx.ds.query(
      `SELECT id, "linkId", line FROM notification_digest_item WHERE "schoolId" = $1 AND "digestedAt" IS NULL AND "createdAt" <= $2 ORDER BY id`,
      [schoolId, slotAt],
    );
    const planned: Planned[] = [];
    const used: string[] = [];
    for (const { student, recipients } of children.values()) {
      const lessons = await loadLessons(ctx.ds, student, tomorrow, tomorrow);
      const homework = keepsMarks(student)
        ? lessons
            .filter((l) => l.homework && !l.cancelled)
            .map((l) => t('ntf-evening-homework-line', { slot: l.slot, subject: l.subject, text: l.homework! }))
        : [];
      const changes = lessons
        .filter((l) => l.cancelled || l.substitute)
        .map((l) =>
          l.cancelled
            ? t('ntf-lesson-cancelled', { slot: l.slot, subject: l.subject })
            : t('ntf-lesson-substitute', {
                slot: l.slot,
                subject: l.subject,
                teacher: [l.substitute!.lastName, l.substitute!.firstName, l.substitute!.middleName]
                  .filter(Boolean)
                  .join(' '),
              }),
        );
      // «Задано: … на завтра» says nothing the homework section does not.
      const told = new Set(
        lessons
          .filter((l) => l.homework)
          .map((l) => t('ntf-homework-line', { subject: l.subject, date: dayText(tomorrow) })),
      );
      for (const r of recipients) {
        const evening = prefs.get(prefKey(r.accountHash, student.studentId))!.modes.evening === 'on';
        const all = items.filter((i) => i.linkId === r.linkId);
        const mine = evening && homework.length ? all.filter((i) => !told.has(i.line)) : all;
        const sections: string[] = [];
        if (evening && lessons.length) {
          if (keepsMarks(student))
            sections.push(
              [
                t('ntf-evening-homework', { date: weekdayText(tomorrow) }),
                ...(homework.length ? homework : [t('ntf-evening-homework-none')]),
              ].join('\n'),
            );
          if (changes.length) sections.push([t('ntf-evening-changes'), ...changes].join('\n'));
        }
        if (mine.length) sections.push([t('ntf-evening-day'), ...mine.map((i) => i.line)].join('\n'));
        if (!sections.length) continue;
        used.push(...all.map((i) => i.id));
        planned.push({
          key: `evening:${date}:${student.studentId}`,
          schoolId,
          kind: 'evening',
          preference: null,
          recipient: r,
          text: [t('ntf-evening-title', { child: childName(student), class: student.className }), ...sections].join(
            '\n\n',
          ),
        });
      }
    }
    await ctx.ds.transaction(async (em) => {
      const r = await deliver(em, planned, ctx);
      if (used.length)
        await em.query(`UPDATE notification_digest_item SET "digestedAt" = now() WHERE id = ANY($1::bigint[])`, [used]);
      outcome.messages += r.deliveries;
      outcome.digestLines += used.length;
    });
  }
  return outcome;
}

// ── weekly summary ─────────────────────────────────────────────────────────

export async function runWeeklySummary(ctx: ScheduleContext, date: string): Promise<RunOutcome> {
  const from = mondayOf(date);
  const outcome: RunOutcome = { schools: 0, messages: 0 };
  for (const schoolId of await schools(ctx.ds)) {
    outcome.schools++;
    const planned: Planned[] = [];
    for (const { student, recipients } of (await byChild(ctx, schoolId)).values()) {
      const sections: string[] = [];
      if (keepsMarks(student)) {
        const year = await loadMarksYear(ctx.ds, student);
        const week = year.marks.filter((m) => m.date >= from && m.date <= date);
        const subjects = year.subjects.filter((s) => week.some((m) => m.subjectId === s.id));
        sections.push(
          subjects.length
            ? [
                t('ntf-weekly-marks'),
                ...subjects.map((s) =>
                  t('ntf-weekly-marks-line', {
                    subject: s.name,
                    marks: week
                      .filter((m) => m.subjectId === s.id)
                      .map((m) => markText(m.value))
                      .join(', '),
                  }),
                ),
              ].join('\n')
            : t('ntf-weekly-marks-none'),
        );
        const period = choosePeriod(year.periods, date);
        if (period) {
          const overview = marksOverview(year, period, date, null).subjects.filter((s) => s.average !== null);
          if (overview.length)
            sections.push(
              [
                t('ntf-weekly-averages', { period: period.name }),
                ...overview.map((s) =>
                  t('ntf-weekly-average-line', {
                    subject: s.subject.name,
                    average: averageText(s.average!),
                    trend: trendText(s.trend),
                  }),
                ),
              ].join('\n'),
            );
        }
      }
      const absences = (await loadAbsencesYear(ctx.ds, student)).records.filter(
        (r) => r.date >= from && r.date <= date,
      );
      const missed = absences.filter((r) => r.status === 'absent');
      sections.push(
        absences.length
          ? t('ntf-weekly-absences', {
              lessons: missed.length,
              unexcused: missed.filter((r) => r.reason === 'unexcused').length,
              late: absences.length - missed.length,
            })
          : t('ntf-weekly-absences-none'),
      );
      if (keepsMarks(student)) {
        const tests = (await loadLessons(ctx.ds, student, addDays(date, 1), addDays(date, 14))).filter(
          (l) => !l.cancelled && announcesTest(l.topic),
        );
        if (tests.length)
          sections.push(
            [
              t('ntf-weekly-tests'),
              ...tests.map((l) =>
                t('ntf-weekly-test-line', { date: dayText(l.date), subject: l.subject, topic: l.topic! }),
              ),
            ].join('\n'),
          );
      }
      const text = [
        t('ntf-weekly-title', {
          from: dayText(from),
          to: dayText(date),
          child: childName(student),
          class: student.className,
        }),
        ...sections,
      ].join('\n\n');
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

function trendText(delta: number | null): Html {
  if (delta === null) return raw('');
  if (delta > 0) return tHtml('ntf-trend-up', { delta: averageText(delta) });
  if (delta < 0) return tHtml('ntf-trend-down', { delta: averageText(-delta) });
  return tHtml('ntf-trend-flat');
}

// ── periods: forecast before the end, results after ────────────────────────

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
          t('ntf-forecast-line', {
            subject: s.subject.name,
            average: averageText(s.average!),
            mark: String(s.forecast?.mark ?? s.rounded),
            next: s.forecast?.next
              ? tHtml('ntf-forecast-next', { target: String(s.forecast.next.target), fives: s.forecast.next.fives })
              : raw(''),
          }),
        );
        const text = [
          t('ntf-forecast-title', {
            period: period.name,
            ends: dayText(period.endsOn),
            child: childName(student),
            class: student.className,
          }),
          ...(lines.length ? lines : [t('ntf-forecast-none')]),
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
          .map((m) => t('ntf-period-results-line', { subject: name(m.subjectId), value: markText(m.value) }));
        const text = [
          t('ntf-period-results-title', { period: period.name, child: childName(student), class: student.className }),
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
