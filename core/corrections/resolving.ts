import type { DataSource, EntityManager } from 'typeorm';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { appendEvent, audit, inTransaction } from '../unit-of-work.js';
import type { CorrectionRequest } from '../../db/entities/index.js';
import { loadEntry } from './entries.js';
import { requestForStaff } from './requests.js';
import { CorrectionRefused } from './types.js';

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
