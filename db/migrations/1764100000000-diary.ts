import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The diary: what each account last saw of a child's marks, and files attached to homework. Generated from db/entities/diary.ts. */
export class Diary1764100000000 implements MigrationInterface {
  name = 'Diary1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "diary_seen" ("accountHash" text NOT NULL, "studentId" integer NOT NULL, "seenAt" TIMESTAMP WITH TIME ZONE NOT NULL, "newSince" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7994bc50148eddf4baf2b838e7f" PRIMARY KEY ("accountHash", "studentId"))',
    );
    await q.query(
      'CREATE TABLE "homework_attachment" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "lessonId" integer NOT NULL, "fileName" text NOT NULL, "mimeType" text NOT NULL, "size" integer NOT NULL, "content" bytea NOT NULL, "telegramFileId" text, "createdBy" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_homework_attachment_size" CHECK ("size" >= 0), CONSTRAINT "PK_00890611cc2a4e49a28f0c5b40a" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_homework_attachment_lesson" ON "homework_attachment" ("lessonId") ');
    await q.query(
      'ALTER TABLE "diary_seen" ADD CONSTRAINT "fk_diary_seen_accountHash" FOREIGN KEY ("accountHash") REFERENCES "account"("accountHash") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "diary_seen" ADD CONSTRAINT "fk_diary_seen_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "homework_attachment" ADD CONSTRAINT "fk_homework_attachment_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "homework_attachment" ADD CONSTRAINT "fk_homework_attachment_lessonId" FOREIGN KEY ("lessonId") REFERENCES "lesson"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS "homework_attachment" CASCADE');
    await q.query('DROP TABLE IF EXISTS "diary_seen" CASCADE');
  }
}
