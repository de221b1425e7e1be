import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox event held for the school's e-journal (a teacher's entry not yet accepted: `availableAt` at
 * core/feed/entries/mode.ts HELD_UNTIL) wakes no worker when written: nothing can be done with it until
 * it is released, and releasing wakes the worker (answers.ts wakeOutbox). A NOTIFY costs more than a
 * wake: PostgreSQL commits notifying transactions one at a time, so every teacher's save queued behind
 * the feed's. Every other event still notifies as before.
 */
export class HeldEventsQuiet1764800000000 implements MigrationInterface {
  name = 'HeldEventsQuiet1764800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_outbox_notify ON "outbox"`);
    await q.query(
      `CREATE TRIGGER trg_outbox_notify AFTER INSERT ON "outbox" FOR EACH ROW
         WHEN (NEW."availableAt" < '9999-01-01') EXECUTE FUNCTION outbox_notify()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_outbox_notify ON "outbox"`);
    await q.query(
      `CREATE TRIGGER trg_outbox_notify AFTER INSERT ON "outbox" FOR EACH ROW EXECUTE FUNCTION outbox_notify()`,
    );
  }
}
