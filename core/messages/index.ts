/**
 * Threads between a family account (about one child) and a staff member
 * (seed 000 §1.12–1.14: a question asked in the journal is answered in it).
 * Each message is a row and a `thread.message` event; the delivery worker
 * brings it to the other side (to the teacher when their office hours begin).
 * Only the two sides read a thread; the director may, each opening audited.
 */

export * from './types.js';
export * from './contacts.js';
export * from './office-hours.js';
export * from './threads.js';
export * from './sending.js';
export * from './reading.js';
