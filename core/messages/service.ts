import { authorizeStudent } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { ServiceDeps } from '../services/deps.js';
import {
  contactsOf,
  listThreads,
  loadThread,
  officeHours,
  readThread,
  schoolThreads,
  sendFamilyMessage,
  sendStaffMessage,
  setOfficeHours,
  staffThreadWith,
  threadFor,
  type Body,
  type Hours,
} from './index.js';

/** Threads between families and staff, office hours and the director's audited reading, bound to the deps. */
export function messagesService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  /** MESSAGES_PER_DAY: one budget for messages, consultation and correction requests. */
  const dailyLimit = deps.config.MESSAGES_PER_DAY;
  return {
    dailyLimit,
    /** The child, if this account may write to its teachers about it. */
    student: (p: AccessProfile, studentId: number) => authorizeStudent(db, p, 'messageStaff', studentId),
    contacts: (studentId: number) => contactsOf(db, studentId),
    threads: (p: AccessProfile) => listThreads(db, p, clock.now()),
    schoolThreads: (schoolId: number) => schoolThreads(db, schoolId),
    thread: (p: AccessProfile, id: number, action: 'read' | 'write' | 'audit' = 'read') => threadFor(db, p, id, action),
    loadThread: (id: number) => loadThread(db, id),
    /** Opens a thread (marks it read; an audited opening is recorded). */
    read: (p: AccessProfile, id: number, audit: boolean) => readThread(db, p, id, { audit, now: clock.now() }),
    officeHours: (staffId: number) => officeHours(db, staffId),
    /** A staff member sets their own office hours (null removes them). */
    setOfficeHours: (staffId: number, hours: Hours | null) =>
      setOfficeHours(db, staffId, hours, { kind: 'staff', staffId }),
    sendFamily: (p: AccessProfile, input: { studentId: number; staffId: number } & Body) =>
      sendFamilyMessage(db, p, input, { now: clock.now(), timezone, dailyLimit }),
    sendStaff: (p: AccessProfile, threadId: number, body: Body) => sendStaffMessage(db, p, threadId, body, clock.now()),
    /** The thread of a staff member with a family account about a child (created if none), or null. */
    staffThreadWith: (p: AccessProfile, family: { studentId: number; accountHash: string }) =>
      staffThreadWith(db, p, family),
  };
}

export type MessagesService = ReturnType<typeof messagesService>;
