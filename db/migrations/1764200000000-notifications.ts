import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: deliveries (one row per message and chat, unique dedupe key), preferences per
 * account and child, account settings (quiet hours), the evening-digest queue, scheduled-run
 * slots, and send pacing for PostgreSQL-only installs. Generated from db/entities/notifications.ts;
 * the pacing function notification_acquire() added by hand (docs/notifications.md).
 */
export class Notifications1764200000000 implements MigrationInterface {
  name = 'Notifications1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "notification_delivery" ("id" BIGSERIAL NOT NULL, "schoolId" integer NOT NULL, "dedupeKey" text NOT NULL, "eventId" bigint, "kind" text NOT NULL, "chatId" bigint NOT NULL, "linkId" integer, "studentId" integer, "text" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "notBefore" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "lastError" text, "claimedBy" integer, "claimedAt" TIMESTAMP WITH TIME ZONE, "sentAt" TIMESTAMP WITH TIME ZONE, "telegramMessageId" bigint, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_delivery_status" CHECK ("status" IN ('pending','sending','sent','failed','blocked','cancelled')), CONSTRAINT "PK_109dea88c25343da49d86de6bfd" PRIMARY KEY ("id"))`,
    );
    await q.query('CREATE UNIQUE INDEX "uq_notification_delivery_dedupe" ON "notification_delivery" ("dedupeKey") ');
    await q.query(
      `CREATE INDEX "ix_notification_delivery_due" ON "notification_delivery" ("notBefore") WHERE "status" = 'pending'`,
    );
    await q.query(
      `CREATE INDEX "ix_notification_delivery_open_chat" ON "notification_delivery" ("chatId") WHERE "status" IN ('pending', 'sending')`,
    );
    await q.query('CREATE INDEX "ix_notification_delivery_status" ON "notification_delivery" ("status", "updatedAt") ');
    await q.query(
      'CREATE TABLE "notification_preference" ("accountHash" text NOT NULL, "studentId" integer NOT NULL, "modes" jsonb NOT NULL, "averageBelow" numeric(3,2), "absenceStreak" integer, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_preference_average" CHECK ("averageBelow" IS NULL OR "averageBelow" BETWEEN 2 AND 5), CONSTRAINT "ck_notification_preference_streak" CHECK ("absenceStreak" IS NULL OR "absenceStreak" BETWEEN 1 AND 20), CONSTRAINT "PK_bfef236ab81edd393160e92fb4e" PRIMARY KEY ("accountHash", "studentId"))',
    );
    await q.query(
      'CREATE TABLE "notification_setting" ("accountHash" text NOT NULL, "quietHours" text, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2bc8e6a25202dbba5843c5dfc14" PRIMARY KEY ("accountHash"))',
    );
    await q.query(
      'CREATE TABLE "notification_digest_item" ("id" BIGSERIAL NOT NULL, "dedupeKey" text NOT NULL, "schoolId" integer NOT NULL, "linkId" integer NOT NULL, "chatId" bigint NOT NULL, "studentId" integer NOT NULL, "kind" text NOT NULL, "line" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "digestedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2ce7be6408c9bc9c0942c425d41" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_notification_digest_item_dedupe" ON "notification_digest_item" ("dedupeKey") ',
    );
    await q.query(
      'CREATE INDEX "ix_notification_digest_item_open" ON "notification_digest_item" ("linkId") WHERE "digestedAt" IS NULL',
    );
    await q.query(
      'CREATE TABLE "scheduled_run" ("job" text NOT NULL, "slot" text NOT NULL, "claimedBy" text NOT NULL, "claimedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "finishedAt" TIMESTAMP WITH TIME ZONE, "outcome" jsonb, CONSTRAINT "PK_db39f9fdc35d698d13a9130c599" PRIMARY KEY ("job", "slot"))',
    );
    await q.query(
      'CREATE TABLE "notification_throttle" ("key" text NOT NULL, "nextAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_fdf57583bd113b9309a9e56fb87" PRIMARY KEY ("key"))',
    );
    await q.query(
      'ALTER TABLE "notification_delivery" ADD CONSTRAINT "fk_notification_delivery_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "notification_delivery" ADD CONSTRAINT "fk_notification_delivery_linkId" FOREIGN KEY ("linkId") REFERENCES "link"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "notification_delivery" ADD CONSTRAINT "fk_notification_delivery_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "notification_preference" ADD CONSTRAINT "fk_notification_preference_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "notification_digest_item" ADD CONSTRAINT "fk_notification_digest_item_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "notification_digest_item" ADD CONSTRAINT "fk_notification_digest_item_linkId" FOREIGN KEY ("linkId") REFERENCES "link"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "notification_digest_item" ADD CONSTRAINT "fk_notification_digest_item_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // One round trip per send decides when it may go: the 429 pause, the chat's own pace (and
    // whether a send to it is in flight), and the global rate. Locks 'global' before the chat row.
    await q.query(`CREATE FUNCTION notification_acquire(p_chat text, p_global_ms double precision, p_lookahead_ms double precision, p_lease_ms double precision, OUT state text, OUT wait_ms integer)
      LANGUAGE plpgsql AS $$
      DECLARE
        t timestamptz := clock_timestamp();
        paused timestamptz; g timestamptz; c timestamptz; s timestamptz;
      BEGIN
        SELECT "nextAt" INTO paused FROM notification_throttle WHERE key = 'pause';
        IF paused IS NOT NULL AND paused > t THEN
          state := 'paused'; wait_ms := GREATEST(1, ceil(extract(epoch FROM paused - t) * 1000))::integer; RETURN;
        END IF;
        INSERT INTO notification_throttle (key, "nextAt") VALUES ('global', t), (p_chat, t) ON CONFLICT (key) DO NOTHING;
        SELECT "nextAt" INTO g FROM notification_throttle WHERE key = 'global' FOR UPDATE;
        SELECT "nextAt" INTO c FROM notification_throttle WHERE key = p_chat FOR UPDATE;
        IF c > t THEN
          state := 'chat'; wait_ms := GREATEST(1, ceil(extract(epoch FROM c - t) * 1000))::integer; RETURN;
        END IF;
        s := GREATEST(t, g);
        IF s > t + p_lookahead_ms * interval '1 millisecond' THEN
          state := 'wait'; wait_ms := GREATEST(1, ceil(extract(epoch FROM s - t) * 1000 - p_lookahead_ms))::integer; RETURN;
        END IF;
        UPDATE notification_throttle SET "nextAt" = s + p_global_ms * interval '1 millisecond' WHERE key = 'global';
        UPDATE notification_throttle SET "nextAt" = s + p_lease_ms * interval '1 millisecond' WHERE key = p_chat;
        state := 'go'; wait_ms := floor(extract(epoch FROM s - t) * 1000)::integer;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP FUNCTION IF EXISTS notification_acquire(text, double precision, double precision, double precision)',
    );
    await q.query('DROP TABLE IF EXISTS "notification_throttle"');
    await q.query('DROP TABLE IF EXISTS "scheduled_run"');
    await q.query('DROP TABLE IF EXISTS "notification_digest_item"');
    await q.query('DROP TABLE IF EXISTS "notification_setting"');
    await q.query('DROP TABLE IF EXISTS "notification_preference"');
    await q.query('DROP TABLE IF EXISTS "notification_delivery"');
  }
}
