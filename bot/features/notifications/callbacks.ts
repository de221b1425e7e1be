import { callbackCodec, either, id, int, oneOf } from '../../callback-codec.js';
import { QUIET_CHOICES, type Kind } from '../../../core/notifications/preferences.js';

/** The settings screens: the main one (`menu` from the Settings button, `back` from a sub-screen) and its sub-screens. */
export const settingsPage = callbackCodec('nt', { page: oneOf('menu', 'back', 'quiet', 'average', 'streak', 'child') });
/** Settings about this child (a guardian of several). */
export const settingsChild = callbackCodec('nc', { studentId: id });

/** Callback words for the kinds ([a-z] only, so `periodMarks` is `periods`). */
export const KIND_ARGS = {
  marks: 'marks',
  absence: 'absence',
  homework: 'homework',
  lessons: 'lessons',
  periods: 'periodMarks',
  evening: 'evening',
  weekly: 'weekly',
  forecast: 'forecast',
} as const satisfies Record<string, Kind>;
type KindArg = keyof typeof KIND_ARGS;
/** The next mode of a kind. */
export const kindToggle = callbackCodec('nk', { kind: oneOf(...(Object.keys(KIND_ARGS) as KindArg[])) });

/** Quiet hours as digits: 2108 = 21:00–08:00, or `off`. */
export const quietCode = (q: string) => (q === 'off' ? 'off' : `${q.slice(0, 2)}${q.slice(6, 8)}`);
export const quietOfCode = (code: string) => QUIET_CHOICES.find((q) => quietCode(q) === code);
export const quietChoice = callbackCodec('nq', { quiet: oneOf(...QUIET_CHOICES.map(quietCode)) });

const off = oneOf('off');
/** The average threshold ×10 (35 = 3,5), or `off`; the handler checks it is one of the offered values. */
export const averageChoice = callbackCodec('nv', { value: either(off, int(10, 50)) });
/** Unexcused absences in a row, or `off`. */
export const streakChoice = callbackCodec('nb', { value: either(off, int(1, 99)) });
