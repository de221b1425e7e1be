import type { DataSource } from 'typeorm';
import type { OutboxEvent } from '../../db/entities/index.js';
import { CONTROL_EVENT_HANDLERS } from '../control/notify.js';
import { coveredByAcceptedReport } from '../absence-reports/index.js';
import { FAMILY_EVENT_HANDLERS } from '../family/handlers.js';
import { LINKING_EVENT_HANDLERS } from '../linking/notify.js';
import {
  familiesOf,
  familiesOfClass,
  managesClass,
  staffRecipients,
  type ProfileCache,
  type Recipient,
} from './audience.js';
import type { Planned } from './deliveries.js';
import { loadPreferences, prefKey } from './preferences.js';
import { joinHtml } from '../html.js';
import { childName, dayText, momentText, str, t, tHtml } from './texts.js';
import { addDays, wallClock } from '../calendar.js';

/**
 * Journal events other than marks (those wait for the correction window, see
 * marks.ts) turned into planned messages, one per recipient chat.
 */
export interface EventContext {
  ds: DataSource;
  cache: ProfileCache;
  now: Date;
  timezone: string;
}

type Handler = (e: OutboxEvent, ctx: EventContext) => Promise<Planned[]>;

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

const plan = (
  e: OutboxEvent,
  kind: string,
  preference: Planned['preference'],
  recipients: Recipient[],
  text: (r: Recipient) => string,
  digestLine?: (r: Recipient) => string,
): Planned[] =>
  recipients.map((r) => ({
    key: `${kind}:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind,
    preference,
    recipient: r,
    text: text(r),
    ...(digestLine ? { digestLine: digestLine(r) } : {}),
  }));

async function lessonInfo(ds: DataSource, lessonId: number) {
  const [row] = await ds.query(
    `SELECT l.id, l.date, l.slot, l."startsAt", l.room, l.homework, l.cancelled, l."classId", s.name AS subject
       FROM lesson l JOIN subject s ON s.id = l."subjectId" WHERE l.id = $1`,
    [lessonId],
  );
  return row as
    | {
        id: number;
        date: string;
        slot: number;
        startsAt: string;
        room: string | null;
        homework: string | null;
        cancelled: boolean;
        classId: number;
        subject: string;
      }
    | undefined;
}

// ── attendance ──────────────────────────────────────────────────────────────

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

const absence: Handler = async (e, ctx) => {
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
      t('ntf-absence', {
        status: str(p.status),
        child: childName(r.student!),
        subject: lesson.subject,
        date: dayText(lesson.date),
        slot: lesson.slot,
        reason: tHtml('ntf-absence-reason', { reason: str(p.reason) }),
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
        text: t('ntf-alert-absences', {
          child: childName(r.student!),
          count: streak.count,
          from: dayText(streak.fromDate),
        }),
      });
    }
  }
  return out;
};

// ── homework and timetable ─────────────────────────────────────────────────

const homework: Handler = async (e, ctx) => {
  const p = e.payload;
  const lesson = await lessonInfo(ctx.ds, num(p.lessonId));
  if (!lesson?.homework) return [];
  const recipients = await familiesOfClass(
    ctx.ds,
    lesson.classId,
    p.subgroupId === null || p.subgroupId === undefined ? null : num(p.subgroupId),
    ctx.cache,
  );
  return plan(
    e,
    'homework',
    'homework',
    recipients,
    (r) =>
      t('ntf-homework', {
        changed: p.changed ? 'yes' : 'no',
        child: childName(r.student!),
        subject: lesson.subject,
        date: dayText(lesson.date),
        text: lesson.homework!,
      }),
    () => t('ntf-homework-line', { subject: lesson.subject, date: dayText(lesson.date) }),
  );
};

type Change = { from: unknown; to: unknown };

/** What changed in a lesson, as lines families read (cancelled, restored, substitute, moved, room). */
export async function lessonChangeLines(
  ds: DataSource,
  lesson: NonNullable<Awaited<ReturnType<typeof lessonInfo>>>,
  changes: Record<string, Change>,
): Promise<string[]> {
  const lines: string[] = [];
  const base = { slot: lesson.slot, subject: lesson.subject };
  if (changes.cancelled) lines.push(t(changes.cancelled.to ? 'ntf-lesson-cancelled' : 'ntf-lesson-restored', base));
  if (changes.substituteTeacherId && !lesson.cancelled) {
    const id = changes.substituteTeacherId.to;
    if (id === null || id === undefined) lines.push(t('ntf-lesson-substitute-ended', base));
    else {
      const [s] = await ds.query(`SELECT "lastName", "firstName", "middleName" FROM staff WHERE id = $1`, [num(id)]);
      const teacher = s ? [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ') : '';
      lines.push(t('ntf-lesson-substitute', { ...base, teacher }));
    }
  }
  if ((changes.date || changes.slot || changes.startsAt) && !lesson.cancelled)
    lines.push(
      t('ntf-lesson-moved', {
        subject: lesson.subject,
        date: dayText(lesson.date),
        slot: lesson.slot,
        time: lesson.startsAt.slice(0, 5),
      }),
    );
  if (changes.room && lesson.room && !lesson.cancelled)
    lines.push(t('ntf-lesson-room', { ...base, room: lesson.room }));
  return lines;
}

const lessonChanged: Handler = async (e, ctx) => {
  const p = e.payload;
  const lesson = await lessonInfo(ctx.ds, num(p.lessonId));
  if (!lesson) return [];
  const changes = (p.changes ?? {}) as Record<string, Change>;
  const today = wallClock(ctx.timezone, ctx.now).date;
  const tomorrow = addDays(today, 1);
  const dates = [lesson.date, changes.date ? str(changes.date.from) : null].filter((d): d is string => !!d);
  const day = dates.find((d) => d === today) ?? dates.find((d) => d === tomorrow);
  if (!day) return [];
  const lines = await lessonChangeLines(ctx.ds, lesson, changes);
  if (!lines.length) return [];
  const recipients = await familiesOfClass(
    ctx.ds,
    lesson.classId,
    p.subgroupId === null || p.subgroupId === undefined ? null : num(p.subgroupId),
    ctx.cache,
  );
  return plan(e, 'lessons', 'lessons', recipients, (r) =>
    [
      t('ntf-lesson-title', {
        when: day === today ? 'today' : 'tomorrow',
        date: dayText(day),
        child: childName(r.student!),
        class: r.student!.className,
      }),
      ...lines,
    ].join('\n'),
  );
};

// ── staff ───────────────────────────────────────────────────────────────────

/** A family reported a compromise (003 §3.3): the class teachers of its children are told. */
const compromised: Handler = async (e, ctx) => {
  const p = e.payload;
  const studentIds = ((p.studentIds ?? []) as unknown[]).map(num);
  const teacherIds = ((p.classTeacherIds ?? []) as unknown[]).map(num);
  if (!studentIds.length || !teacherIds.length) return [];
  const students: {
    studentId: number;
    classId: number;
    schoolId: number;
    firstName: string;
    lastName: string;
    className: string;
  }[] = await ctx.ds.query(
    `SELECT st.id AS "studentId", st."classId", st."schoolId", st."firstName", st."lastName", c.name AS "className"
       FROM student st JOIN school_class c ON c.id = st."classId" WHERE st.id = ANY($1) ORDER BY c.grade, c.name, st."lastName"`,
    [studentIds],
  );
  const recipients = await staffRecipients(ctx.ds, { staffIds: teacherIds }, ctx.cache, (prof) =>
    students.some((s) => managesClass(s)(prof)),
  );
  const reportedAt = p.reportedAt ? new Date(str(p.reportedAt)) : e.createdAt;
  return recipients.map((r) => {
    const mine = students.filter((s) => managesClass(s)(r.profile));
    const children = joinHtml(
      mine.map((s) => tHtml('ntf-compromise-child', { child: childName(s), class: s.className })),
      ', ',
    );
    return {
      key: `compromise:${e.id}`,
      schoolId: e.schoolId,
      eventId: String(e.id),
      kind: 'security',
      preference: null,
      recipient: r,
      text: t('ntf-compromise', {
        time: momentText(reportedAt, ctx.timezone),
        children,
        links: num(p.linksEnded) || 0,
      }),
    };
  });
};

/** The school's journal feed is down: its administrators are told. */
const feedDown: Handler = async (e, ctx) => {
  const p = e.payload;
  const recipients = await staffRecipients(
    ctx.ds,
    { schoolId: e.schoolId, role: 'admin' },
    ctx.cache,
    (prof) => !!prof.staff?.roles.includes('admin') && prof.staff.schoolId === e.schoolId,
  );
  const sinceRaw = p.asOf ?? null;
  const since =
    sinceRaw && !Number.isNaN(Date.parse(str(sinceRaw))) ? momentText(new Date(str(sinceRaw)), ctx.timezone) : null;
  return recipients.map((r) => ({
    key: `feed:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'security',
    preference: null,
    recipient: r,
    text: t('ntf-feed-down', { since }),
  }));
};

/** Event types handled one by one; mark types are grouped per child (marks.ts). */
export const EVENT_HANDLERS: Record<string, Handler> = {
  'absence.recorded': absence,
  'homework.set': homework,
  'lesson.changed': lessonChanged,
  'access.compromised': compromised,
  // Codes revoked when a CODE_HASH_KEY was retired (core/linking/key-rotation.ts).
  ...LINKING_EVENT_HANDLERS,
  'feed.down': feedDown,
  // The administration's messages to staff: weekly digest, nudges, printouts ready (core/control/notify.ts).
  ...CONTROL_EVENT_HANDLERS,
  // School ↔ family: absence reports, threads, consultations, corrections, announcements (core/family/handlers.ts).
  ...FAMILY_EVENT_HANDLERS,
};

export const MARK_EVENT_TYPES = ['mark.set', 'mark.changed', 'mark.deleted', 'periodMark.set'];
