import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import type { AccessProfile } from '../core/access/profile.js';
import { lessonForEntry } from '../core/today/index.js';
import { saveMark } from '../core/today/saves.js';
import type { MarkValue } from '../db/entities/index.js';
import type { ReferenceFeedServer } from '../cli/feed/server.js';
import type { AppliedInfo } from '../jobs/feed-client/index.js';
import type { DayLesson } from './feed-day.js';

/**
 * Teachers' entries during the recorded day (issue 18): marks entered by each
 * lesson's teacher through the same core path as /today (lessonForEntry, then
 * saveMark: the local mark with its notification held, the entry queued for
 * the school's e-journal in the same transaction), while the day's events flow.
 * Times each entry from its commit here to the e-journal's answer (accepted)
 * and to the accepted change, back as a feed event, committed here (applied).
 */

interface Planned {
  /** `<lesson>|<student>` in the e-journal's ids: how the e-journal's side names the entry. */
  key: string;
  lessonExt: string;
  studentExt: string;
  value: MarkValue;
}

/** `count` marks of kind «test» spread over the day's lessons, a few students of each. */
export function planEntries(lessons: DayLesson[], count: number): Planned[] {
  return Array.from({ length: count }, (_, k) => {
    const l = lessons[k % lessons.length];
    const studentExt = `s-${l.first + 1 + Math.floor(k / lessons.length)}`;
    return { key: `${l.key}|${studentExt}`, lessonExt: l.key, studentExt, value: String(2 + (k % 4)) as MarkValue };
  });
}

/** The teacher's access profile as /today sees it (the lesson's own teacher; no Telegram account needed). */
function teacherProfile(staffId: number, schoolId: number, classIds: number[]): AccessProfile {
  return {
    messenger: 'telegram',
    telegramUserId: 0,
    accountHash: '',
    links: [],
    children: [],
    activeStudentId: null,
    staff: {
      staffId,
      schoolId,
      lastName: 'Teacher',
      firstName: 'T',
      middleName: null,
      roles: ['teacher'],
      classTeacherOf: [],
      teachesClasses: classIds,
    },
  };
}

/** When each entry was committed here, answered by the e-journal, and applied back here. */
export class EntryClock {
  readonly submitted = new Map<string, number>();
  readonly accepted = new Map<string, number>();
  readonly applied = new Map<string, number>();
  rejected = 0;
  private readonly bySeq = new Map<number, string>();

  /** Hooks the e-journal's decisions (the reference server's onEntry, called as its answer goes out). */
  watch(server: ReferenceFeedServer): void {
    server.onEntry = (e, answer) => {
      const d = e.data as { lesson?: string; student?: string };
      const key = `${d.lesson}|${d.student}`;
      if (answer.type !== 'entry.accepted') {
        this.rejected++;
        return;
      }
      this.accepted.set(key, performance.now());
      this.bySeq.set(answer.seq as number, key);
    };
  }

  /** The client's onApplied: the accepted change's event committed. */
  onApplied(i: AppliedInfo): void {
    const key = i.seq === null ? undefined : this.bySeq.get(i.seq);
    if (key && !this.applied.has(key)) this.applied.set(key, i.committedAt);
  }

  since(to: Map<string, number>): number[] {
    return [...to].flatMap(([k, t]) => (this.submitted.has(k) ? [t - this.submitted.get(k)!] : []));
  }
}

/** Resolves the plan to our ids and submits it from `teachers` teachers at once, each entry after the last. */
export async function submitEntries(
  ds: DataSource,
  o: { schoolId: number; date: string; plan: Planned[]; teachers: number; clock: EntryClock },
): Promise<void> {
  const ids = async (table: string, ext: string[]) => {
    const rows: { id: number; externalId: string }[] = await ds.query(
      `SELECT id, "externalId" FROM ${table} WHERE "schoolId" = $1 AND "externalId" = ANY($2)`,
      [o.schoolId, ext],
    );
    return new Map(rows.map((r) => [r.externalId, r.id]));
  };
  const lessons: { id: number; externalId: string; teacherId: number; classId: number }[] = await ds.query(
    `SELECT id, "externalId", "teacherId", "classId" FROM lesson WHERE "schoolId" = $1 AND date = $2`,
    [o.schoolId, o.date],
  );
  const lessonOf = new Map(lessons.map((l) => [l.externalId, l]));
  const students = await ids('student', [...new Set(o.plan.map((e) => e.studentExt))]);
  const workKindId = (await ids('work_kind', ['wk-test'])).get('wk-test')!;
  const profiles = new Map<number, AccessProfile>();
  for (const l of lessons) {
    const classes = lessons.filter((x) => x.teacherId === l.teacherId).map((x) => x.classId);
    if (!profiles.has(l.teacherId)) profiles.set(l.teacherId, teacherProfile(l.teacherId, o.schoolId, classes));
  }
  let next = 0;
  const teacher = async () => {
    while (next < o.plan.length) {
      const e = o.plan[next++];
      const l = lessonOf.get(e.lessonExt)!;
      const p = profiles.get(l.teacherId)!;
      const found = await lessonForEntry(ds, p, l.id, o.date, 3);
      if ('refused' in found) throw new Error(`lesson ${e.lessonExt} refused: ${found.refused}`);
      const studentId = students.get(e.studentExt)!;
      await saveMark(ds, p, found.lesson, { studentId, workKindId, value: e.value }, new Date());
      o.clock.submitted.set(e.key, performance.now());
    }
  };
  await Promise.all(Array.from({ length: o.teachers }, teacher));
}

/** What the database says at the end: every entry applied, each mark's notification released once, none held. */
export async function entryOutcome(ds: DataSource, schoolId: number): Promise<string> {
  const [r] = await ds.query(
    `SELECT count(*) FILTER (WHERE e.status = 'applied')::int AS applied, count(*)::int AS entries,
            (SELECT count(*) FROM outbox o WHERE o."schoolId" = $1 AND o.type = 'mark.set'
               AND (o.payload->>'markId')::int IN (SELECT "targetId" FROM feed_entry WHERE "schoolId" = $1))::int AS notices,
            (SELECT count(*) FROM outbox o WHERE o."schoolId" = $1 AND o."availableAt" > now() + interval '1 year')::int AS held
       FROM feed_entry e WHERE e."schoolId" = $1`,
    [schoolId],
  );
  return `${r.applied} of ${r.entries} entries applied, ${r.notices} family notices for their marks, ${r.held} still held`;
}
