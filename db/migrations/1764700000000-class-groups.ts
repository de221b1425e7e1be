import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where classes already talk (issue 19): the class's group chat linked by its class teacher
 * (`class_group`, one active per class and per chat), the one-time codes that link it
 * (`class_group_code`, hashes only), deliveries to a group (`notification_delivery.classGroupId`), the
 * student's homework ticks (`homework_done`) and their reminder time (`checklist_reminder`).
 * Generated from db/entities/class-groups.ts and notifications.ts.
 */
export class ClassGroups1764700000000 implements MigrationInterface {
  name = 'ClassGroups1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "class_group" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "classId" integer NOT NULL, "chatId" bigint NOT NULL, "title" text NOT NULL, "botUsername" text NOT NULL, "linkedByStaffId" integer, "linkedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "unlinkedAt" TIMESTAMP WITH TIME ZONE, "inactiveReason" text, "mirrorAnnouncements" boolean NOT NULL DEFAULT true, "eveningPost" boolean NOT NULL DEFAULT true, "onRequest" boolean NOT NULL DEFAULT true, "answers" jsonb, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_434f602c23a1a713bca10d8101e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_class_group_class" ON "class_group"("classId") WHERE "unlinkedAt" IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_class_group_chat" ON "class_group"("chatId") WHERE "unlinkedAt" IS NULL`);
    await q.query(
      `CREATE TABLE "class_group_code" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "classId" integer NOT NULL, "staffId" integer NOT NULL, "codeHash" text NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "usedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d2ba8276187d18809807683e11b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_class_group_code_hash" ON "class_group_code"("codeHash")`);
    await q.query(
      `CREATE TABLE "homework_done" ("studentId" integer NOT NULL, "lessonId" integer NOT NULL, "doneAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_828579918c6555d9f29b96d6119" PRIMARY KEY ("studentId", "lessonId"))`,
    );
    await q.query(
      `CREATE TABLE "checklist_reminder" ("studentId" integer NOT NULL, "time" text NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_checklist_reminder_time" CHECK ("time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'), CONSTRAINT "PK_ccd86e77218276903753df08f56" PRIMARY KEY ("studentId"))`,
    );
    await q.query(`ALTER TABLE "notification_delivery" ADD "classGroupId" integer`);
    await q.query(
      `ALTER TABLE "notification_delivery" ADD CONSTRAINT "fk_notification_delivery_classGroupId" FOREIGN KEY ("classGroupId") REFERENCES "class_group"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "class_group" ADD CONSTRAINT "fk_class_group_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "class_group" ADD CONSTRAINT "fk_class_group_classId" FOREIGN KEY ("classId") REFERENCES "school_class"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "class_group" ADD CONSTRAINT "fk_class_group_linkedByStaffId" FOREIGN KEY ("linkedByStaffId") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "class_group_code" ADD CONSTRAINT "fk_class_group_code_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "class_group_code" ADD CONSTRAINT "fk_class_group_code_classId" FOREIGN KEY ("classId") REFERENCES "school_class"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "class_group_code" ADD CONSTRAINT "fk_class_group_code_staffId" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "homework_done" ADD CONSTRAINT "fk_homework_done_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "homework_done" ADD CONSTRAINT "fk_homework_done_lessonId" FOREIGN KEY ("lessonId") REFERENCES "lesson"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "checklist_reminder" ADD CONSTRAINT "fk_checklist_reminder_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "checklist_reminder" DROP CONSTRAINT "fk_checklist_reminder_studentId"`);
    await q.query(`ALTER TABLE "homework_done" DROP CONSTRAINT "fk_homework_done_lessonId"`);
    await q.query(`ALTER TABLE "homework_done" DROP CONSTRAINT "fk_homework_done_studentId"`);
    await q.query(`ALTER TABLE "class_group_code" DROP CONSTRAINT "fk_class_group_code_staffId"`);
    await q.query(`ALTER TABLE "class_group_code" DROP CONSTRAINT "fk_class_group_code_classId"`);
    await q.query(`ALTER TABLE "class_group_code" DROP CONSTRAINT "fk_class_group_code_schoolId"`);
    await q.query(`ALTER TABLE "class_group" DROP CONSTRAINT "fk_class_group_linkedByStaffId"`);
    await q.query(`ALTER TABLE "class_group" DROP CONSTRAINT "fk_class_group_classId"`);
    await q.query(`ALTER TABLE "class_group" DROP CONSTRAINT "fk_class_group_schoolId"`);
    await q.query(`ALTER TABLE "notification_delivery" DROP CONSTRAINT "fk_notification_delivery_classGroupId"`);
    await q.query(`ALTER TABLE "notification_delivery" DROP COLUMN "classGroupId"`);
    await q.query(`DROP TABLE "checklist_reminder"`);
    await q.query(`DROP TABLE "homework_done"`);
    await q.query(`DROP INDEX "public"."uq_class_group_code_hash"`);
    await q.query(`DROP TABLE "class_group_code"`);
    await q.query(`DROP INDEX "public"."uq_class_group_chat"`);
    await q.query(`DROP INDEX "public"."uq_class_group_class"`);
    await q.query(`DROP TABLE "class_group"`);
  }
}
