import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The school's administration: control settings, printed paper kept as made, backup runs. Generated from db/entities/control.ts. */
export class Control1764400000000 implements MigrationInterface {
  name = 'Control1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "control_setting" ("schoolId" integer NOT NULL, "digest" boolean NOT NULL DEFAULT true, "nudges" boolean NOT NULL DEFAULT false, "noHomeworkSubjectIds" jsonb NOT NULL DEFAULT '[]', "writtenWorkDays" jsonb, "updatedBy" text NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4834eb9275b4b5a71bb31f8335a" PRIMARY KEY ("schoolId"))`,
    );
    await q.query(
      `CREATE TABLE "paper_file" ("id" SERIAL NOT NULL, "schoolId" integer NOT NULL, "classId" integer NOT NULL, "kind" text NOT NULL, "format" text NOT NULL, "periodId" integer, "fromDate" date NOT NULL, "toDate" date NOT NULL, "studentIds" jsonb NOT NULL, "fileName" text NOT NULL, "content" bytea NOT NULL, "size" integer NOT NULL, "sha256" text NOT NULL, "createdBy" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "slot" text, CONSTRAINT "UQ_a557e0fd7d2732a2071522bbde5" UNIQUE ("slot"), CONSTRAINT "ck_paper_file_kind" CHECK ("kind" IN ('printouts','summarySheet')), CONSTRAINT "ck_paper_file_format" CHECK ("format" IN ('pdf','csv')), CONSTRAINT "PK_5b5a0134272bebea65dd5f3f40a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_paper_file_class" ON "paper_file" ("classId", "createdAt") `);
    await q.query(
      `CREATE TABLE "backup_run" ("id" SERIAL NOT NULL, "trigger" text NOT NULL, "slot" text, "status" text NOT NULL, "startedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finishedAt" TIMESTAMP WITH TIME ZONE, "directory" text, "bytes" bigint, "sha256" text, "migration" text, "tables" integer, "rows" bigint, "error" text, CONSTRAINT "UQ_1b4dba4aea065b434be02514250" UNIQUE ("slot"), CONSTRAINT "ck_backup_run_status" CHECK ("status" IN ('running','ok','failed')), CONSTRAINT "PK_d5d0832c1ff227f276a4ef80475" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_backup_run_status" ON "backup_run" ("status", "finishedAt") `);
    await q.query(
      `ALTER TABLE "control_setting" ADD CONSTRAINT "fk_control_setting_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "paper_file" ADD CONSTRAINT "fk_paper_file_schoolId" FOREIGN KEY ("schoolId") REFERENCES "school"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "paper_file" ADD CONSTRAINT "fk_paper_file_classId" FOREIGN KEY ("classId") REFERENCES "school_class"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "paper_file" ADD CONSTRAINT "fk_paper_file_periodId" FOREIGN KEY ("periodId") REFERENCES "period"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS "backup_run" CASCADE');
    await q.query('DROP TABLE IF EXISTS "paper_file" CASCADE');
    await q.query('DROP TABLE IF EXISTS "control_setting" CASCADE');
  }
}
