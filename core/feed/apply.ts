import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import {
  AcademicYearEntity,
  LessonEntity,
  PeriodEntity,
  SchoolClassEntity,
  StaffEntity,
  StudentEntity,
  SubgroupEntity,
  SubjectEntity,
  WorkKindEntity,
  GuardianEntity,
} from '../../db/entities/index.js';
import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import { deleteMark, recordAttendance, setHomework, setMark, setPeriodMark, upsertLessonIn } from '../journal/index.js';
import { deactivateStaff } from '../linking/account.js';
import * as structure from '../school/structure.js';
import { audit, type EventOptions } from '../unit-of-work.js';
import { entityKind, type EventData, type FeedChange } from './protocol.js';

/**
 * Applies one change from a school's e-journal through the same core services
 * as every other write, inside the caller's transaction. Upserts by external
 * id; the e-journal's version of each entity is kept in feed_version, so a
 * duplicate or an older version changes nothing and notifies nobody.
 */

/** A change the client cannot apply (invalid, unknown entity): it goes to the dead letters, the stream goes on. */
export class FeedRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedRejection';
  }
}

export type ApplyOutcome = 'applied' | 'unchanged' | 'stale';

/** External id → our id, per school; entries found inside a transaction count only once it commits. */
export class RefCache {
  private committed = new Map<string, number>();
  private pending: [string, number][] = [];
  private pendingMap = new Map<string, number>();
  get(key: string): number | undefined {
    return this.pendingMap.get(key) ?? this.committed.get(key);
  }
  set(key: string, id: number): void {
    this.pending.push([key, id]);
    this.pendingMap.set(key, id);
  }
  /** A point to roll back to when one change's savepoint is rolled back. */
  checkpoint(): number {
    return this.pending.length;
  }
  rollbackTo(point: number): void {
    this.pending.length = Math.min(point, this.pending.length);
    this.pendingMap = new Map(this.pending);
  }
  commit(): void {
    if (this.committed.size > 200_000) this.committed.clear();
    for (const [k, v] of this.pending) this.committed.set(k, v);
    this.rollbackTo(0);
  }
  rollback(): void {
    this.rollbackTo(0);
  }
}

export interface ApplyContext {
  schoolId: number;
  actor: Actor;
  /** Written for the record only: snapshot, first sync, or a change older than the feed's going live. */
  silent: boolean;
  cache: RefCache;
}

type Kind = 'class' | 'subject' | 'workKind' | 'period' | 'subgroup' | 'student' | 'guardian' | 'staff' | 'lesson';
const TABLES: Record<Kind, EntityTarget<ObjectLiteral>> = {
  class: SchoolClassEntity,
  subject: SubjectEntity,
  workKind: WorkKindEntity,
  period: PeriodEntity,
  subgroup: SubgroupEntity,
  student: StudentEntity,
  guardian: GuardianEntity,
  staff: StaffEntity,
  lesson: LessonEntity,
};

async function ref(em: EntityManager, ctx: ApplyContext, kind: Kind, externalId: string): Promise<number> {
  const key = `${kind}:${externalId}`;
  const cached = ctx.cache.get(key);
  if (cached) return cached;
  const row = await em.findOne(TABLES[kind], { where: { schoolId: ctx.schoolId, externalId }, select: { id: true } });
  if (!row) throw new FeedRejection(`unknown ${kind} ${externalId}`);
  ctx.cache.set(key, row.id as number);
  return row.id as number;
}

const optRef = (em: EntityManager, ctx: ApplyContext, kind: Kind, externalId: string | null | undefined) =>
  externalId ? ref(em, ctx, kind, externalId) : Promise.resolve(null);

/**
 * A row the school created before its feed was connected (the demo seed, a
 * CSV import) is taken over by its natural key the first time the feed names
 * it, instead of being duplicated.
 */
