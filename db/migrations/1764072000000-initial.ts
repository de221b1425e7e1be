import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The journal core, access (invitations, links, consent) and the outbox. Generated from db/entities, then foreign keys and the outbox NOTIFY trigger added by hand. */
export class Initial1764072000000 implements MigrationInterface {
  name = 'Initial1764072000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "school" ("id" SERIAL NOT NULL, "name" text NOT NULL, "shortName" text NOT NULL, "timezone" text NOT NULL, "settings" jsonb NOT NULL, "externalId" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_03e883ed05fb095d8de9c6e85d6" UNIQUE ("externalId"), CONSTRAINT "PK_57836c3fe2f2c7734b20911755e" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE TABLE "academic_year" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "name" text NOT NULL, "startsOn" date NOT NULL, "endsOn" date NOT NULL, "externalId" text, CONSTRAINT "PK_ebe672580520ed92b9e89088325" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_academic_year_external" ON "academic_year" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE UNIQUE INDEX "uq_academic_year_name" ON "academic_year" ("schoolId", "name") ');
    await q.query(
      `CREATE TABLE "period" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "academicYearId" integer NOT NULL, "kind" text NOT NULL, "number" integer NOT NULL, "name" text NOT NULL, "startsOn" date NOT NULL, "endsOn" date NOT NULL, "externalId" text, CONSTRAINT "ck_period_kind" CHECK ("kind" IN ('quarter','trimester','halfYear','year')), CONSTRAINT "PK_cabecec858892ab647cd28673b8" PRIMARY KEY ("id"))`,
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_period_external" ON "period" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE UNIQUE INDEX "uq_period_kind" ON "period" ("academicYearId", "kind", "number") ');
    await q.query(
      'CREATE TABLE "holiday" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "academicYearId" integer NOT NULL, "name" text NOT NULL, "startsOn" date NOT NULL, "endsOn" date NOT NULL, CONSTRAINT "PK_3e7492c25f80418a7aad0aec053" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE TABLE "school_class" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "academicYearId" integer NOT NULL, "grade" integer NOT NULL, "letter" text NOT NULL, "name" text NOT NULL, "externalId" text, CONSTRAINT "ck_school_class_grade" CHECK ("grade" BETWEEN 1 AND 11), CONSTRAINT "PK_c2db13fe0f6e127a4aae70bfd35" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_school_class_external" ON "school_class" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE UNIQUE INDEX "uq_school_class_name" ON "school_class" ("academicYearId", "name") ');
    await q.query(
      'CREATE TABLE "subgroup" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "classId" integer NOT NULL, "name" text NOT NULL, "externalId" text, CONSTRAINT "PK_40996811ee9cf487c804bc8a857" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_subgroup_external" ON "subgroup" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE UNIQUE INDEX "uq_subgroup_name" ON "subgroup" ("classId", "name") ');
    await q.query(
      'CREATE TABLE "subgroup_member" ("subgroupId" integer NOT NULL, "studentId" integer NOT NULL, CONSTRAINT "PK_4333f71ae09b542b9d8c724734e" PRIMARY KEY ("subgroupId", "studentId"))',
    );
    await q.query(
      'CREATE TABLE "student" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "classId" integer NOT NULL, "lastName" text NOT NULL, "firstName" text NOT NULL, "middleName" text, "birthDate" date, "active" boolean NOT NULL DEFAULT true, "externalId" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3d8016e1cb58429474a3c041904" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_student_external" ON "student" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE INDEX "ix_student_class" ON "student" ("classId") ');
    await q.query(
      'CREATE TABLE "guardian" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "lastName" text NOT NULL, "firstName" text NOT NULL, "middleName" text, "phone" text, "externalId" text, CONSTRAINT "PK_5eb51ec9378bc6b07702717160e" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_guardian_external" ON "guardian" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query(
      'CREATE TABLE "student_guardian" ("studentId" integer NOT NULL, "guardianId" integer NOT NULL, "relation" text NOT NULL, CONSTRAINT "PK_50dc71e2dd71d91491135f56cf9" PRIMARY KEY ("studentId", "guardianId"))',
    );
    await q.query('CREATE INDEX "ix_student_guardian_guardian" ON "student_guardian" ("guardianId") ');
    await q.query(
      'CREATE TABLE "staff" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "lastName" text NOT NULL, "firstName" text NOT NULL, "middleName" text, "active" boolean NOT NULL DEFAULT true, "externalId" text, CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_staff_external" ON "staff" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query(
      `CREATE TABLE "staff_role" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "staffId" integer NOT NULL, "role" text NOT NULL, "classId" integer, CONSTRAINT "ck_staff_role" CHECK ("role" IN ('teacher','classTeacher','deputy','director','admin')), CONSTRAINT "ck_staff_role_class" CHECK (("role" = 'classTeacher') = ("classId" IS NOT NULL)), CONSTRAINT "PK_c3fe01125c99573751fe5e55666" PRIMARY KEY ("id"))`,
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_staff_role" ON "staff_role" ("staffId", "role", "classId") NULLS NOT DISTINCT',
    );
    await q.query(
      'CREATE TABLE "subject" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "name" text NOT NULL, "shortName" text NOT NULL, "externalId" text, CONSTRAINT "PK_12eee115462e38d62e5455fc054" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_subject_external" ON "subject" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE UNIQUE INDEX "uq_subject_name" ON "subject" ("schoolId", "name") ');
    await q.query(
      'CREATE TABLE "work_kind" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "weight" numeric(4,2) NOT NULL, "externalId" text, CONSTRAINT "ck_work_kind_weight" CHECK ("weight" > 0), CONSTRAINT "PK_a571fabf4fe222b2da1872576f3" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_work_kind_external" ON "work_kind" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE UNIQUE INDEX "uq_work_kind_code" ON "work_kind" ("schoolId", "code") ');
    await q.query(
      'CREATE TABLE "lesson" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "classId" integer NOT NULL, "subgroupId" integer, "subjectId" integer NOT NULL, "teacherId" integer NOT NULL, "substituteTeacherId" integer, "date" date NOT NULL, "slot" integer NOT NULL, "startsAt" TIME NOT NULL, "endsAt" TIME NOT NULL, "room" text, "topic" text, "homework" text, "homeworkSetAt" TIMESTAMP WITH TIME ZONE, "cancelled" boolean NOT NULL DEFAULT false, "externalId" text, "updatedBy" text NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_lesson_slot" CHECK ("slot" BETWEEN 0 AND 12), CONSTRAINT "PK_0ef25918f0237e68696dee455bd" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_lesson_external" ON "lesson" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE INDEX "ix_lesson_class_date" ON "lesson" ("classId", "date") ');
    await q.query('CREATE INDEX "ix_lesson_teacher_date" ON "lesson" ("teacherId", "date") ');
    await q.query(
      `CREATE TABLE "mark" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "studentId" integer NOT NULL, "subjectId" integer NOT NULL, "lessonId" integer, "workKindId" integer NOT NULL, "date" date NOT NULL, "value" text NOT NULL, "comment" text, "teacherId" integer, "deleted" boolean NOT NULL DEFAULT false, "externalId" text, "version" integer NOT NULL DEFAULT '1', "updatedBy" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_mark_value" CHECK ("value" IN ('1','2','3','4','5','exempt','notAttested','pass','noMarks')), CONSTRAINT "PK_0c6d4afd73cc2b4eee5a926aafc" PRIMARY KEY ("id"))`,
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_mark_external" ON "mark" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE INDEX "ix_mark_student_subject_date" ON "mark" ("studentId", "subjectId", "date") ');
    await q.query(
      'CREATE TABLE "mark_history" ("id" SERIAL NOT NULL, "markId" integer NOT NULL, "action" text NOT NULL, "oldValue" text, "newValue" text, "oldComment" text, "newComment" text, "actor" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dd68b478aff73ce0b29da295dca" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_mark_history_mark" ON "mark_history" ("markId") ');
    await q.query(
      `CREATE TABLE "attendance" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "studentId" integer NOT NULL, "lessonId" integer NOT NULL, "status" text NOT NULL, "reason" text NOT NULL, "comment" text, "externalId" text, "updatedBy" text NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_attendance_status" CHECK ("status" IN ('absent','late')), CONSTRAINT "ck_attendance_reason" CHECK ("reason" IN ('illness','excused','unexcused','unknown')), CONSTRAINT "PK_ee0ffe42c1f1a01e72b725c0cb2" PRIMARY KEY ("id"))`,
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_attendance_external" ON "attendance" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE UNIQUE INDEX "uq_attendance_student_lesson" ON "attendance" ("studentId", "lessonId") ');
    await q.query(
      `CREATE TABLE "period_mark" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "studentId" integer NOT NULL, "subjectId" integer NOT NULL, "periodId" integer NOT NULL, "value" text NOT NULL, "externalId" text, "updatedBy" text NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_period_mark_value" CHECK ("value" IN ('1','2','3','4','5','exempt','notAttested','pass','noMarks')), CONSTRAINT "PK_41fa9c28e23d1897217537f518c" PRIMARY KEY ("id"))`,
    );
    await q.query(
      'CREATE UNIQUE INDEX "uq_period_mark_external" ON "period_mark" ("schoolId", "externalId") WHERE "externalId" IS NOT NULL',
    );
    await q.query('CREATE UNIQUE INDEX "uq_period_mark" ON "period_mark" ("studentId", "subjectId", "periodId") ');
    await q.query(
      'CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" text NOT NULL, "action" text NOT NULL, "entity" text, "entityId" text, "details" jsonb, "void" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_audit_actor_at" ON "audit_log" ("actor", "at") ');
    await q.query(
      `CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "schoolId" integer NOT NULL, "type" text NOT NULL, "payload" jsonb NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "availableAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processedAt" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "lastError" text, "silent" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await q.query('CREATE INDEX "ix_outbox_pending" ON "outbox" ("availableAt") WHERE "processedAt" IS NULL');
    await q.query(
      'CREATE TABLE "invitation" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "codeHash" text NOT NULL, "role" text NOT NULL, "studentId" integer, "guardianId" integer, "staffId" integer, "classId" integer, "issuedBy" text NOT NULL, "issuedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "usedAt" TIMESTAMP WITH TIME ZONE, "linkId" integer, "revokedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_210afb926f8d4bdaaadcb2c431c" UNIQUE ("codeHash"), CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_invitation_student" ON "invitation" ("studentId") ');
    await q.query('CREATE INDEX "ix_invitation_staff" ON "invitation" ("staffId") ');
    await q.query(
      'CREATE TABLE "link" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "telegramUserId" bigint, "chatId" bigint, "accountHash" text NOT NULL, "role" text NOT NULL, "studentId" integer, "guardianId" integer, "staffId" integer, "invitationId" integer NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revokedAt" TIMESTAMP WITH TIME ZONE, "revokedBy" text, "revokeReason" text, "inactiveReason" text, "lastSeenAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_26206fb7186da72fbb9eaa3fac9" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_link_user_active" ON "link" ("telegramUserId") WHERE "revokedAt" IS NULL');
    await q.query('CREATE INDEX "ix_link_student" ON "link" ("studentId") ');
    await q.query('CREATE INDEX "ix_link_staff" ON "link" ("staffId") ');
    await q.query(
      'CREATE TABLE "consent" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "accountHash" text NOT NULL, "invitationId" integer NOT NULL, "studentId" integer, "role" text NOT NULL, "decision" text NOT NULL, "textVersion" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "withdrawnAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9115e8d6b082d4fc46d56134d29" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE TABLE "account" ("accountHash" text NOT NULL, "telegramUserId" bigint, "activeStudentId" integer, "compromisedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_73183c3db8505a11754b1a94c64" UNIQUE ("telegramUserId"), CONSTRAINT "PK_723de5a9a935bf793dc74e7f88b" PRIMARY KEY ("accountHash"))',
    );
    await q.query(
      'CREATE TABLE "rate_limit_counter" ("key" text NOT NULL, "windowStart" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_d2d3c6f094f0ec634464544ccb6" PRIMARY KEY ("key", "windowStart"))',
    );
    await q.query(
      'CREATE TABLE "bot_session" ("key" text NOT NULL, "value" jsonb NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7fb8fbdf2c37d8158c9b54ff751" PRIMARY KEY ("key"))',
    );
    await q.query(
      'ALTER TABLE "academic_year" ADD CONSTRAINT "fk_academic_year_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "period" ADD CONSTRAINT "fk_period_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "period" ADD CONSTRAINT "fk_period_academicYearId" FOREIGN KEY ("academicYearId") REFERENCES "academic_year"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "holiday" ADD CONSTRAINT "fk_holiday_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "holiday" ADD CONSTRAINT "fk_holiday_academicYearId" FOREIGN KEY ("academicYearId") REFERENCES "academic_year"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "school_class" ADD CONSTRAINT "fk_school_class_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "school_class" ADD CONSTRAINT "fk_school_class_academicYearId" FOREIGN KEY ("academicYearId") REFERENCES "academic_year"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "subgroup" ADD CONSTRAINT "fk_subgroup_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "subgroup" ADD CONSTRAINT "fk_subgroup_classId" FOREIGN KEY ("classId") REFERENCES "school_class"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "subgroup_member" ADD CONSTRAINT "fk_subgroup_member_subgroupId" FOREIGN KEY ("subgroupId") REFERENCES "subgroup"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "subgroup_member" ADD CONSTRAINT "fk_subgroup_member_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "student" ADD CONSTRAINT "fk_student_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "student" ADD CONSTRAINT "fk_student_classId" FOREIGN KEY ("classId") REFERENCES "school_class"("id") ON DELETE RESTRICT',
    );
    await q.query(
      'ALTER TABLE "guardian" ADD CONSTRAINT "fk_guardian_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "student_guardian" ADD CONSTRAINT "fk_student_guardian_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "student_guardian" ADD CONSTRAINT "fk_student_guardian_guardianId" FOREIGN KEY ("guardianId") REFERENCES "guardian"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "staff" ADD CONSTRAINT "fk_staff_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "staff_role" ADD CONSTRAINT "fk_staff_role_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "staff_role" ADD CONSTRAINT "fk_staff_role_staffId" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "staff_role" ADD CONSTRAINT "fk_staff_role_classId" FOREIGN KEY ("classId") REFERENCES "school_class"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "subject" ADD CONSTRAINT "fk_subject_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "work_kind" ADD CONSTRAINT "fk_work_kind_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "lesson" ADD CONSTRAINT "fk_lesson_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "lesson" ADD CONSTRAINT "fk_lesson_classId" FOREIGN KEY ("classId") REFERENCES "school_class"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "lesson" ADD CONSTRAINT "fk_lesson_subgroupId" FOREIGN KEY ("subgroupId") REFERENCES "subgroup"("id") ON DELETE SET NULL',
    );
    await q.query(
      'ALTER TABLE "lesson" ADD CONSTRAINT "fk_lesson_subjectId" FOREIGN KEY ("subjectId") REFERENCES "subject"("id") ON DELETE RESTRICT',
    );
    await q.query(
      'ALTER TABLE "lesson" ADD CONSTRAINT "fk_lesson_teacherId" FOREIGN KEY ("teacherId") REFERENCES "staff"("id") ON DELETE RESTRICT',
    );
    await q.query(
      'ALTER TABLE "lesson" ADD CONSTRAINT "fk_lesson_substituteTeacherId" FOREIGN KEY ("substituteTeacherId") REFERENCES "staff"("id") ON DELETE SET NULL',
    );
    await q.query(
      'ALTER TABLE "mark" ADD CONSTRAINT "fk_mark_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "mark" ADD CONSTRAINT "fk_mark_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "mark" ADD CONSTRAINT "fk_mark_subjectId" FOREIGN KEY ("subjectId") REFERENCES "subject"("id") ON DELETE RESTRICT',
    );
    await q.query(
      'ALTER TABLE "mark" ADD CONSTRAINT "fk_mark_lessonId" FOREIGN KEY ("lessonId") REFERENCES "lesson"("id") ON DELETE SET NULL',
    );
    await q.query(
      'ALTER TABLE "mark" ADD CONSTRAINT "fk_mark_workKindId" FOREIGN KEY ("workKindId") REFERENCES "work_kind"("id") ON DELETE RESTRICT',
    );
    await q.query(
      'ALTER TABLE "mark" ADD CONSTRAINT "fk_mark_teacherId" FOREIGN KEY ("teacherId") REFERENCES "staff"("id") ON DELETE SET NULL',
    );
    await q.query(
      'ALTER TABLE "mark_history" ADD CONSTRAINT "fk_mark_history_markId" FOREIGN KEY ("markId") REFERENCES "mark"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "attendance" ADD CONSTRAINT "fk_attendance_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "attendance" ADD CONSTRAINT "fk_attendance_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "attendance" ADD CONSTRAINT "fk_attendance_lessonId" FOREIGN KEY ("lessonId") REFERENCES "lesson"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "period_mark" ADD CONSTRAINT "fk_period_mark_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "period_mark" ADD CONSTRAINT "fk_period_mark_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "period_mark" ADD CONSTRAINT "fk_period_mark_subjectId" FOREIGN KEY ("subjectId") REFERENCES "subject"("id") ON DELETE RESTRICT',
    );
    await q.query(
      'ALTER TABLE "period_mark" ADD CONSTRAINT "fk_period_mark_periodId" FOREIGN KEY ("periodId") REFERENCES "period"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_guardianId" FOREIGN KEY ("guardianId") REFERENCES "guardian"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_staffId" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_classId" FOREIGN KEY ("classId") REFERENCES "school_class"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "link" ADD CONSTRAINT "fk_link_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "link" ADD CONSTRAINT "fk_link_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "link" ADD CONSTRAINT "fk_link_guardianId" FOREIGN KEY ("guardianId") REFERENCES "guardian"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "link" ADD CONSTRAINT "fk_link_staffId" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "link" ADD CONSTRAINT "fk_link_invitationId" FOREIGN KEY ("invitationId") REFERENCES "invitation"("id") ON DELETE RESTRICT',
    );
    await q.query(
      'ALTER TABLE "consent" ADD CONSTRAINT "fk_consent_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE',
    );
    await q.query(
      'ALTER TABLE "consent" ADD CONSTRAINT "fk_consent_studentId" FOREIGN KEY ("studentId") REFERENCES "student"("id") ON DELETE CASCADE',
    );
    await q.query(
      `CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('outbox', NEW.id::text); RETURN NEW; END $$`,
    );
    await q.query(
      'CREATE TRIGGER trg_outbox_notify AFTER INSERT ON "outbox" FOR EACH ROW EXECUTE FUNCTION outbox_notify()',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS trg_outbox_notify ON "outbox"`);
    await q.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
    await q.query(`DROP TABLE IF EXISTS "bot_session" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "rate_limit_counter" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "account" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "consent" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "link" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "invitation" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "outbox" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "audit_log" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "period_mark" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "attendance" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "mark_history" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "mark" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "lesson" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "work_kind" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "subject" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "staff_role" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "staff" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "student_guardian" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "guardian" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "student" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "subgroup_member" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "subgroup" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "school_class" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "holiday" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "period" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "academic_year" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "school" CASCADE`);
  }
}
