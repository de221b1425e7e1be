import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The journal feed: per-school state and lease, the e-journal's entity versions, dead letters (docs/journal-feed.md). */
export class Feed1764300000000 implements MigrationInterface {
  name = 'Feed1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "feed_state" ("schoolId" integer NOT NULL, "lastSeq" bigint NOT NULL DEFAULT '0', "head" bigint NOT NULL DEFAULT '0', "status" text NOT NULL, "liveSince" TIMESTAMP WITH TIME ZONE, "syncedAt" TIMESTAMP WITH TIME ZONE, "lastEventAt" TIMESTAMP WITH TIME ZONE, "lastError" text, "holder" text, "leaseUntil" TIMESTAMP WITH TIME ZONE, "downNotifiedAt" TIMESTAMP WITH TIME ZONE, "resyncRequested" boolean NOT NULL DEFAULT false, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_feed_state_status" CHECK ("status" IN ('connecting','snapshot','live','down','authFailed')), CONSTRAINT "PK_0785c69fe901d4eda30f4109f54" PRIMARY KEY ("schoolId"))`,
    );
    await q.query(
      'CREATE TABLE "feed_version" ("schoolId" integer NOT NULL, "kind" text NOT NULL, "externalId" text NOT NULL, "version" bigint NOT NULL, "changedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a18e4e98934614bef4720ef436e" PRIMARY KEY ("schoolId", "kind", "externalId"))',
    );
    await q.query(
      'CREATE TABLE "feed_dead_letter" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "seq" bigint, "eventId" text, "type" text, "externalId" text, "reason" text NOT NULL, "message" text NOT NULL, "receivedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_49607de27ea939d7418138c7061" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_feed_dead_letter_school" ON "feed_dead_letter" ("schoolId", "receivedAt") ');
    await q.query(
      'ALTER TABLE "feed_state" ADD CONSTRAINT "fk_feed_state_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "feed_version" ADD CONSTRAINT "fk_feed_version_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "feed_dead_letter" ADD CONSTRAINT "fk_feed_dead_letter_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "feed_dead_letter" DROP CONSTRAINT "fk_feed_dead_letter_schoolId"');
    await q.query('ALTER TABLE "feed_version" DROP CONSTRAINT "fk_feed_version_schoolId"');
    await q.query('ALTER TABLE "feed_state" DROP CONSTRAINT "fk_feed_state_schoolId"');
    await q.query('DROP INDEX "public"."ix_feed_dead_letter_school"');
    await q.query('DROP TABLE "feed_dead_letter"');
    await q.query('DROP TABLE "feed_version"');
    await q.query('DROP TABLE "feed_state"');
  }
}
