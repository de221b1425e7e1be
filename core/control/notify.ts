import type { DataSource } from 'typeorm';
import type { OutboxEvent } from '../../db/entities/index.js';
import { mayOnClass, mayOnSchool } from '../access/policy.js';
import type { Actor } from '../actor.js';
import { staffRecipients } from '../notifications/audience.js';
import type { Planned } from '../notifications/deliveries.js';
import type { EventContext } from '../notifications/event-plan.js';
import { textsOf } from '../texts.js';
import { shortDate } from '../paper/texts.js';
import { wallClock } from '../calendar.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import { buildControlReport, lastWeek, type ControlReport } from './figures.js';
import { controlText, panelText } from './render.js';
import { loadControlSettings } from './settings.js';

/**
 * What the administration's work tells staff, through Notifications: each
 * is an outbox event written in the transaction that decided it, turned into
 * messages by the delivery worker (core/notifications) with these handlers.
 * - `control.digest` {from, to}: the panel of the week to the deputy director(s);
 * - `control.nudge` {teacherId, from, to, lessons}: a teacher's lessons missing homework or a topic;
 * - `paper.ready` {paperFileId, classId, from, to, studentIds}: scheduled printouts made, to the class teacher.
 */

type Handler = (e: OutboxEvent, ctx: EventContext) => Promise<Planned[]>;
const paper = textsOf('paper').html;

export interface NudgeLesson {
  lessonId: number;
  date: string;
  slot: number;
  class: string;
  subject: string;
  what: 'homework' | 'topic' | 'both';
}

/** A teacher's lessons of the report missing homework (after its deadline) or a topic, in order. */
export function nudgeLessons(r: ControlReport, teacherId: number): NudgeLesson[] {
  const byId = new Map<number, NudgeLesson>();
  for (const l of r.homeworkMissing.filter((x) => x.teacherId === teacherId))
    byId.set(l.lessonId, {
      lessonId: l.lessonId,
      date: l.date,
      slot: l.slot,
      class: l.className,
      subject: l.subject,
      what: 'homework',
    });
  for (const l of r.noTopic.filter((x) => x.teacherId === teacherId)) {
    const had = byId.get(l.lessonId);
    byId.set(
      l.lessonId,
      had
        ? { ...had, what: 'both' }
        : { lessonId: l.lessonId, date: l.date, slot: l.slot, class: l.className, subject: l.subject, what: 'topic' },
    );
  }
  return [...byId.values()].sort(
    (a, b) => a.date.localeCompare(b.date) || a.class.localeCompare(b.class, 'ru') || a.slot - b.slot,
  );
}

/**
 * The deputy's «remind the teacher» (or the weekly nudge): the teacher's
 * lessons of the span missing homework or a topic, as one `control.nudge`
 * event, audited. Returns how many lessons it names (0: nothing was written).
 */
export async function requestNudge(
  ds: DataSource,
  input: { schoolId: number; teacherId: number; from: string; to: string },
  actor: Actor,
  opts: { now: Date; timezone: string },
): Promise<number> {
  const report = await buildControlReport(
    ds,
    { schoolId: input.schoolId, from: input.from, to: input.to, teacherId: input.teacherId },
    opts,
  );
  const lessons = nudgeLessons(report, input.teacherId);
  if (!lessons.length) return 0;
  await inTransaction(ds, async (em) => {
    await appendEvent(em, input.schoolId, 'control.nudge', {
      teacherId: input.teacherId,
      from: input.from,
      to: report.today < input.to ? report.today : input.to,
      lessons,
    });
    await audit(em, actor, 'control.nudge', { type: 'staff', id: input.teacherId }, { lessons: lessons.length });
  });
  return lessons.length;
}

/**
 * The Monday run: for each school, the digest of last week to its deputies
 * (when on) and a nudge to each teacher with gaps (when on). Returns counts.
 */