async function adopt<T extends ObjectLiteral>(
  em: EntityManager,
  ctx: ApplyContext,
  target: EntityTarget<T>,
  entity: string,
  natural: Record<string, unknown>,
  externalId: string,
): Promise<void> {
  const byExternal = await em.findOne(target, {
    where: { schoolId: ctx.schoolId, externalId } as never,
    select: { id: true } as never,
  });
  if (byExternal) return;
  const orphan = await em.findOne(target, {
    where: { schoolId: ctx.schoolId, ...natural, externalId: null } as never,
    select: { id: true } as never,
  });
  if (!orphan) return;
  await em.update(target, { id: orphan.id }, { externalId } as never);
  await audit(em, ctx.actor, `${entity}.adopted`, { type: entity, id: orphan.id as number }, { externalId });
}

async function academicYear(em: EntityManager, ctx: ApplyContext, y: EventData<'class.set'>['year']): Promise<number> {
  const key = `year:${y.name}`;
  const cached = ctx.cache.get(key);
  if (cached) return cached;
  const existing = await em.findOneBy(AcademicYearEntity, { schoolId: ctx.schoolId, name: y.name });
  const id = existing?.id ?? (await structure.upsertAcademicYear(em, { schoolId: ctx.schoolId, ...y }, ctx.actor)).id;
  ctx.cache.set(key, id);
  return id;
}

type Handler<N extends FeedChange['event']> = (
  em: EntityManager,
  ctx: ApplyContext,
  c: Extract<FeedChange, { event: N }>,
  opts: EventOptions,
) => Promise<void>;

