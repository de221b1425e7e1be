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
export class Upstream1764740000000 implements MigrationInterface {
  name = 'Upstream1764740000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "school" ADD "journal" text NOT NULL DEFAULT 'internal'`);
    await q.query(
      `ALTER TABLE "school" ADD CONSTRAINT "ck_school_journal" CHECK ("journal" IN ('internal','external'))`,
    );
    await q.query(`UPDATE "school" SET "journal" = 'external' WHERE id IN (SELECT "schoolId" FROM "feed_state")`);
    await q.query(`ALTER TABLE "feed_state" ADD "protocolVersion" integer`);
    await q.query(
      `CREATE TABLE "feed_entry" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "clientId" text NOT NULL, "lane" text NOT NULL, "kind" text NOT NULL, "staffId" integer, "lessonId" integer, "targetType" text NOT NULL, "targetId" integer, "message" jsonb NOT NULL, "before" jsonb, "after" jsonb NOT NULL, "heldEvents" jsonb NOT NULL DEFAULT '[]', "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "nextAttemptAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sentAt" TIMESTAMP WITH TIME ZONE, "answeredAt" TIMESTAMP WITH TIME ZONE, "code" text, "reason" text, "theirs" jsonb, "externalId" text, "version" bigint, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_feed_entry_clientId" UNIQUE ("clientId"), CONSTRAINT "ck_feed_entry_status" CHECK ("status" IN ('queued','sent','accepted','applied','rejected','conflict')), CONSTRAINT "PK_feed_entry" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_feed_entry_open" ON "feed_entry" ("schoolId", "lane", "id") WHERE "status" IN ('queued','sent')`,
    );
    await q.query(`CREATE INDEX "ix_feed_entry_lesson" ON "feed_entry" ("lessonId", "id") `);
    await q.query(
      `ALTER TABLE "feed_entry" ADD CONSTRAINT "fk_feed_entry_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "feed_entry"`);
    await q.query(`ALTER TABLE "feed_state" DROP COLUMN "protocolVersion"`);
    await q.query(`ALTER TABLE "school" DROP CONSTRAINT "ck_school_journal"`);
    await q.query(`ALTER TABLE "school" DROP COLUMN "journal"`);
  }
}
