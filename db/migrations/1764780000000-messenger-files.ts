import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files across messengers (issue 20): a MAX file's download address and the ids a file got in the other
 * messenger, so a Telegram справка reaches a class teacher in MAX (and back) uploaded once per messenger.
 */
export class MessengerFiles1764780000000 implements MigrationInterface {
  name = 'MessengerFiles1764780000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "messenger_file" ("fileId" text NOT NULL, "maxUrl" text, "fileName" text, "telegramCopy" text, "maxCopy" text, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f075d5b82fe790fe6942500919f" PRIMARY KEY ("fileId"))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "messenger_file"`);
  }
}
