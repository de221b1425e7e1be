import { loadLessonsOfStudents, type DiaryLesson } from '../diary/lessons.js';
import { keepsMarks } from '../diary/student.js';
import type { Recipient, StudentRef } from './audience.js';
import { deliver, type Planned } from './deliveries.js';
import { byChild, schools, type RunOutcome, type ScheduleContext } from './digests.js';
import { loadPreferences, prefKey, type ChildPreferences } from './preferences.js';
import { childName, dayText, t, weekdayText } from './texts.js';
import { addDays } from '../calendar.js';
import { groupBy } from '../group-by.js';

/**
 * The evening digest: homework and changes for tomorrow, plus the day's news
 * of kinds set to "in the digest". Keyed by day and child, so a rerun adds nothing.
 */
interface DigestItem {
  id: string;
  linkId: number;
  line: string;
}

/** What a child's tomorrow brings: the lessons, their homework and changes. */
interface Tomorrow {
  lessons: DiaryLesson[];
  homework: string[];
  changes: string[];
  /** «Задано: … на завтра» says nothing the homework section does not. */
  told: Set<string>;
}

function tomorrowOf(student: StudentRef, lessons: DiaryLesson[], tomorrow: string): Tomorrow {
  const homework = keepsMarks(student)
    ? lessons
        .filter((l) => l.homework && !l.cancelled)
        .map((l) => t('notifications-evening-homework-line', { slot: l.slot, subject: l.subject, text: l.homework! }))
    : [];
  const changes = lessons
    .filter((l) => l.cancelled || l.substitute)
    .map((l) =>
      l.cancelled
        ? t('notifications-lesson-cancelled', { slot: l.slot, subject: l.subject })
        : t('notifications-lesson-substitute', {
            slot: l.slot,
            subject: l.subject,
            teacher: [l.substitute!.lastName, l.substitute!.firstName, l.substitute!.middleName]
              .filter(Boolean)
              .join(' '),
          }),
    );
  const told = new Set(
    lessons
      .filter((l) => l.homework)
      .map((l) => t('notifications-homework-line', { subject: l.subject, date: dayText(tomorrow) })),
  );
  return { lessons, homework, changes, told };
}

/** The digest's sections for one recipient (none: nothing to send). */
function eveningSections(
  student: StudentRef,
  day: Tomorrow,
  tomorrow: string,
  evening: boolean,
  mine: DigestItem[],
): string[] {
  const sections: string[] = [];
  if (evening && day.lessons.length) {
    if (keepsMarks(student))
      sections.push(
        [
          t('notifications-evening-homework', { date: weekdayText(tomorrow) }),
          ...(day.homework.length ? day.homework : [t('notifications-evening-homework-none')]),
        ].join('\n'),
      );
    if (day.changes.length) sections.push([t('notifications-evening-changes'), ...day.changes].join('\n'));
  }
  if (mine.length) sections.push([t('notifications-evening-day'), ...mine.map((i) => i.line)].join('\n'));
  return sections;
}

/** One child's digests; the day's items they carry are added to `used`. */
function planChild(
  child: { student: StudentRef; recipients: Recipient[] },
  day: Tomorrow,
  at: { schoolId: number; date: string; tomorrow: string },
  prefs: Map<string, ChildPreferences>,
  itemsOf: Map<number, DigestItem[]>,
  used: string[],
): Planned[] {
  const { student, recipients } = child;
  const planned: Planned[] = [];
  for (const r of recipients) {
    const evening = prefs.get(prefKey(r.accountHash, student.studentId))!.modes.evening === 'on';
    const all = itemsOf.get(r.linkId) ?? [];
    const mine = evening && day.homework.length ? all.filter((i) => !day.told.has(i.line)) : all;
    const sections = eveningSections(student, day, at.tomorrow, evening, mine);
    if (!sections.length) continue;
    used.push(...all.map((i) => i.id));
    planned.push({
      key: `evening:${at.date}:${student.studentId}`,
      schoolId: at.schoolId,
      kind: 'evening',
      preference: null,
      recipient: r,
      text: [
        t('notifications-evening-title', { child: childName(student), class: student.className }),
        ...sections,
      ].join('\n\n'),
    });
  }
  return planned;
}

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
    const items: DigestItem[] = await ctx.ds.query(
      `SELECT id, "linkId", line FROM notification_digest_item WHERE "schoolId" = $1 AND "digestedAt" IS NULL AND "createdAt" <= $2 ORDER BY id`,
      [schoolId, slotAt],
    );
    const planned: Planned[] = [];
    const used: string[] = [];
    const itemsOf = groupBy(items, (i) => i.linkId);
    const lessons = await loadLessonsOfStudents(ctx.ds, [...children.keys()], tomorrow, tomorrow);
    for (const [studentId, child] of children) {
      const day = tomorrowOf(child.student, lessons.get(studentId) ?? [], tomorrow);
      planned.push(...planChild(child, day, { schoolId, date, tomorrow }, prefs, itemsOf, used));
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
