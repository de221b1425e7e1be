import { callbackCodec, day, either, id, int, oneOf } from '../../callback-codec.js';
import { MAX_DRAFT_ID } from './drafts.js';

/**
 * The buttons of /today. A draft's id is small (the chat's own counter), so
 * a button carries it with the student's place, the work kind's place, the
 * page or the mark.
 */

const draft = int(1, MAX_DRAFT_ID);
/** A student's place in the draft's list. */
const place = int(0, 999);

/** The teacher's lessons of a day: 'today' or an earlier day still open. */
export const dayList = callbackCodec('td', { day: either(day, oneOf('today')) });
export const lessonCard = callbackCodec('tl', { lessonId: id });
export const attendanceGrid = callbackCodec('ta', { lessonId: id });
/** One student tapped in the grid: present → absent → late. */
export const attendanceToggle = callbackCodec('tt', { draft, place });
/** «Готово»: the grid is saved. */
export const attendanceDone = callbackCodec('tf', { draft });
export const askTopic = callbackCodec('tp', { lessonId: id });
export const askHomework = callbackCodec('th', { lessonId: id });
/** The work kinds to mark. */
export const marksKinds = callbackCodec('tk', { lessonId: id });
/** A work kind chosen, by its place in the draft's list. */
export const marksKind = callbackCodec('tw', { draft, kind: int(0, 99) });
export const marksPage = callbackCodec('tg', { draft, page: int(0, 99) });
/** A mark button in a student's row (the code of MARK_BUTTONS). */
export const markSet = callbackCodec('tm', { draft, place, mark: int(0, 9) });
/** A student's name in the marks list: a comment on their mark. */
export const markComment = callbackCodec('tc', { draft, place });
