import { callbackCodec, id } from '../../callback-codec.js';

/** The class teacher's paper: one codec per button, the verbs as before (`pp:12`). */

/** The paper menu of a class (from /class, «🖨 Распечатки»). */
export const paperMenu = callbackCodec('pp', { classId: id });
/** Printouts for the families without access. */
export const printUnlinked = callbackCodec('pu', { classId: id });
/** Printouts for the whole class. */
export const printAll = callbackCodec('pa', { classId: id });
/** The periods a summary sheet can be made for. */
export const sheetPeriods = callbackCodec('pv', { classId: id });
/** The summary sheet of a period (the class remembered from `pv`). */
export const sheetOfPeriod = callbackCodec('pq', { periodId: id });
/** The files made before. */
export const paperFiles = callbackCodec('pl', { classId: id });
/** One file made before, sent again. */
export const paperFile = callbackCodec('pf', { fileId: id });
