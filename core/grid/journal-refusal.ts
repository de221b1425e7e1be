import { DomainError } from '../errors.js';
import type { WriteResult } from './types.js';

/**
 * The write, or — when the school's e-journal is the journal of record and
 * cannot take the entry (a read-only feed, a lesson or student it does not
 * know) — the cell's refusal with that reason; the transaction is rolled back
 * and nothing is written.
 */
export async function journalRefused(write: () => Promise<WriteResult>): Promise<WriteResult> {
  try {
    return await write();
  } catch (e) {
    if (e instanceof DomainError && (e.code === 'journalReadOnly' || e.code === 'notInJournal'))
      return { refused: 'closed', reason: e.code };
    throw e;
  }
}
