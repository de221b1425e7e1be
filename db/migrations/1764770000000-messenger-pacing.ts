import type { MigrationInterface, QueryRunner } from 'typeorm';

const BODY = (pauseKey: string) => `
      LANGUAGE plpgsql AS $$
      DECLARE
        t timestamptz := clock_timestamp();
        paused timestamptz; g timestamptz; c timestamptz; s timestamptz;
      BEGIN
        SELECT "nextAt" INTO paused FROM notification_throttle WHERE key = ${pauseKey};
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
      END $$`;

/**
 * MAX beside Telegram in the send pacing (issue 20): the pause after a 429 is per messenger (MAX's 429
 * holds MAX's sends only), so notification_acquire takes the pause key ('pause' for Telegram,
 * 'pause:max' for MAX). The lanes ('global', 'paid', 'max') and chat keys come from the caller.
 */
export class MessengerPacing1764770000000 implements MigrationInterface {
  name = 'MessengerPacing1764770000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP FUNCTION notification_acquire(text, double precision, double precision, double precision, text)',
    );
    await q.query(`CREATE FUNCTION notification_acquire(p_chat text, p_global_ms double precision, p_lookahead_ms double precision, p_lease_ms double precision, p_lane text, p_pause text, OUT state text, OUT wait_ms integer)
      ${BODY('p_pause')}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP FUNCTION notification_acquire(text, double precision, double precision, double precision, text, text)',
    );
    await q.query(`CREATE FUNCTION notification_acquire(p_chat text, p_global_ms double precision, p_lookahead_ms double precision, p_lease_ms double precision, p_lane text, OUT state text, OUT wait_ms integer)
      ${BODY("'pause'")}`);
  }
}
