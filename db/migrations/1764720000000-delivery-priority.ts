import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery priority (issue 17): personal news (1) is claimed before bulk (0: announcements, digests), with a
 * share of every batch kept for bulk (core/notifications/priority.ts). The claim reads pending rows of one
 * priority in id order: the partial index serves it. Rows already queued are personal unless their kind is
 * a bulk one.
 */
export class DeliveryPriority1764720000000 implements MigrationInterface {
  name = 'DeliveryPriority1764720000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notification_delivery" ADD "priority" smallint NOT NULL DEFAULT '1'`);
    await q.query(
      `UPDATE "notification_delivery" SET "priority" = 0
        WHERE "status" IN ('pending', 'sending') AND kind IN ('announcement', 'evening', 'weekly', 'forecast', 'periodResults')`,
    );
    await q.query(
      `CREATE INDEX "ix_notification_delivery_claim" ON "notification_delivery" ("priority", "id") WHERE "status" = 'pending'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_notification_delivery_claim"`);
    await q.query(`ALTER TABLE "notification_delivery" DROP COLUMN "priority"`);
  }
}
