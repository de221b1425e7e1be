import type { Db } from '../unit-of-work.js';
import type { DataSource } from 'typeorm';
import { mayOnSchool, mayOnStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import type { CorrectionRequest } from '../../db/entities/index.js';
import { oneSchoolDayAfter, studentInfo } from '../family/common.js';
import { hasDailyPlace, type DailyLimit } from '../messages/daily-limit.js';
import { nextOfficeStart, officeHours } from '../messages/index.js';
import { loadEntry } from './entries.js';
import { CorrectionRefused, type EntityType } from './types.js';

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

/** The family's own requests about a child, newest first. */
export async function familyRequests(q: Db, accountHash: string, studentId: number): Promise<CorrectionRequest[]> {
  return q.query(
    `SELECT * FROM correction_request WHERE "accountHash" = $1 AND "studentId" = $2 ORDER BY "createdAt" DESC LIMIT 10`,
    [accountHash, studentId],
  );
}
