import type { Db } from '../unit-of-work.js';
import type { DataSource } from 'typeorm';
import { mayOnStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { DomainError } from '../errors.js';
import { addDays, wallClock, zonedInstant } from '../calendar.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import type { Consultation } from '../../db/entities/index.js';
import { studentInfo } from '../family/common.js';
import { hasDailyPlace, type DailyLimit } from '../messages/daily-limit.js';
import { contactsOf, nextOfficeStart, officeHours } from '../messages/index.js';

/**
 * Individual consultations (seed 000 §3.9): a guardian asks one of the
 * child's teachers, proposing times or «any time»; the teacher accepts a
 * slot, proposes another (the family confirms it) or declines with a
 * comment; both are reminded the day before. Each step is an outbox event.
 */

export class ConsultationRefused extends DomainError {
  constructor(readonly reason: 'notAllowed' | 'notContact' | 'badTimes' | 'past' | 'decided' | 'dailyLimit') {
    super(`consultation.${reason}`, `consultation refused: ${reason}`);
  }
}

/** At most this many proposed times. */
export const MAX_PROPOSALS = 3;

/**
 * «26.11 15:30, 27.11 16:00» → instants on the school's clock, in the
 * school year around `now`; null when a piece is unreadable.
 */
export function parseSlots(text: string, now: Date, timeZone: string): Date[] | null {
  const today = wallClock(timeZone, now).date;
  const parts = text
    .split(/[,;\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (!parts.length) return null;
  const out: Date[] = [];
  for (const part of parts) {
    const m = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s+(\d{1,2})[:.](\d{2})$/.exec(part);
    if (!m) return null;
    const [, d, mo, y, hh, mm] = m;
    if (Number(hh) > 23 || Number(mm) > 59) return null;
    let year = y ? Number(y) : Number(today.slice(0, 4));
    const iso = (yy: number) => `${yy}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
    if (!y && iso(year) < addDays(today, -180)) year++;
    const date = iso(year);
    const check = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) return null;
    out.push(zonedInstant(date, `${hh.padStart(2, '0')}:${mm}`, timeZone));
  }
  return out;
}

export async function loadConsultation(q: Db, id: number): Promise<Consultation | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await q.query(`SELECT * FROM consultation WHERE id = $1`, [id]);
  return row ?? null;
}

/** The consultation for its family account or its teacher; null for anyone else. */
export async function consultationFor(
  q: Db,
  p: AccessProfile,
  id: number,
  side: 'family' | 'staff',
): Promise<Consultation | null> {
  const c = await loadConsultation(q, id);
  if (!c) return null;
  if (side === 'staff') return p.staff?.staffId === c.staffId ? c : null;
  const s = await studentInfo(q, c.studentId);
  return s && c.accountHash === p.accountHash && mayOnStudent(p, 'requestConsultation', s) ? c : null;
}

export async function requestConsultation(
  ds: DataSource,
  p: AccessProfile,
  input: { studentId: number; staffId: number; proposals: Date[] },
  opts: DailyLimit,
): Promise<Consultation & { deliverAt: Date | null }> {
  const s = await studentInfo(ds, input.studentId);
  if (!s || !mayOnStudent(p, 'requestConsultation', s)) throw new ConsultationRefused('notAllowed');
  if (!(await contactsOf(ds, s.studentId)).some((c) => c.staffId === input.staffId))
    throw new ConsultationRefused('notContact');
  if (input.proposals.length > MAX_PROPOSALS) throw new ConsultationRefused('badTimes');
  if (input.proposals.some((t) => t <= opts.now)) throw new ConsultationRefused('past');
  // Like a message: counted in the family's daily limit, and the teacher hears of it in their office hours.
  const deliverAt = nextOfficeStart(await officeHours(ds, input.staffId), opts.now, opts.timezone);
  return inTransaction(ds, async (em) => {
    if (!(await hasDailyPlace(em, p.accountHash, opts))) throw new ConsultationRefused('dailyLimit');
    const [row] = await em.query(
      `INSERT INTO consultation ("schoolId", "studentId", "staffId", "accountHash", proposals, "createdAt") VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        s.schoolId,
        s.studentId,
        input.staffId,
        p.accountHash,
        JSON.stringify(input.proposals.map((t) => t.toISOString())),
        opts.now,
      ],
    );
    await appendEvent(
      em,
      s.schoolId,
      'consultation.requested',
      { consultationId: row.id },
      deliverAt ? { availableAt: deliverAt } : {},
    );
    await audit(em, { kind: 'account', accountHash: p.accountHash }, 'consultation.requested', {
      type: 'consultation',
      id: row.id,
    });
    return { ...(await loadConsultation(em, row.id))!, deliverAt };
  });
}

