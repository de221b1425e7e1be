import { ENTITY_TYPES, type CandidateView } from '../../../core/corrections/index.js';
import { callbackCodec, day, either, id, oneOf } from '../../callback-codec.js';

/**
 * The buttons of correction requests: «⚠️ Сообщить об ошибке» under a diary
 * view (el), an entry of that view (ee); the teacher's answer on a delivered
 * request (the delivery worker writes `eo:<id>` and `ek:<id>`,
 * core/corrections/notify.ts): corrected (eo), the data is right (ek).
 */

/** The view a report starts from: `el:marks.<subjectId>`, `el:absences.<periodId>`, `el:homework.<YYYYMMDD>`. */
export const reportFrom = callbackCodec('el', { view: oneOf('marks', 'absences', 'homework'), ref: either(day, id) });
/** One entry of the view: `ee:mark.<markId>`, `ee:attendance.<attendanceId>`, `ee:homework.<lessonId>`. */
export const pickEntry = callbackCodec('ee', { type: oneOf(...ENTITY_TYPES), id });
export const corrected = callbackCodec('eo', { requestId: id });
export const dataRight = callbackCodec('ek', { requestId: id });

type ReportFrom = NonNullable<ReturnType<typeof reportFrom.unpack>>;

/** The button's data for a diary view. */
export function reportFromData(v: CandidateView): string {
  if (v.kind === 'homework') return reportFrom.pack({ view: 'homework', ref: v.date });
  return reportFrom.pack({ view: v.kind, ref: v.kind === 'marks' ? v.subjectId : v.periodId });
}

/** The diary view of a pressed button; null when its reference is not of the view's kind. */
export function viewOf(v: ReportFrom): CandidateView | null {
  if (v.view === 'homework') return typeof v.ref === 'string' ? { kind: 'homework', date: v.ref } : null;
  // An id of eight digits can read as a day: it is still the id on the wire.
  const n = typeof v.ref === 'number' ? v.ref : id.decode(v.ref.replaceAll('-', ''));
  if (n === undefined) return null;
  return v.view === 'marks' ? { kind: 'marks', subjectId: n } : { kind: 'absences', periodId: n };
}