const handlers: { [N in FeedChange['event']]: Handler<N> } = {
  async 'class.set'(em, ctx, c) {
    const academicYearId = await academicYear(em, ctx, c.data.year);
    const name = `${c.data.grade}${c.data.letter.toUpperCase()}`;
    await adopt(em, ctx, SchoolClassEntity, 'schoolClass', { academicYearId, name }, c.externalId);
    await structure.upsertClass(
      em,
      {
        schoolId: ctx.schoolId,
        academicYearId,
        grade: c.data.grade,
        letter: c.data.letter.toUpperCase(),
        externalId: c.externalId,
      },
      ctx.actor,
    );
  },
  async 'subject.set'(em, ctx, c) {
    await adopt(em, ctx, SubjectEntity, 'subject', { name: c.data.name }, c.externalId);
    await structure.upsertSubject(
      em,
      { schoolId: ctx.schoolId, name: c.data.name, shortName: c.data.shortName, externalId: c.externalId },
      ctx.actor,
    );
  },
  async 'workKind.set'(em, ctx, c) {
    await adopt(em, ctx, WorkKindEntity, 'workKind', { code: c.data.code }, c.externalId);
    await structure.upsertWorkKind(em, { schoolId: ctx.schoolId, ...c.data, externalId: c.externalId }, ctx.actor);
  },
  async 'period.set'(em, ctx, c) {
    const academicYearId = await academicYear(em, ctx, c.data.year);
    const { year: _year, ...p } = c.data;
    await adopt(em, ctx, PeriodEntity, 'period', { academicYearId, kind: p.kind, number: p.number }, c.externalId);
    await structure.upsertPeriod(
      em,
      { schoolId: ctx.schoolId, academicYearId, ...p, externalId: c.externalId },
      ctx.actor,
    );
  },
  async 'subgroup.set'(em, ctx, c) {
    const classId = await ref(em, ctx, 'class', c.data.class);
    await adopt(em, ctx, SubgroupEntity, 'subgroup', { classId, name: c.data.name }, c.externalId);
    const sg = await structure.upsertSubgroup(
      em,
      { schoolId: ctx.schoolId, classId, name: c.data.name, externalId: c.externalId },
      ctx.actor,
    );
    const members: number[] = [];
    for (const m of c.data.members) members.push(await ref(em, ctx, 'student', m));
    for (const studentId of members) await structure.addToSubgroup(em, sg.id, studentId);
    const gone = await em.query(
      `DELETE FROM subgroup_member WHERE "subgroupId" = $1 AND NOT ("studentId" = ANY($2)) RETURNING "studentId"`,
      [sg.id, members],
    );
    if (gone[0]?.length)
      await audit(em, ctx.actor, 'subgroup.membersRemoved', { type: 'subgroup', id: sg.id }, { count: gone[0].length });
  },
  async 'student.set'(em, ctx, c) {
    const classId = await ref(em, ctx, 'class', c.data.class);
    const st = await structure.upsertStudent(
      em,
      {
        schoolId: ctx.schoolId,
        classId,
        lastName: c.data.lastName,
        firstName: c.data.firstName,
        middleName: c.data.middleName,
        birthDate: c.data.birthDate,
        externalId: c.externalId,
      },
      ctx.actor,
    );
    if (!c.data.active) {
      await em.update(StudentEntity, { id: st.id }, { active: false });
      await audit(em, ctx.actor, 'student.deactivated', { type: 'student', id: st.id });
    }
  },
  async 'guardian.set'(em, ctx, c) {
    const g = await structure.upsertGuardian(
      em,
      {
        schoolId: ctx.schoolId,
        lastName: c.data.lastName,
        firstName: c.data.firstName,
        middleName: c.data.middleName,
        phone: c.data.phone,
        externalId: c.externalId,
      },
      ctx.actor,
    );
    const children: number[] = [];
    for (const child of c.data.children) {
      const studentId = await ref(em, ctx, 'student', child.student);
      children.push(studentId);
      await structure.linkGuardianToStudent(em, { studentId, guardianId: g.id, relation: child.relation }, ctx.actor);
    }
    const gone = await em.query(
      `DELETE FROM student_guardian WHERE "guardianId" = $1 AND NOT ("studentId" = ANY($2)) RETURNING "studentId"`,
      [g.id, children],
    );
    for (const r of gone[0] ?? [])
      await audit(em, ctx.actor, 'studentGuardian.removed', { type: 'student', id: r.studentId }, { guardianId: g.id });
  },
  async 'staff.set'(em, ctx, c) {
    const before = await em.findOneBy(StaffEntity, { schoolId: ctx.schoolId, externalId: c.externalId });
    const staff = await structure.upsertStaff(
      em,
      {
        schoolId: ctx.schoolId,
        lastName: c.data.lastName,
        firstName: c.data.firstName,
        middleName: c.data.middleName,
        externalId: c.externalId,
      },
      ctx.actor,
    );
    const keep: number[] = [];
    for (const r of c.data.roles) {
      const classId = r.role === 'classTeacher' ? await ref(em, ctx, 'class', r.class ?? '') : null;
      if (r.role === 'classTeacher' && !r.class) throw new FeedRejection('a classTeacher role needs its class');
      await structure.addStaffRole(em, { schoolId: ctx.schoolId, staffId: staff.id, role: r.role, classId }, ctx.actor);
      const [row] = await em.query(
        `SELECT id FROM staff_role WHERE "staffId" = $1 AND role = $2 AND "classId" IS NOT DISTINCT FROM $3`,
        [staff.id, r.role, classId],
      );
      keep.push(row.id);
    }
    const gone = await em.query(`DELETE FROM staff_role WHERE "staffId" = $1 AND NOT (id = ANY($2)) RETURNING role`, [
      staff.id,
      keep,
    ]);
    for (const r of gone[0] ?? [])
      await audit(em, ctx.actor, 'staffRole.removed', { type: 'staff', id: staff.id }, { role: r.role });
    if (!c.data.active && (before?.active ?? true)) await deactivateStaff(em, staff.id, ctx.actor);
    if (c.data.active && before && !before.active) {
      await em.update(StaffEntity, { id: staff.id }, { active: true });
      await audit(em, ctx.actor, 'staff.reactivated', { type: 'staff', id: staff.id });
    }
  },
  async 'lesson.set'(em, ctx, c, opts) {
    const d = c.data;
    const [classId, subgroupId, subjectId, teacherId, substituteTeacherId] = [
      await ref(em, ctx, 'class', d.class),
      await optRef(em, ctx, 'subgroup', d.subgroup),
      await ref(em, ctx, 'subject', d.subject),
      await ref(em, ctx, 'staff', d.teacher),
      await optRef(em, ctx, 'staff', d.substituteTeacher),
    ];
    const { lesson } = await upsertLessonIn(
      em,
      {
        schoolId: ctx.schoolId,
        classId,
        subgroupId,
        subjectId,
        teacherId,
        substituteTeacherId,
        date: d.date,
        slot: d.slot,
        startsAt: d.startsAt,
        endsAt: d.endsAt,
        room: d.room,
        cancelled: d.cancelled,
        externalId: c.externalId,
        ...(d.topic !== undefined ? { topic: d.topic } : {}),
      },
      ctx.actor,
      opts,
    );
    ctx.cache.set(`lesson:${c.externalId}`, lesson.id);
  },
  async 'homework.set'(em, ctx, c, opts) {
    const lessonId = await ref(em, ctx, 'lesson', c.data.lesson);
    await setHomework(
      em,
      { schoolId: ctx.schoolId, lessonId, homework: c.data.text, setAt: new Date(c.changedAt) },
      ctx.actor,
      opts,
    );
  },
  async 'attendance.set'(em, ctx, c, opts) {
    const lessonId = await ref(em, ctx, 'lesson', c.data.lesson);
    const studentId = await ref(em, ctx, 'student', c.data.student);
    await recordAttendance(
      em,
      {
        schoolId: ctx.schoolId,
        lessonId,
        studentId,
        status: c.data.status,
        reason: c.data.reason,
        comment: c.data.comment,
        externalId: c.externalId,
      },
      ctx.actor,
      opts,
    );
  },
  async 'mark.set'(em, ctx, c, opts) {
    const d = c.data;
    await setMark(
      em,
      {
        schoolId: ctx.schoolId,
        studentId: await ref(em, ctx, 'student', d.student),
        subjectId: await ref(em, ctx, 'subject', d.subject),
        workKindId: await ref(em, ctx, 'workKind', d.workKind),
        lessonId: await optRef(em, ctx, 'lesson', d.lesson),
        teacherId: await optRef(em, ctx, 'staff', d.teacher),
        date: d.date,
        value: d.value,
        comment: d.comment,
        externalId: c.externalId,
      },
      ctx.actor,
      opts,
    );
  },
  async 'mark.deleted'(em, ctx, c, opts) {
    const [known] = await em.query(`SELECT 1 FROM mark WHERE "schoolId" = $1 AND "externalId" = $2`, [
      ctx.schoolId,
      c.externalId,
    ]);
    // A mark deleted before we ever saw it: its version is recorded, so an older "set" cannot bring it back.
    if (known) await deleteMark(em, { schoolId: ctx.schoolId, externalId: c.externalId }, ctx.actor, opts);
  },
  async 'periodMark.set'(em, ctx, c, opts) {
    await setPeriodMark(
      em,
      {
        schoolId: ctx.schoolId,
        studentId: await ref(em, ctx, 'student', c.data.student),
        subjectId: await ref(em, ctx, 'subject', c.data.subject),
        periodId: await ref(em, ctx, 'period', c.data.period),
        value: c.data.value,
        externalId: c.externalId,
      },
      ctx.actor,
      opts,
    );
  },
};

