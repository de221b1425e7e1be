/**
 * «Сообщить об ошибке» (seed 000 §3.7): a family reports a wrong mark,
 * absence or homework; the subject teacher and the deputy director get it;
 * it is due within one school day. A change of the entry in the journal
 * closes it (found by the sweep comparing the entry with its snapshot), the
 * teacher may answer that the data is right, and an overdue one is
 * escalated to the deputy. Every step is an outbox event.
 */

export * from './types.js';
export * from './entries.js';
export * from './requests.js';
export * from './resolving.js';
