import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * School ↔ family (issue 8): absence reports, threads and their messages, office hours, consultations,
 * correction requests, announcements with recipients, diary visits; deliveries carry buttons and files
 * (`notification_delivery.extra`). Generated from db/entities/family.ts and notifications.ts.
 */
export class SchoolFamily1764500000000 implements MigrationInterface {
  name = 'SchoolFamily1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "absence_report" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "studentId" integer NOT NULL, "accountHash" text NOT NULL, "guardianId" integer, "fromDate" date NOT NULL, "toDate" date NOT NULL, "lessonIds" jsonb, "reason" text NOT NULL, "reasonText" text, "certificateFileId" text, "certificateKind" text, "certificateAt" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL DEFAULT 'pending', "decidedBy" integer, "decidedAt" TIMESTAMP WITH TIME ZONE, "decisionComment" text, "remindedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_absence_report_status" CHECK ("status" IN ('pending','accepted','rejected')), CONSTRAINT "ck_absence_report_reason" CHECK ("reason" IN ('illness','family','other')), CONSTRAINT "ck_absence_report_dates" CHECK ("fromDate" <= "toDate"), CONSTRAINT "ck_absence_report_certificate" CHECK ("certificateKind" IS NULL OR "certificateKind" IN ('photo','document')), CONSTRAINT "PK_cb28eaa61c39838dab6bc554c7a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_absence_report_student" ON "absence_report" ("studentId", "fromDate")`);
    await q.query(`CREATE INDEX "ix_absence_report_open" ON "absence_report" ("schoolId", "status")`);
    await q.query(
      `CREATE TABLE "thread" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "studentId" integer NOT NULL, "staffId" integer NOT NULL, "accountHash" text NOT NULL, "familyRole" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lastMessageAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_thread_family_role" CHECK ("familyRole" IN ('guardian','student')), CONSTRAINT "PK_cabc0f3f27d7b1c70cf64623e02" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_thread_sides" ON "thread" ("studentId", "staffId", "accountHash")`);
    await q.query(`CREATE INDEX "ix_thread_staff" ON "thread" ("staffId", "lastMessageAt")`);
    await q.query(`CREATE INDEX "ix_thread_account" ON "thread" ("accountHash", "lastMessageAt")`);
    await q.query(
      `CREATE TABLE "thread_message" ("id" SERIAL NOT NULL, "threadId" integer NOT NULL, "side" text NOT NULL, "text" text, "fileId" text, "fileKind" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deliverAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "readAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_thread_message_side" CHECK ("side" IN ('family','staff')), CONSTRAINT "ck_thread_message_body" CHECK ("text" IS NOT NULL OR "fileId" IS NOT NULL), CONSTRAINT "PK_93b930acb465111c491d8476563" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_thread_message_thread" ON "thread_message" ("threadId", "id")`);
    await q.query(`CREATE INDEX "ix_thread_message_unread" ON "thread_message" ("threadId") WHERE "readAt" IS NULL`);
    await q.query(
      `CREATE TABLE "office_hours" ("staffId" integer NOT NULL, "days" jsonb NOT NULL, "fromTime" text NOT NULL, "toTime" text NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_15cb0f1b508edec5d17db1cabfb" PRIMARY KEY ("staffId"))`,
    );
    await q.query(
      `CREATE TABLE "consultation" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "studentId" integer NOT NULL, "staffId" integer NOT NULL, "accountHash" text NOT NULL, "proposals" jsonb NOT NULL, "comment" text, "status" text NOT NULL DEFAULT 'pending', "slotAt" TIMESTAMP WITH TIME ZONE, "staffComment" text, "remindedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_consultation_status" CHECK ("status" IN ('pending','accepted','countered','declined')), CONSTRAINT "PK_5203569fac28a4a626c42abe70b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_consultation_staff" ON "consultation" ("staffId", "status")`);
    await q.query(`CREATE INDEX "ix_consultation_slot" ON "consultation" ("slotAt") WHERE "status" = 'accepted'`);
    await q.query(
      `CREATE TABLE "correction_request" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "studentId" integer NOT NULL, "accountHash" text NOT NULL, "entityType" text NOT NULL, "entityId" integer NOT NULL, "teacherId" integer, "comment" text NOT NULL, "snapshot" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'open', "dueAt" TIMESTAMP WITH TIME ZONE NOT NULL, "escalatedAt" TIMESTAMP WITH TIME ZONE, "resolvedAt" TIMESTAMP WITH TIME ZONE, "resolvedBy" text, "answer" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_correction_request_status" CHECK ("status" IN ('open','corrected','confirmed')), CONSTRAINT "ck_correction_request_entity" CHECK ("entityType" IN ('mark','attendance','homework')), CONSTRAINT "PK_f27fae3589d868eb5ebd6f6425d" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_correction_request_open" ON "correction_request" ("dueAt") WHERE "status" = 'open'`,
    );
    await q.query(`CREATE INDEX "ix_correction_request_student" ON "correction_request" ("studentId")`);
    await q.query(
      `CREATE TABLE "announcement" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "authorStaffId" integer, "scope" text NOT NULL, "classId" integer, "grade" integer, "text" text NOT NULL, "fileId" text, "fileKind" text, "urgent" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'scheduled', "sendAt" TIMESTAMP WITH TIME ZONE NOT NULL, "sentAt" TIMESTAMP WITH TIME ZONE, "cancelledAt" TIMESTAMP WITH TIME ZONE, "remindedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_announcement_scope" CHECK ("scope" IN ('class','grade','school')), CONSTRAINT "ck_announcement_status" CHECK ("status" IN ('scheduled','sent','cancelled')), CONSTRAINT "PK_e0ef0550174fd1099a308fd18a0" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_announcement_author" ON "announcement" ("authorStaffId", "createdAt")`);
    await q.query(
      `CREATE TABLE "announcement_recipient" ("announcementId" integer NOT NULL, "linkId" integer NOT NULL, "studentId" integer NOT NULL, "chatId" bigint NOT NULL, "acknowledgedAt" TIMESTAMP WITH TIME ZONE, "remindedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3a67819bebcfb6e4bff39585601" PRIMARY KEY ("announcementId", "linkId"))`,
    );
    await q.query(`CREATE INDEX "ix_announcement_recipient_student" ON "announcement_recipient" ("studentId")`);
    await q.query(
      `CREATE TABLE "diary_visit" ("accountHash" text NOT NULL, "studentId" integer NOT NULL, "day" date NOT NULL, "visits" integer NOT NULL DEFAULT '1', "lastAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_13e070fedbb3cbcfc6c4beb5d26" PRIMARY KEY ("accountHash", "studentId", "day"))`,
    );
    await q.query(`ALTER TABLE "notification_delivery" ADD "extra" jsonb`);
    await q.query(
      `ALTER TABLE "absence_report" ADD CONSTRAINT "fk_absence_report_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "absence_report" ADD CONSTRAINT "fk_absence_report_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "absence_report" ADD CONSTRAINT "fk_absence_report_guardianId" FOREIGN KEY ("guardianId") REFERENCES "guardian"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "absence_report" ADD CONSTRAINT "fk_absence_report_decidedBy" FOREIGN KEY ("decidedBy") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "thread" ADD CONSTRAINT "fk_thread_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "thread" ADD CONSTRAINT "fk_thread_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "thread" ADD CONSTRAINT "fk_thread_staffId" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "thread_message" ADD CONSTRAINT "fk_thread_message_threadId" FOREIGN KEY ("threadId") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "office_hours" ADD CONSTRAINT "fk_office_hours_staffId" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "consultation" ADD CONSTRAINT "fk_consultation_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "consultation" ADD CONSTRAINT "fk_consultation_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "consultation" ADD CONSTRAINT "fk_consultation_staffId" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "correction_request" ADD CONSTRAINT "fk_correction_request_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "correction_request" ADD CONSTRAINT "fk_correction_request_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "correction_request" ADD CONSTRAINT "fk_correction_request_teacherId" FOREIGN KEY ("teacherId") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "announcement" ADD CONSTRAINT "fk_announcement_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "announcement" ADD CONSTRAINT "fk_announcement_authorStaffId" FOREIGN KEY ("authorStaffId") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "announcement" ADD CONSTRAINT "fk_announcement_classId" FOREIGN KEY ("classId") REFERENCES "school_class"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "announcement_recipient" ADD CONSTRAINT "fk_announcement_recipient_announcementId" FOREIGN KEY ("announcementId") REFERENCES "announcement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "announcement_recipient" ADD CONSTRAINT "fk_announcement_recipient_linkId" FOREIGN KEY ("linkId") REFERENCES "link"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "announcement_recipient" ADD CONSTRAINT "fk_announcement_recipient_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "diary_visit" ADD CONSTRAINT "fk_diary_visit_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "notification_delivery" DROP COLUMN "extra"');
    await q.query('DROP TABLE IF EXISTS "diary_visit" CASCADE');
    await q.query('DROP TABLE IF EXISTS "announcement_recipient" CASCADE');
    await q.query('DROP TABLE IF EXISTS "announcement" CASCADE');
    await q.query('DROP TABLE IF EXISTS "correction_request" CASCADE');
    await q.query('DROP TABLE IF EXISTS "consultation" CASCADE');
    await q.query('DROP TABLE IF EXISTS "office_hours" CASCADE');
    await q.query('DROP TABLE IF EXISTS "thread_message" CASCADE');
    await q.query('DROP TABLE IF EXISTS "thread" CASCADE');
    await q.query('DROP TABLE IF EXISTS "absence_report" CASCADE');
  }
}
