import { randomUUID } from 'node:crypto';
import { DomainError } from '../../errors.js';
import type { Db, EventOptions } from '../../unit-of-work.js';

/**
 * Whether a teacher's entry goes to the school's e-journal (issue 18): an
 * `internal` school writes as before; an `external` one writes the local
 * change with its notifications held and queues the entry, unless its
 * e-journal speaks only protocol v1 (read-only: the entry is refused here).
 */

/**
 * Held outbox events wait until this moment: released (made due) when the e-journal accepts the entry.
 * Written so, they wake no worker (migration 1764800000000: the outbox trigger skips them).
 */
export const HELD_UNTIL = new Date('9999-12-31T00:00:00Z');

/** The school's e-journal takes no entries (its feed speaks protocol v1): enter it there. */
export class JournalReadOnlyError extends DomainError {
  constructor() {
    super('journalReadOnly', "the school e-journal's feed is read-only (protocol v1): entries are not sent to it");
  }
}

/** An entry the e-journal cannot be told about: the lesson, student or work kind has no id there. */
export class NotInJournalError extends DomainError {
  constructor(what: string) {
    super('notInJournal', `${what} has no external id in the school e-journal`);
  }
}

export interface Upstream {
  /** Options for the local write: its outbox events held, their ids collected. */
  opts: EventOptions & { collect: string[] };
}

/** null for an internal school; throws JournalReadOnlyError when the school's e-journal is read-only. */
export async function upstreamFor(em: Db, schoolId: number): Promise<Upstream | null> {
  const [row] = await em.query(
    `SELECT s.journal, f."protocolVersion" FROM school s LEFT JOIN feed_state f ON f."schoolId" = s.id WHERE s.id = $1`,
    [schoolId],
  );
  if (row?.journal !== 'external') return null;
  if (row.protocolVersion === 1) throw new JournalReadOnlyError();
  return { opts: { availableAt: HELD_UNTIL, collect: [] } };
}

/** A new client id: unique for ever, kept on every resubmission. */
export const newClientId = () => `e-${randomUUID().replace(/-/g, '')}`;
