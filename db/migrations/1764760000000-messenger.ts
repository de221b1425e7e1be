import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MAX beside Telegram (issue 20): every stored user or chat id says which messenger it belongs to.
 * Existing rows are Telegram's; an account, an active link and a linked group are unique per
 * (messenger, id), since the same number in the two messengers is two different people or chats.
 */
export class Messenger1764760000000 implements MigrationInterface {
  name = 'Messenger1764760000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const table of ['link', 'account', 'notification_delivery', 'class_group'])
      await q.query(`ALTER TABLE "${table}" ADD "messenger" text NOT NULL DEFAULT 'telegram'`);
    await q.query(`DROP INDEX "public"."ix_link_user_active"`);
    await q.query(
      `CREATE INDEX "ix_link_user_active" ON "link" ("messenger", "telegramUserId") WHERE "revokedAt" IS NULL`,
    );
    await q.query(`ALTER TABLE "account" DROP CONSTRAINT "UQ_73183c3db8505a11754b1a94c64"`);
    await q.query(`CREATE UNIQUE INDEX "uq_account_user" ON "account" ("messenger", "telegramUserId")`);
    await q.query(`DROP INDEX "public"."uq_class_group_chat"`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_class_group_chat" ON "class_group" ("messenger", "chatId") WHERE "unlinkedAt" IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_class_group_chat"`);
    await q.query(`CREATE UNIQUE INDEX "uq_class_group_chat" ON "class_group" ("chatId") WHERE "unlinkedAt" IS NULL`);
    await q.query(`DROP INDEX "public"."uq_account_user"`);
    await q.query(`ALTER TABLE "account" ADD CONSTRAINT "UQ_73183c3db8505a11754b1a94c64" UNIQUE ("telegramUserId")`);
    await q.query(`DROP INDEX "public"."ix_link_user_active"`);
    await q.query(`CREATE INDEX "ix_link_user_active" ON "link" ("telegramUserId") WHERE "revokedAt" IS NULL`);
    for (const table of ['class_group', 'notification_delivery', 'account', 'link'])
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "messenger"`);
  }
}
