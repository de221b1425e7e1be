import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At-least-once webhook updates (issue 17): the ledger of claimed and handled updates when Redis is not
 * configured (db/stores/update-ledger.ts), and the chat update that wrote an absence report or a message
 * to a teacher, so a copy of that update handled again (after a replica died mid-update) writes nothing new.
 */
export class UpdateReceipts1764710000000 implements MigrationInterface {
  name = 'UpdateReceipts1764710000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "update_receipt" ("key" text NOT NULL, "holder" text NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1bba7cf0848e0cc03e6fc3ecb53" PRIMARY KEY ("key"))`,
    );
    await q.query(`CREATE INDEX "ix_update_receipt_until" ON "update_receipt" ("until")`);
    await q.query(`ALTER TABLE "absence_report" ADD "sourceKey" text`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_absence_report_source" ON "absence_report" ("sourceKey") WHERE "sourceKey" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "thread_message" ADD "sourceKey" text`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_thread_message_source" ON "thread_message" ("sourceKey") WHERE "sourceKey" IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "uq_thread_message_source"`);
    await q.query(`ALTER TABLE "thread_message" DROP COLUMN "sourceKey"`);
    await q.query(`DROP INDEX "uq_absence_report_source"`);
    await q.query(`ALTER TABLE "absence_report" DROP COLUMN "sourceKey"`);
    await q.query(`DROP TABLE "update_receipt"`);
  }
}
