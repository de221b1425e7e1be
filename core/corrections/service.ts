import { authorizeStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { ServiceDeps } from '../services/deps.js';
import type { CorrectionRequest } from '../../db/entities/index.js';
import {
  answerCorrection,
  candidates,
  createCorrectionRequest,
  familyRequests,
  loadEntry,
  requestForStaff,
  type CandidateView,
  type EntryRef,
} from './index.js';
import { entryText } from './notify.js';

/**
 * Correction requests as use cases, bound to the database, the product's
 * clock, the school's time zone and the family's daily limit
 * (MESSAGES_PER_DAY, shared with messages and consultations).
 */
export function correctionsService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  const dailyLimit = deps.config.MESSAGES_PER_DAY;
  return {
    /** How many contacts with staff a family account has a school day. */
    dailyLimit,
    /** The child, if this account may report errors in its journal. */
    reportingChild: (p: AccessProfile, studentId: number) => authorizeStudent(db, p, 'reportError', studentId),
    /** Entries of a diary view the family may report, newest first. */
    candidates: (studentId: number, view: CandidateView) => candidates(db, studentId, view),
    /** The child's entry with its text as the family reads it (the mark, the subject, the date); null if not theirs. */
    async entry(ref: EntryRef, studentId: number) {
      const e = await loadEntry(db, ref.type, ref.id, studentId);
      return e ? { ...e, what: entryText({ entityType: ref.type, snapshot: e.snapshot }, e) } : null;
    },
    /** Sends the request (CorrectionRefused: not allowed, empty, already open, over the daily limit). */
    create: (p: AccessProfile, input: { studentId: number; entry: EntryRef; comment: string }) =>
      createCorrectionRequest(
        db,
        p,
        { studentId: input.studentId, type: input.entry.type, entityId: input.entry.id, comment: input.comment },
        { now: clock.now(), timezone, dailyLimit },
      ),
    /** The account's own requests about a child, newest first, each with its entry in words. */
    async familyRequests(accountHash: string, studentId: number): Promise<(CorrectionRequest & { what: string })[]> {
      const out: (CorrectionRequest & { what: string })[] = [];
      for (const r of await familyRequests(db, accountHash, studentId))
        out.push({ ...r, what: entryText(r, await loadEntry(db, r.entityType, r.entityId, r.studentId)) });
      return out;
    },
    /** A request the teacher it was sent to (or the deputy) may answer; null otherwise. */
    requestForStaff: (p: AccessProfile, id: number) => requestForStaff(db, p, id),
    /** The teacher's answer: corrected, or the data is right with an explanation (CorrectionRefused). */
    answer: (p: AccessProfile, id: number, status: 'corrected' | 'confirmed', answer: string | null) =>
      answerCorrection(db, p, id, status, answer, { now: clock.now() }),
  };
}

export type CorrectionsService = ReturnType<typeof correctionsService>;