export async function runWeeklyControl(
  ds: DataSource,
  opts: { now: Date; timezone: string },
): Promise<{ schools: number; digests: number; nudges: number }> {
  const week = lastWeek(wallClock(opts.timezone, opts.now).date);
  const schools: { id: number }[] = await ds.query(`SELECT id FROM school ORDER BY id`);
  let digests = 0;
  let nudges = 0;
  const actor: Actor = { kind: 'system', job: 'control-weekly' };
  for (const { id: schoolId } of schools) {
    const settings = await loadControlSettings(ds, schoolId);
    if (settings.digest) {
      // asOf: the digest reports the week as it stood at the slot, whenever a worker plans it.
      await inTransaction(ds, (em) =>
        appendEvent(em, schoolId, 'control.digest', { ...week, asOf: opts.now.toISOString() }),
      );
      digests++;
    }
    if (!settings.nudges) continue;
    const report = await buildControlReport(ds, { schoolId, ...week }, opts);
    const teachers = [...new Set([...report.homeworkMissing, ...report.noTopic].map((l) => l.teacherId))];
    for (const teacherId of teachers)
      if (await requestNudge(ds, { schoolId, teacherId, ...week }, actor, opts)) nudges++;
  }
  return { schools: schools.length, digests, nudges };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

const digest: Handler = async (e, ctx) => {
  const from = str(e.payload.from);
  const to = str(e.payload.to);
  const recipients = await staffRecipients(ctx.ds, { schoolId: e.schoolId, role: 'deputy' }, ctx.cache, (p) =>
    mayOnSchool(p, 'manageControl', { schoolId: e.schoolId }),
  );
  if (!recipients.length) return [];
  const report = await buildControlReport(
    ctx.ds,
    { schoolId: e.schoolId, from, to },
    { now: str(e.payload.asOf) ? new Date(str(e.payload.asOf)) : ctx.now, timezone: ctx.timezone },
  );
  const body = panelText(report, {
    scope: controlText('control-scope-school'),
    period: controlText('control-period-week'),
    timezone: ctx.timezone,
  })
    .split('\n')
    .slice(3);
  const text = [
    controlText('control-digest', { from: shortDate(from), to: shortDate(to) }),
    '',
    ...body,
    '',
    controlText('control-digest-open'),
  ].join('\n');
  return recipients.map((r) => ({
    key: `control-digest:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'control',
    preference: null,
    recipient: r,
    text,
  }));
};

const nudge: Handler = async (e, ctx) => {
  const teacherId = Number(e.payload.teacherId);
  const lessons = (e.payload.lessons ?? []) as NudgeLesson[];
  const recipients = await staffRecipients(
    ctx.ds,
    { staffIds: [teacherId] },
    ctx.cache,
    (p) => p.staff?.staffId === teacherId,
  );
  const text = [
    controlText('control-nudge', { from: shortDate(str(e.payload.from)), to: shortDate(str(e.payload.to)) }),
    ...lessons.map((l) =>
      controlText('control-nudge-line', {
        date: shortDate(l.date),
        slot: l.slot,
        class: l.class,
        subject: l.subject,
        what: l.what,
      }),
    ),
  ].join('\n');
  return recipients.map((r) => ({
    key: `control-nudge:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'control',
    preference: null,
    recipient: r,
    text,
  }));
};

const paperReady: Handler = async (e, ctx) => {
  const classId = Number(e.payload.classId);
  const studentIds = ((e.payload.studentIds ?? []) as unknown[]).map(Number);
  const [cls] = await ctx.ds.query(`SELECT id, name, "schoolId" FROM school_class WHERE id = $1`, [classId]);
  if (!cls) return [];
  const target = { classId, schoolId: cls.schoolId as number };
  const teachers: { staffId: number }[] = await ctx.ds.query(
    `SELECT "staffId" FROM staff_role WHERE role = 'classTeacher' AND "classId" = $1`,
    [classId],
  );
  const recipients = await staffRecipients(
    ctx.ds,
    { staffIds: teachers.map((x) => x.staffId) },
    ctx.cache,
    (p) => !!p.staff?.classTeacherOf.includes(classId) && mayOnClass(p, 'print', target),
  );
  if (!recipients.length) return [];
  const names: { name: string }[] = await ctx.ds.query(
    `SELECT concat_ws(' ', "lastName", "firstName") AS name FROM student WHERE id = ANY($1) ORDER BY "lastName", "firstName"`,
    [studentIds],
  );
  const text = paper('paper-ready', {
    class: cls.name,
    from: shortDate(str(e.payload.from)),
    to: shortDate(str(e.payload.to)),
    count: studentIds.length,
    students: names.map((n) => n.name).join(', '),
  });
  return recipients.map((r) => ({
    key: `paper-ready:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'control',
    preference: null,
    recipient: r,
    text,
  }));
};

/** Registered with the delivery worker's handlers (core/notifications/events.ts). */
export const CONTROL_EVENT_HANDLERS: Record<string, Handler> = {
  'control.digest': digest,
  'control.nudge': nudge,
  'paper.ready': paperReady,
};
