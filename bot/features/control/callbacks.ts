import { callbackCodec, id, oneOf } from '../../callback-codec.js';
import { FIGURES } from '../../../core/control/render.js';

/** The panel's buttons (/control): one codec per kind, the verbs as before (`ko:home`, `kc:12`, `kf:hwmissing`). */

/** A screen of the panel: itself, its scope or span reset, a picker, the settings. */
export const panelScreen = callbackCodec('ko', {
  screen: oneOf('home', 'school', 'week', 'classes', 'sheet', 'teachers', 'periods', 'settings'),
});
export type PanelScreen = NonNullable<ReturnType<typeof panelScreen.unpack>>['screen'];
/** The panel narrowed to a class. */
export const pickClass = callbackCodec('kc', { classId: id });
/** The panel narrowed to a teacher. */
export const pickTeacher = callbackCodec('kt', { staffId: id });
/** The panel for a period of the current year. */
export const pickPeriod = callbackCodec('kp', { periodId: id });
/** A figure's list. */
export const figureList = callbackCodec('kf', { figure: oneOf(...FIGURES) });
/** The summary sheet of a class (PDF and CSV). */
export const summarySheet = callbackCodec('ks', { classId: id });
/** The deputy turns the Monday digest or the nudges on or off. */
export const toggleSetting = callbackCodec('kx', { setting: oneOf('digest', 'nudges') });
/** The deputy adds a subject to the ones without homework, or takes it off. */
export const toggleNoHomework = callbackCodec('kh', { subjectId: id });
/** The deputy reminds a teacher of the lessons missing homework or a topic. */
export const nudgeTeacher = callbackCodec('kn', { staffId: id });
