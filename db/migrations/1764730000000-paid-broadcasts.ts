import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paid broadcasts (issue 17): the Stars spent per day, shared by every worker (core/notifications/paid-budget.ts),
 * and the pacing function with a lane: the free rate's slots ('global') or the paid one's ('paid').
 */
export class PaidBroadcasts1764730000000 implements MigrationInterface {
  name = 'PaidBroadcasts1764730000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "notification_paid_spend" ("day" date NOT NULL, "messages" integer NOT NULL DEFAULT '0', "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b75068110d242aecdf9f74fba57" PRIMARY KEY ("day"))`,
    );
    await q.query(`CREATE FUNCTION notification_acquire(p_chat text, p_global_ms double precision, p_lookahead_ms double precision, p_lease_ms double precision, p_lane text, OUT state text, OUT wait_ms integer)
      LANGUAGE plpgsql AS $$
      DECLARE
        t timestamptz := clock_timestamp();
        paused timestamptz; g timestamptz; c timestamptz; s timestamptz;
      BEGIN
        SELECT "nextAt" INTO paused FROM notification_throttle WHERE key = 'pause';
        IF paused IS NOT NULL AND paused > t THEN
          state := 'paused'; wait_ms := GREATEST(1, ceil(extract(epoch FROM paused - t) * 1000))::integer; RETURN;
        END IF;
        INSERT INTO notification_throttle (key, "nextAt") VALUES (p_lane, t), (p_chat, t) ON CONFLICT (key) DO NOTHING;
        SELECT "nextAt" INTO g FROM notification_throttle WHERE key = p_lane FOR UPDATE;
        SELECT "nextAt" INTO c FROM notification_throttle WHERE key = p_chat FOR UPDATE;
        IF c > t THEN
          state := 'chat'; wait_ms := GREATEST(1, ceil(extract(epoch FROM c - t) * 1000))::integer; RETURN;
        END IF;
        s := GREATEST(t, g);
        IF s > t + p_lookahead_ms * interval '1 millisecond' THEN
          state := 'wait'; wait_ms := GREATEST(1, ceil(extract(epoch FROM s - t) * 1000 - p_lookahead_ms))::integer; RETURN;
        END IF;
        UPDATE notification_throttle SET "nextAt" = s + p_global_ms * interval '1 millisecond' WHERE key = p_lane;
        UPDATE notification_throttle SET "nextAt" = s + p_lease_ms * interval '1 millisecond' WHERE key = p_chat;
        state := 'go'; wait_ms := floor(extract(epoch FROM s - t) * 1000)::integer;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP FUNCTION IF EXISTS notification_acquire(text, double precision, double precision, double precision, text)',
    );
    await q.query(`DROP TABLE "notification_paid_spend"`);
  }
}
