import type { Db } from '../unit-of-work.js';
import type { DataSource, EntityManager } from 'typeorm';
import { mayOnSchool, mayOnStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { DomainError } from '../errors.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import type { CorrectionRequest } from '../../db/entities/index.js';
import { oneSchoolDayAfter, studentInfo } from '../family/common.js';
import { hasDailyPlace, type DailyLimit } from '../messages/daily-limit.js';
import { nextOfficeStart, officeHours } from '../messages/index.js';

/**
 * «Сообщить об ошибке» (seed 000 §3.7): a family reports a wrong mark,
 * absence or homework; the subject teacher and the deputy director get it;
 * it is due within one school day. A change of the entry in the journal
 * closes it (found by the sweep comparing the entry with its snapshot), the
 * teacher may answer that the data is right, and an overdue one is
 * escalated to the deputy. Every step is an outbox event.
 */

export type EntityType = 'mark' | 'attendance' | 'homework';
export const ENTITY_TYPES = ['mark', 'attendance', 'homework'] as const satisfies readonly EntityType[];
/** A journal entry a family may report: a mark, an attendance row, or a lesson's homework. */
export interface EntryRef {
  type: EntityType;
  id: number;
}
/** The diary view a report starts from: a subject's marks, a period's absences, a day's homework. */
export type CandidateView =
  { kind: 'marks'; subjectId: number } | { kind: 'absences'; periodId: number } | { kind: 'homework'; date: string };
export interface Candidate extends EntryRef {
  date: string;
  subject: string;
  /** The mark's value, the attendance status, or 'homework'. */
  what: string;
}

export class CorrectionRefused extends DomainError {
  constructor(readonly reason: 'notAllowed' | 'empty' | 'resolved' | 'open' | 'dailyLimit') {
    super(`correction.${reason}`, `correction refused: ${reason}`);
  }
}

export interface Entry {
  type: EntityType;
  id: number;
  studentId: number;
  date: string;
  subject: string;
  teacherId: number | null;
  snapshot: Record<string, unknown>;
  label: Record<string, string | number>;
}

/** The journal entry as the family sees it, if it is this student's; null otherwise. */
export async function loadEntry(q: Db, type: EntityType, id: number, studentId: number): Promise<Entry | null> {
  if (type === 'mark') {
    const [m] = await q.query(
      `SELECT m.id, m."studentId", m.date::text AS date, m.value, m.comment, m.deleted, su.name AS subject, w.name AS kind,
              COALESCE(m."teacherId", l."teacherId") AS "teacherId"
         FROM mark m JOIN subject su ON su.id = m."subjectId" JOIN work_kind w ON w.id = m."workKindId" LEFT JOIN lesson l ON l.id = m."lessonId"
        WHERE m.id = $1 AND m."studentId" = $2`,
      [id, studentId],
    );
    return m
      ? {
          type,
          id,
          studentId,
          date: m.date,
          subject: m.subject,
          teacherId: m.teacherId,
          snapshot: { value: m.value, comment: m.comment, deleted: m.deleted },
          label: { value: m.value, kind: m.kind },
        }
      : null;
  }
  if (type === 'attendance') {
    const [a] = await q.query(
      `SELECT a.id, a.status, a.reason, l.date::text AS date, l.slot, su.name AS subject, COALESCE(l."substituteTeacherId", l."teacherId") AS "teacherId"
         FROM attendance a JOIN lesson l ON l.id = a."lessonId" JOIN subject su ON su.id = l."subjectId" WHERE a.id = $1 AND a."studentId" = $2`,
      [id, studentId],
    );
    return a
      ? {
          type,
          id,
          studentId,
          date: a.date,
          subject: a.subject,
          teacherId: a.teacherId,
          snapshot: { status: a.status, reason: a.reason },
          label: { status: a.status, slot: a.slot },
        }
      : null;
  }
  const [l] = await q.query(
    `SELECT l.id, l.date::text AS date, l.homework, su.name AS subject, COALESCE(l."substituteTeacherId", l."teacherId") AS "teacherId"
       FROM lesson l JOIN student st ON st."classId" = l."classId" JOIN subject su ON su.id = l."subjectId"
      WHERE l.id = $1 AND st.id = $2 AND l.homework IS NOT NULL`,
    [id, studentId],
  );
  return l
    ? {
        type,
        id,
        studentId,
        date: l.date,
        subject: l.subject,
        teacherId: l.teacherId,
        snapshot: { homework: l.homework },
        label: { slot: 0 },
      }
    : null;
}

/** Entries a family may report from a diary view: a subject's marks, a period's absences, a day's homework. */
export async function candidates(q: Db, studentId: number, view: CandidateView): Promise<Candidate[]> {
  type Row = { id: number; date: string; subject: string; what: string };
  const as = (type: EntityType) => (rows: Row[]) => rows.map((r) => ({ ...r, type }));
  if (view.kind === 'marks')
    return as('mark')(
      await q.query(
        `SELECT m.id, m.date::text AS date, su.name AS subject, m.value AS what FROM mark m JOIN subject su ON su.id = m."subjectId"
        WHERE m."studentId" = $1 AND m."subjectId" = $2 AND NOT m.deleted ORDER BY m.date DESC, m.id DESC LIMIT 12`,
        [studentId, view.subjectId],
      ),
    );
  if (view.kind === 'absences')
    return as('attendance')(
      await q.query(
        `SELECT a.id, l.date::text AS date, su.name AS subject, a.status AS what FROM attendance a JOIN lesson l ON l.id = a."lessonId" JOIN subject su ON su.id = l."subjectId"
         JOIN period p ON p.id = $2 WHERE a."studentId" = $1 AND l.date BETWEEN p."startsOn" AND p."endsOn" ORDER BY l.date DESC, l.slot DESC LIMIT 12`,
        [studentId, view.periodId],
      ),
    );
  return as('homework')(
    await q.query(
      `SELECT l.id, l.date::text AS date, su.name AS subject, 'homework' AS what FROM lesson l JOIN student st ON st."classId" = l."classId" JOIN subject su ON su.id = l."subjectId"
      WHERE st.id = $1 AND l.date = $2 AND l.homework IS NOT NULL ORDER BY l.slot`,
      [studentId, view.date],
    ),
  );
}

export async function createCorrectionRequest(
  ds: DataSource,
  p: AccessProfile,
  input: { studentId: number; type: EntityType; entityId: number; comment: string },
  opts: DailyLimit,
): Promise<CorrectionRequest & { deliverAt: Date | null }> {
  const s = await studentInfo(ds, input.studentId);
  if (!s || !mayOnStudent(p, 'reportError', s)) throw new CorrectionRefused('notAllowed');
  const e = await loadEntry(ds, input.type, input.entityId, s.studentId);
  if (!e) throw new CorrectionRefused('notAllowed');
  const comment = input.comment.trim().slice(0, 1000);
  if (!comment) throw new CorrectionRefused('empty');
  // Like a message: counted in the family's daily limit; the teacher hears of it in their office hours,
  // and the school day to answer starts then.
  const deliverAt = e.teacherId ? nextOfficeStart(await officeHours(ds, e.teacherId), opts.now, opts.timezone) : null;
  return inTransaction(ds, async (em) => {
    if (!(await hasDailyPlace(em, p.accountHash, opts))) throw new CorrectionRefused('dailyLimit');
    const [open] = await em.query(
      `SELECT id FROM correction_request WHERE "accountHash" = $1 AND "entityType" = $2 AND "entityId" = $3 AND status = 'open'`,
      [p.accountHash, e.type, e.id],
    );
    if (open) throw new CorrectionRefused('open');
    const [row] = await em.query(
      `INSERT INTO correction_request ("schoolId", "studentId", "accountHash", "entityType", "entityId", "teacherId", comment, snapshot, "dueAt", "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        s.schoolId,
        s.studentId,
        p.accountHash,
        e.type,
        e.id,
        e.teacherId,
        comment,
        JSON.stringify(e.snapshot),
        oneSchoolDayAfter(deliverAt ?? opts.now, opts.timezone),
        opts.now,
      ],
    );
    await appendEvent(
      em,
      s.schoolId,
      'correction.requested',
      { requestId: row.id },
      deliverAt ? { availableAt: deliverAt } : {},
    );
    await audit(
      em,
      { kind: 'account', accountHash: p.accountHash },
      'correction.requested',
      { type: 'correction_request', id: row.id },
      { entity: e.type, entityId: e.id },
    );
    return { ...(await loadRequest(em, row.id))!, deliverAt };
  });
}

export async function loadRequest(q: Db, id: number): Promise<CorrectionRequest | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [r] = await q.query(`SELECT * FROM correction_request WHERE id = $1`, [id]);
  return r ?? null;
}

/** The teacher it was sent to, or the deputy director of the school, may answer it. */
export async function requestForStaff(q: Db, p: AccessProfile, id: number): Promise<CorrectionRequest | null> {
  const r = await loadRequest(q, id);
  if (!r || !p.staff || p.staff.schoolId !== r.schoolId) return null;
  return r.teacherId === p.staff.staffId || mayOnSchool(p, 'manageControl', p.staff) ? r : null;
}

async function resolve(
  em: EntityManager,
  r: CorrectionRequest,
  status: 'corrected' | 'confirmed',
  by: Actor,
  answer: string | null,
  now: Date,
): Promise<boolean> {
  const rows = await em.query(
    `UPDATE correction_request SET status = $2, "resolvedAt" = $3, "resolvedBy" = $4, answer = $5 WHERE id = $1 AND status = 'open' RETURNING id`,
    [
      r.id,
      status,
      now,
      by.kind === 'staff' ? `staff:${by.staffId}` : by.kind === 'system' ? `system:${by.job}` : 'other',
      answer,
    ],
  );
  if (!(Array.isArray(rows[0]) ? rows[0] : rows).length) return false;
  await appendEvent(em, r.schoolId, 'correction.resolved', { requestId: r.id, status });
  await audit(em, by, `correction.${status}`, { type: 'correction_request', id: r.id });
  return true;
}

/** The teacher (or the deputy) answers: corrected, or the data is right (with an explanation). */
export async function answerCorrection(
  ds: DataSource,
  p: AccessProfile,
  id: number,
  status: 'corrected' | 'confirmed',
  answer: string | null,
  opts: { now: Date },
): Promise<void> {
  const r = await requestForStaff(ds, p, id);
  if (!r) throw new CorrectionRefused('notAllowed');
  const ok = await inTransaction(ds, (em) =>
    resolve(
      em,
      r,
      status,
      { kind: 'staff', staffId: p.staff!.staffId },
      answer?.trim().slice(0, 1000) || null,
      opts.now,
    ),
  );
  if (!ok) throw new CorrectionRefused('resolved');
}

/** The family's own requests about a child, newest first. */
export async function familyRequests(q: Db, accountHash: string, studentId: number): Promise<CorrectionRequest[]> {
  return q.query(
    `SELECT * FROM correction_request WHERE "accountHash" = $1 AND "studentId" = $2 ORDER BY "createdAt" DESC LIMIT 10`,
    [accountHash, studentId],
  );
}

/**
 * The sweep: an open request whose entry changed in the journal is closed as
 * corrected (the family is told); one past its deadline is escalated to the
 * deputy director, once.
 */
export async function sweepCorrections(
  ds: DataSource,
  opts: { now: Date },
): Promise<{ corrected: number; escalated: number }> {
  const open: CorrectionRequest[] = await ds.query(
    `SELECT * FROM correction_request WHERE status = 'open' ORDER BY id`,
  );
  let corrected = 0;
  let escalated = 0;
  for (const r of open) {
    const e = await loadEntry(ds, r.entityType, r.entityId, r.studentId);
    const changed = !e || Object.keys(e.snapshot).some((k) => (e.snapshot[k] ?? null) !== (r.snapshot[k] ?? null));
    if (changed) {
      if (
        await inTransaction(ds, (em) =>
          resolve(em, r, 'corrected', { kind: 'system', job: 'corrections' }, null, opts.now),
        )
      )
        corrected++;
      continue;
    }
    if (new Date(r.dueAt) > opts.now || r.escalatedAt) continue;
    const took = await inTransaction(ds, async (em) => {
      const rows = await em.query(
        `UPDATE correction_request SET "escalatedAt" = $2 WHERE id = $1 AND status = 'open' AND "escalatedAt" IS NULL RETURNING id`,
        [r.id, opts.now],
      );
      if (!(Array.isArray(rows[0]) ? rows[0] : rows).length) return false;
      await appendEvent(em, r.schoolId, 'correction.escalated', { requestId: r.id });
      await audit(em, { kind: 'system', job: 'corrections' }, 'correction.escalated', {
        type: 'correction_request',
        id: r.id,
      });
      return true;
    });
    if (took) escalated++;
  }
  return { corrected, escalated };
}