/** Integrity and data errors of one change (class 22 and 23): the change is bad, not the database. */
const isDataError = (e: unknown) =>
  e instanceof QueryFailedError &&
  /^2[23]/.test(
    String((e as { code?: string }).code ?? (e as { driverError?: { code?: string } }).driverError?.code ?? ''),
  );

/** Runs a change's handler (no version check): DomainErrors and data errors become FeedRejection. */
export async function applyUnchecked(em: EntityManager, ctx: ApplyContext, change: FeedChange): Promise<void> {
  const opts: EventOptions = ctx.silent ? { silent: true } : {};
  try {
    await (handlers[change.event] as Handler<typeof change.event>)(em, ctx, change, opts);
  } catch (e) {
    if (e instanceof FeedRejection) throw e;
    if (e instanceof DomainError) throw new FeedRejection(`${e.code}: ${e.message}`);
    if (isDataError(e)) throw new FeedRejection(`rejected by the database: ${(e as Error).message.slice(0, 200)}`);
    throw e;
  }
}

export const versionKey = (change: FeedChange) => `${entityKind(change.event)}\u0000${change.externalId}`;

/** The versions already applied of the entities in `changes` (one query for a whole batch). */
export async function loadVersions(
  em: EntityManager,
  schoolId: number,
  changes: FeedChange[],
): Promise<Map<string, number>> {
  const keys = [...new Set(changes.map(versionKey))];
  const rows: { kind: string; externalId: string; version: string }[] = keys.length
    ? await em.query(
        `SELECT v.kind, v."externalId", v.version FROM feed_version v
           JOIN unnest($2::text[], $3::text[]) AS k(kind, ext) ON v.kind = k.kind AND v."externalId" = k.ext
          WHERE v."schoolId" = $1`,
        [schoolId, keys.map((k) => k.split('\u0000')[0]), keys.map((k) => k.slice(k.indexOf('\u0000') + 1))],
      )
    : [];
  return new Map(rows.map((r) => [`${r.kind}\u0000${r.externalId}`, Number(r.version)]));
}

