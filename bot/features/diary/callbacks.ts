import { callbackCodec, day, id, oneOf } from '../../callback-codec.js';

/** The diary's buttons. Each keeps its old two-letter prefix, so the data of buttons already sent stays valid. */

/** «👤 <other child>» under a diary view: the same view for that child (the account feature's switch elsewhere). */
export const childSwitch = callbackCodec('ch', { studentId: id });
/** The marks of a period (the overview). */
export const marksPeriod = callbackCodec('dm', { periodId: id });
/** One subject's page, for the period the pressed message shows. */
export const subjectPage = callbackCodec('dj', { subjectId: id });
/** Every period mark of the year: `dy:year`. */
export const summaryPage = callbackCodec('dy', { view: oneOf('year') });
/** The chart (a PNG) of a period's weekly averages. */
export const marksChart = callbackCodec('dg', { periodId: id });
/** How averages and period marks are computed: `dr:rules`. */
export const rulesPage = callbackCodec('dr', { view: oneOf('rules') });
export const homeworkDay = callbackCodec('dh', { day });
export const homeworkWeek = callbackCodec('dk', { day });
/** A homework's files, sent as files. */
export const homeworkFiles = callbackCodec('df', { lessonId: id });
export const scheduleDay = callbackCodec('ds', { day });
export const scheduleWeek = callbackCodec('dw', { day });
/** The absences of a period. */
export const absencesPeriod = callbackCodec('da', { periodId: id });

/** Every diary button (a press of any is a look at the diary: bot/features/desk/visits.ts). */
export const DIARY_BUTTONS = [
  childSwitch,
  marksPeriod,
  subjectPage,
  summaryPage,
  marksChart,
  rulesPage,
  homeworkDay,
  homeworkWeek,
  homeworkFiles,
  scheduleDay,
  scheduleWeek,
  absencesPeriod,
] as const;
