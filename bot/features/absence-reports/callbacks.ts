import { callbackCodec, id, oneOf } from '../../callback-codec.js';

/**
 * The buttons of absence reports. A guardian's draft: the child (ab), the
 * days (ad), a lesson today (al), the reason (ae), the справка later (af),
 * send or cancel (ao); a saved report: attach a справка (ac), the family's
 * list (av). The class teacher's decision on a delivered report (the delivery
 * worker writes `aa:<id>` etc., core/absence-reports/notify.ts): accept (aa),
 * reject (aj), reply (aq).
 */
export const pickChild = callbackCodec('ab', { studentId: id });
export const pickDates = callbackCodec('ad', { choice: oneOf('today', 'tomorrow', 'range', 'lessons', 'done') });
export const toggleLesson = callbackCodec('al', { lessonId: id });
export const pickReason = callbackCodec('ae', { reason: oneOf('illness', 'family', 'other') });
export const certificateLater = callbackCodec('af', { choice: oneOf('later') });
export const sendOrCancel = callbackCodec('ao', { answer: oneOf('yes', 'no') });
export const attachLater = callbackCodec('ac', { reportId: id });
export const myReports = callbackCodec('av', { studentId: id });
export const accept = callbackCodec('aa', { reportId: id });
export const reject = callbackCodec('aj', { reportId: id });
export const reply = callbackCodec('aq', { reportId: id });
