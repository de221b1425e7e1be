import { REVIEW_REASONS } from '../../../core/desk/index.js';
import { callbackCodec, id, oneOf } from '../../callback-codec.js';

/** The class teacher's desk: one codec per button, the verbs as before (`wd:12`). */

/** The desk of a class: its summary (from /class, «🗂 Кабинет классного руководителя»). */
export const deskHome = callbackCodec('wd', { classId: id });
/** The class's invitation codes. */
export const deskCodes = callbackCodec('wc', { classId: id });
/** New codes for everyone in the class without access (a PDF of cards). */
export const issueMissing = callbackCodec('wi', { classId: id });
/** New codes for one student's family (after a compromise). */
export const reissueStudent = callbackCodec('wr', { studentId: id });
/** Revokes one student's family's unused codes. */
export const revokeStudent = callbackCodec('wx', { studentId: id });
/** A pending absence report's card with the decision buttons. */
export const openReport = callbackCodec('wp', { reportId: id });
/** Who of the families is connected. */
export const deskFamilies = callbackCodec('wf', { classId: id });
/** How often the families look at the diary. */
export const deskViews = callbackCodec('wv', { classId: id });
/** Absence reports and the week's absences without a reason. */
export const deskAbsences = callbackCodec('wa', { classId: id });
/** The messages (handled by the messages feature: its list). */
export const deskMessages = callbackCodec('wm', { classId: id });
/** The week's review: asks the reason for a student's absences without one. */
export const askReason = callbackCodec('wz', { studentId: id });
/** The week's review: the reason chosen for a student's absences without one. */
export const setReason = callbackCodec('wy', { studentId: id, reason: oneOf(...REVIEW_REASONS) });

/**
 * The announcements feature's «to this class» button, whose codec is that
 * feature's own: the data it reads is `ak:<classId>`.
 */
export const announceToClass = (classId: number) => `ak:${classId}`;
