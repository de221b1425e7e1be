import { callbackCodec, id, int, oneOf } from '../../callback-codec.js';

/** «📣 Новое объявление» under the list: the audience menu again. */
export const newAnnouncement = callbackCodec('an', { view: oneOf('new') });
/** The audience: a class, a grade (the administration), the school (the administration). */
export const toClass = callbackCodec('ak', { classId: id });
export const toGrade = callbackCodec('ag', { grade: int(1, 11) });
export const toSchool = callbackCodec('ah', { scope: oneOf('school') });
/** The preview: «срочное» on/off, the time (now or tomorrow 08:00), send or drop the draft. */
export const toggleUrgent = callbackCodec('au', { action: oneOf('toggle') });
export const sendTime = callbackCodec('at', { when: oneOf('now', 'tomorrow') });
export const sendDraft = callbackCodec('ay', { answer: oneOf('go', 'no') });
/** After sending: the receipts, who has not confirmed, remind them, cancel a scheduled one. */
export const receiptsOf = callbackCodec('ai', { announcementId: id });
export const unconfirmedOf = callbackCodec('aw', { announcementId: id });
export const remindUnconfirmed = callbackCodec('am', { announcementId: id });
export const cancelScheduled = callbackCodec('ax', { announcementId: id });
/** The author's (or the administration's) latest announcements. */
export const recentList = callbackCodec('as', { view: oneOf('list') });
/** A family's acknowledge button under a delivered announcement. */
export const acknowledgeAnnouncement = callbackCodec('ar', { announcementId: id });
