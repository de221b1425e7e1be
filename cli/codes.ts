import { processClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { hashKeysFrom } from '../core/linking/keys.js';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { issueInvitation, revokeInvitations } from '../core/linking/invitations.js';
import { parseClassName } from '../core/school/structure.js';
import type { Actor } from '../core/actor.js';
import type { LinkRole } from '../db/entities/index.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './command.js';
import { withDatabase } from './database.js';
import { CliError, type Io } from './io.js';
import { issueSchoolInvitations, type IssuedCode } from './seed/invitations.js';
import { table } from './seed/report.js';

const ACTOR: Actor = { kind: 'cli', command: 'codes' };

/** Role names as the CLI takes and shows them (the seed's `--json` uses the same). */
const ROLE_ARG: Record<string, LinkRole> = {
  parent: 'guardian',
  student: 'student',
  class_teacher: 'classTeacher',
  teacher: 'teacher',
  deputy: 'deputy',
  director: 'director',
  admin: 'admin',
};

export async function resolveSchool(ds: DataSource, schoolId?: number): Promise<number> {
  const schools: { id: number }[] = await ds.query(`SELECT id FROM school ORDER BY id`);
  if (schoolId) {
    if (!schools.some((s) => s.id === schoolId)) throw new CliError(`no school with id ${schoolId}`);
    return schoolId;
  }
  if (schools.length === 1) return schools[0].id;
  throw new CliError(
    schools.length
      ? 'several schools: name one with --school <id>'
      : 'no school yet: run `seed --demo` or `import` first',
  );
}

/** «5А» in the school's newest academic year. */
export async function resolveClass(
  ds: DataSource,
  schoolId: number,
  name: string,
): Promise<{ id: number; name: string }> {
  const parsed = parseClassName(name);
  if (!parsed) throw new CliError(`--class: "${name}" is not a class name (a grade 1–11 and a letter)`);
  const [row] = await ds.query(
    `SELECT c.id, c.name FROM school_class c JOIN academic_year y ON y.id = c."academicYearId"
      WHERE c."schoolId" = $1 AND c.grade = $2 AND upper(c.letter) = $3 ORDER BY y."startsOn" DESC LIMIT 1`,
    [schoolId, parsed.grade, parsed.letter],
  );
  if (!row) throw new CliError(`no class ${parsed.grade}${parsed.letter} in this school`);
  return row;
}

const issueArgs = z
  .object({
    school: z.coerce.number().int().positive().optional(),
    class: z.string().optional(),
    student: z.coerce.number().int().positive().optional(),
    staff: z.coerce.number().int().positive().optional(),
    role: z
      .enum(['parent', 'student', 'class_teacher', 'teacher', 'deputy', 'director', 'admin', 'all'])
      .default('all'),
    'ttl-days': z.coerce.number().int().min(1).max(365).optional(),
    json: z.boolean().default(false),
  })
  .refine((a) => [a.class && !a.staff, a.student, a.staff].filter(Boolean).length === 1, {
    message:
      'name exactly one of --class, --student, --staff (with --staff, --class names the class of a class teacher)',
  });

export async function runCodesIssue(ds: DataSource, argv: z.infer<typeof issueArgs>, io: Io): Promise<IssuedCode[]> {
  const schoolId = await resolveSchool(ds, argv.school);
  const config = loadConfig(io.env);
  const codes = { key: hashKeysFrom(config).current, ttlDays: argv['ttl-days'] ?? config.INVITATION_TTL_DAYS };
  let issued: IssuedCode[];
  if (argv.staff) {
    if (argv.role === 'all' || argv.role === 'parent' || argv.role === 'student')
      throw new CliError('--role: with --staff give teacher, class_teacher, deputy, director or admin');
    const role = ROLE_ARG[argv.role];
    const schoolClass = role === 'classTeacher' ? await resolveClass(ds, schoolId, argv.class ?? '') : null;
    const [person] = await ds.query(
      `SELECT "lastName", "firstName", "middleName", active FROM staff WHERE id = $1 AND "schoolId" = $2`,
      [argv.staff, schoolId],
    );
    if (!person?.active) throw new CliError(`no active staff member with id ${argv.staff}`);
    const { code } = await ds.transaction((em) =>
      issueInvitation(
        em,
        {
          schoolId,
          role,
          staffId: argv.staff,
          classId: schoolClass?.id ?? null,
          now: processClock(config).now(),
          ttlDays: codes.ttlDays,
        },
        ACTOR,
        codes.key,
      ),
    );
    issued = [
      {
        code,
        role: argv.role,
        name: [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' '),
        student: null,
        class: schoolClass?.name ?? null,
      },
    ];
  } else {
    const roles: LinkRole[] | undefined = argv.role === 'all' ? undefined : [ROLE_ARG[argv.role]];
    if (argv.student) {
      const [s] = await ds.query(`SELECT id FROM student WHERE id = $1 AND "schoolId" = $2 AND active`, [
        argv.student,
        schoolId,
      ]);
      if (!s) throw new CliError(`no active student with id ${argv.student}`);
    }
    const classId = argv.class ? (await resolveClass(ds, schoolId, argv.class)).id : undefined;
    issued = await issueSchoolInvitations(
      ds,
      schoolId,
      ACTOR,
      codes,
      { classId, studentId: argv.student, roles },
      processClock(config).now(),
    );
  }
  if (argv.json) io.out(JSON.stringify({ invitations: issued }));
  else {
    io.out(`Issued ${issued.length} invitation code(s). Each is shown once: hand it over in person or print it.`);
    for (const line of table(issued)) io.out(`  ${line}`);
  }
  return issued;
}

const revokeArgs = z
  .object({
    school: z.coerce.number().int().positive().optional(),
    class: z.string().optional(),
    invitation: z.coerce.number().int().positive().optional(),
  })
  .refine((a) => !!a.class !== !!a.invitation, { message: 'name one of --class, --invitation' });

export async function runCodesRevoke(ds: DataSource, argv: z.infer<typeof revokeArgs>, io: Io): Promise<number> {
  const schoolId = await resolveSchool(ds, argv.school);
  const classId = argv.class ? (await resolveClass(ds, schoolId, argv.class)).id : undefined;
  const n = await revokeInvitations(ds, { schoolId, classId, invitationId: argv.invitation }, ACTOR);
  io.out(`Revoked ${n} unused invitation code(s).`);
  return n;
}

export const command: CliCommand = {
  summary: 'issue invitation codes (class or person) or revoke unused ones',
  usage: 'codes issue|revoke [--class <name> | --student <id> | --staff <id> --role …]',
  async main(argv, io) {
    const [action, ...rest] = argv;
    const options = {
      school: { type: 'string' as const },
      class: { type: 'string' as const },
      student: { type: 'string' as const },
      staff: { type: 'string' as const },
      role: { type: 'string' as const },
      'ttl-days': { type: 'string' as const },
      json: { type: 'boolean' as const },
      invitation: { type: 'string' as const },
    };
    if (action === 'issue') {
      const { invitation: _unused, ...issueOptions } = options;
      const args = parseCommandArgs(rest, issueOptions, issueArgs);
      await withDatabase(io, (ds) => runCodesIssue(ds, args, io));
    } else if (action === 'revoke') {
      const args = parseCommandArgs(
        rest,
        { school: options.school, class: options.class, invitation: options.invitation },
        revokeArgs,
      );
      await withDatabase(io, (ds) => runCodesRevoke(ds, args, io));
    } else throw new CliError('usage: codes issue … | codes revoke …');
  },
};