/**
 * The «present» marks among `changes` that would change nothing: the lesson
 * and the student exist, the student is in the lesson's class, and no
 * absence or lateness is recorded (recordAttendance would answer
 * 'unchanged'). Most of a school day's roll calls are such; one query
 * answers them all. Only for a run of changes that touch no structure.
 */
export async function attendanceNoOps(
  em: EntityManager,
  schoolId: number,
  changes: FeedChange[],
): Promise<Set<string>> {
  const present = changes.filter(
    (c): c is Extract<FeedChange, { event: 'attendance.set' }> =>
      c.event === 'attendance.set' && c.data.status === 'present',
  );
  if (!present.length) return new Set();
  const rows: { externalId: string }[] = await em.query(
    `SELECT k.ext AS "externalId" FROM unnest($2::text[], $3::text[], $4::text[]) AS k(ext, lext, sext)
       JOIN lesson l ON l."schoolId" = $1 AND l."externalId" = k.lext
       JOIN student s ON s."schoolId" = $1 AND s."externalId" = k.sext AND s."classId" = l."classId"
      WHERE NOT EXISTS (SELECT 1 FROM attendance a WHERE a."studentId" = s.id AND a."lessonId" = l.id)`,
    [schoolId, present.map((c) => c.externalId), present.map((c) => c.data.lesson), present.map((c) => c.data.student)],
  );
  return new Set(rows.map((r) => r.externalId));
}

/** Records the versions applied in a batch (never lowering one). */
export async function saveVersions(em: EntityManager, schoolId: number, changes: FeedChange[]): Promise<void> {
  // One row per entity (a mark and its correction may share a batch): the newest version.
  const newest = new Map<string, FeedChange>();
  for (const c of changes) if ((newest.get(versionKey(c))?.version ?? 0) < c.version) newest.set(versionKey(c), c);
  const applied = [...newest.values()];
  if (!applied.length) return;
  await em.query(
    `INSERT INTO feed_version ("schoolId", kind, "externalId", version, "changedAt")
     SELECT $1, k, e, v, c FROM unnest($2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) AS t(k, e, v, c)
     ON CONFLICT ("schoolId", kind, "externalId") DO UPDATE SET version = EXCLUDED.version, "changedAt" = EXCLUDED."changedAt"
       WHERE feed_version.version < EXCLUDED.version`,
    [
      schoolId,
      applied.map((c) => entityKind(c.event)),
      applied.map((c) => c.externalId),
      applied.map((c) => c.version),
      applied.map((c) => c.changedAt),
    ],
  );
}

/**
 * Applies one change in `em` with its own version check (the caller wraps it
 * in a savepoint). Returns 'stale' for a version not newer than the one
 * applied before (nothing is written); throws FeedRejection for a change to
 * dead-letter.
 */
export async function applyChange(em: EntityManager, ctx: ApplyContext, change: FeedChange): Promise<ApplyOutcome> {
  const kind = entityKind(change.event);
  const newer = await em.query(
    `INSERT INTO feed_version ("schoolId", kind, "externalId", version, "changedAt") VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("schoolId", kind, "externalId") DO UPDATE SET version = EXCLUDED.version, "changedAt" = EXCLUDED."changedAt"
       WHERE feed_version.version < EXCLUDED.version
     RETURNING 1`,
    [ctx.schoolId, kind, change.externalId, change.version, change.changedAt],
  );
  if (!newer.length) return 'stale';
  await applyUnchecked(em, ctx, change);
  return 'applied';
}
