import { authorizeStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { contactsOf } from '../messages/index.js';
import type { ServiceDeps } from '../services/deps.js';
import {
  acceptSlot,
  confirmCounter,
  consultationFor,
  declineConsultation,
  parseSlots,
  proposeSlot,
  requestConsultation,
} from './index.js';

/** Consultation requests, the teacher's answers and the family's confirmation, bound to the deps. */
export function consultationsService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  /** MESSAGES_PER_DAY: requests share the family's daily limit with messages. */
  const dailyLimit = deps.config.MESSAGES_PER_DAY;
  return {
    dailyLimit,
    /** The child, if this account may ask for a consultation about it. */
    student: (p: AccessProfile, studentId: number) => authorizeStudent(db, p, 'requestConsultation', studentId),
    /** The teachers a consultation may be asked of (the child's contacts). */
    teachers: (studentId: number) => contactsOf(db, studentId),
    /** «26.11 15:30, 27.11 16:00» → instants on the school's clock; null when unreadable. */
    parseSlots: (text: string) => parseSlots(text, clock.now(), timezone),
    request: (p: AccessProfile, input: { studentId: number; staffId: number; proposals: Date[] }) =>
      requestConsultation(db, p, input, { now: clock.now(), timezone, dailyLimit }),
    /** The consultation for its family account or its teacher; null for anyone else. */
    consultation: (p: AccessProfile, id: number, side: 'family' | 'staff') => consultationFor(db, p, id, side),
    accept: (p: AccessProfile, id: number, slot: number) => acceptSlot(db, p, id, slot, { now: clock.now() }),
    propose: (p: AccessProfile, id: number, at: Date) => proposeSlot(db, p, id, at, { now: clock.now() }),
    decline: (p: AccessProfile, id: number, comment: string) => declineConsultation(db, p, id, comment),
    confirm: (p: AccessProfile, id: number) => confirmCounter(db, p, id),
  };
}

export type ConsultationsService = ReturnType<typeof consultationsService>;
