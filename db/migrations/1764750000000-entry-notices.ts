import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Teachers told about their entries for the school's e-journal (issue 18): when an entry waited longer than
 * FEED_STALE_MINUTES, the teacher is told once — `staleToldAt` records that it was, so no replica tells again.
 */
export class EntryNotices1764750000000 implements MigrationInterface {
  name = 'EntryNotices1764750000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "feed_entry" ADD "staleToldAt" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "feed_entry" DROP COLUMN "staleToldAt"`);
  }
}
