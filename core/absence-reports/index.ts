/**
 * Absence reports (seed 000 §3.9, §3.5): a guardian tells the class teacher
 * the child will miss (or missed) school for a valid reason, with a справка
 * now or later; the class teacher accepts (the attendance of those lessons is
 * recorded with the reason through core/journal, and the family gets no
 * absence alert for them) or rejects with a comment. Every step is one
 * transaction with its outbox event; the messages are sent by the delivery
 * worker (handlers in ./notify.ts).
 */

export * from './types.js';
export * from './queries.js';
export * from './checks.js';
export * from './filing.js';
export * from './decision.js';
export * from './sweep.js';
