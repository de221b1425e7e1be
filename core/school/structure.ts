/**
 * Writes of the school's structure (years, periods, classes, people, subjects),
 * used by the demo seed, the CSV import and the journal feed. Each upserts by
 * its natural key or external id, so running an import twice changes nothing.
 * Callers pass the EntityManager of their own transaction.
 */
export * from './school-year.js';
export * from './classes.js';
export * from './people.js';
export * from './subjects.js';
