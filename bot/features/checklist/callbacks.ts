import { callbackCodec, id, int, oneOf } from '../../callback-codec.js';

/** A tick under the homework of a day (y: done, n: not done); the day's view is shown again. */
export const tickDay = callbackCodec('hd', { studentId: id, lessonId: id, done: oneOf('y', 'n') });
/** A tick on the week's list; the list is shown again. */
export const tickWeek = callbackCodec('hx', { studentId: id, lessonId: id });
/** The week's list of what is left. */
export const weekLeft = callbackCodec('hw', { studentId: id });
/** The reminder's times, and one picked (hour 0: off). */
export const reminderMenu = callbackCodec('hm', { studentId: id });
export const reminderSet = callbackCodec('hs', { studentId: id, hour: int(0, 23) });
