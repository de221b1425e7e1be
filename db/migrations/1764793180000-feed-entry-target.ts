import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sending a teacher's entry looks up the last accepted entry for the same row (the version the e-journal gave
 * it, core/feed/entries/sending.ts claimNext) once per entry claimed: without an index that is a scan of every
 * entry the school ever made, growing all year.
 */
export class FeedEntryTarget1764793180000 implements MigrationInterface {
  name = 'FeedEntryTarget1764793180000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_feed_entry_target" ON "feed_entry" ("targetType", "targetId", "id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_feed_entry_target"`);
  }
}
