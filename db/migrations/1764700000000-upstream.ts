import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One journal, two writers (issue 18): each school's journal of record — `internal` (this system) or
 * `external` (the school's e-journal, which feeds us and receives teachers' entries).
 *
 * Existing schools become `internal`, except the ones already fed: a school with a `feed_state` row
 * has had FEED_SCHOOLS pointing at it, so its e-journal is the record and it becomes `external`.
 * (A school named in FEED_SCHOOLS that never connected stays `internal`, and the worker refuses to
 * start its feed with a message naming `cli school set --journal external`.)
 */
export class Upstream1764700000000 implements MigrationInterface {
  name = 'Upstream1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "school" ADD "journal" text NOT NULL DEFAULT 'internal'`);
    await q.query(
      `ALTER TABLE "school" ADD CONSTRAINT "ck_school_journal" CHECK ("journal" IN ('internal','external'))`,
    );
    await q.query(`UPDATE "school" SET "journal" = 'external' WHERE id IN (SELECT "schoolId" FROM "feed_state")`);
    await q.query(`ALTER TABLE "feed_state" ADD "protocolVersion" integer`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "feed_state" DROP COLUMN "protocolVersion"`);
    await q.query(`ALTER TABLE "school" DROP CONSTRAINT "ck_school_journal"`);
    await q.query(`ALTER TABLE "school" DROP COLUMN "journal"`);
  }
}