async function decide(
  ds: DataSource,
  c: Consultation,
  by: { kind: 'staff'; staffId: number } | { kind: 'account'; accountHash: string },
  set: { status: Consultation['status']; slotAt: Date | null; staffComment?: string | null },
  from: Consultation['status'][],
): Promise<Consultation> {
  return inTransaction(ds, async (em) => {
    const rows = await em.query(
      `UPDATE consultation SET status = $2, "slotAt" = $3, "staffComment" = COALESCE($4, "staffComment"), "remindedAt" = NULL, "updatedAt" = now()
        WHERE id = $1 AND status = ANY($5) RETURNING id`,
      [c.id, set.status, set.slotAt, set.staffComment ?? null, from],
    );
    if (!(Array.isArray(rows[0]) ? rows[0] : rows).length) throw new ConsultationRefused('decided');
    await appendEvent(em, c.schoolId, 'consultation.answered', { consultationId: c.id, status: set.status });
    await audit(em, by, `consultation.${set.status}`, { type: 'consultation', id: c.id });
    return (await loadConsultation(em, c.id))!;
  });
}

/** The teacher accepts one of the proposed times. */
export async function acceptSlot(
  ds: DataSource,
  p: AccessProfile,
  id: number,
  index: number,
  opts: { now: Date },
): Promise<Consultation> {
  const c = await consultationFor(ds, p, id, 'staff');
  const slot = c?.proposals[index];
  if (!c || !slot) throw new ConsultationRefused('notAllowed');
  if (new Date(slot) <= opts.now) throw new ConsultationRefused('past');
  return decide(ds, c, { kind: 'staff', staffId: p.staff!.staffId }, { status: 'accepted', slotAt: new Date(slot) }, [
    'pending',
  ]);
}

/** The teacher proposes another time (the family confirms it). */
export async function proposeSlot(
  ds: DataSource,
  p: AccessProfile,
  id: number,
  at: Date,
  opts: { now: Date },
): Promise<Consultation> {
  const c = await consultationFor(ds, p, id, 'staff');
  if (!c) throw new ConsultationRefused('notAllowed');
  if (at <= opts.now) throw new ConsultationRefused('past');
  return decide(ds, c, { kind: 'staff', staffId: p.staff!.staffId }, { status: 'countered', slotAt: at }, [
    'pending',
    'countered',
  ]);
}

export async function declineConsultation(
  ds: DataSource,
  p: AccessProfile,
  id: number,
  comment: string,
): Promise<Consultation> {
  const c = await consultationFor(ds, p, id, 'staff');
  if (!c) throw new ConsultationRefused('notAllowed');
  return decide(
    ds,
    c,
    { kind: 'staff', staffId: p.staff!.staffId },
    { status: 'declined', slotAt: null, staffComment: comment.trim().slice(0, 1000) },
    ['pending', 'countered'],
  );
}

/** The family agrees to the teacher's time. */
export async function confirmCounter(ds: DataSource, p: AccessProfile, id: number): Promise<Consultation> {
  const c = await consultationFor(ds, p, id, 'family');
  if (!c || c.status !== 'countered' || !c.slotAt) throw new ConsultationRefused('notAllowed');
  return decide(
    ds,
    c,
    { kind: 'account', accountHash: p.accountHash },
    { status: 'accepted', slotAt: new Date(c.slotAt) },
    ['countered'],
  );
}

/** The day before an agreed consultation: both sides are reminded (once). */
export async function sweepConsultations(ds: DataSource, opts: { now: Date }): Promise<number> {
  return inTransaction(ds, async (em) => {
    const rows: { id: number; schoolId: number }[] = await em
      .query(
        `UPDATE consultation SET "remindedAt" = $1 WHERE status = 'accepted' AND "remindedAt" IS NULL AND "slotAt" > $1 AND "slotAt" <= $1::timestamptz + interval '1 day'
       RETURNING id, "schoolId"`,
        [opts.now],
      )
      .then((r) => (Array.isArray(r[0]) ? r[0] : r));
    for (const r of rows) await appendEvent(em, r.schoolId, 'consultation.reminder', { consultationId: r.id });
    return rows.length;
  });
}
