import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Production hardening (issue 14): hashes carry the version of the key that made them (`keyId` on
 * invitations and accounts; rows from before are stamped at the first start with the key it runs with,
 * app.ts → adoptUnversionedHashes), and bot tokens that network errors had written into stored error
 * texts are scrubbed (core/redact.ts keeps new ones out).
 */
export class Hardening1764600000000 implements MigrationInterface {
  name = 'Hardening1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "invitation" ADD "keyId" text`);
    await q.query(`ALTER TABLE "account" ADD "keyId" text`);
    for (const table of ['notification_delivery', 'outbox'])
      await q.query(
        `UPDATE "${table}" SET "lastError" = regexp_replace("lastError", '/bot[0-9]+:[A-Za-z0-9_-]+', '/bot[redacted]', 'g')
          WHERE "lastError" ~ '/bot[0-9]+:'`,
      );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "account" DROP COLUMN "keyId"`);
    await q.query(`ALTER TABLE "invitation" DROP COLUMN "keyId"`);
  }
}
