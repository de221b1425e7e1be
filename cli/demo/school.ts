import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { SchoolEntity } from '../../db/entities/index.js';
import type { Io } from '../io.js';
import { demo } from '../seed/data.js';
import { runSeed } from '../seed/index.js';
import type { IssuedCode, ShownRole } from '../seed/invitations.js';

/**
 * The demo school and the codes the demo plays with. The school is seeded once
 * (cli/seed, `seed --demo`); only code hashes live in the database, so the
 * codes themselves are kept in DATA_DIR/demo-codes.json (demo data, nobody's
 * real access) and issued afresh when that file is missing, belongs to another
 * database, or its codes are about to expire.
 */
export interface DemoSchool {
  name: string;
  counts: { classes: number; students: number; guardians: number; staff: number };
  invitations: IssuedCode[];
}

export class ForeignSchoolError extends Error {}

interface CodesFile extends DemoSchool {
  database: string;
  schoolId: number;
  issuedAt: string;
}

/** The database a codes file belongs to, without its password. */
function fingerprint(url: string): string {
  const u = new URL(url);
  u.password = '';
  u.username = '';
  return `${u.host}${u.pathname}`;
}

export async function prepareDemoSchool(
  db: Database,
  opts: { dataDir: string; ttlDays: number; logger: Logger; onStep: (step: 'seed' | 'codes') => void },
): Promise<DemoSchool> {
  const ds = db.dataSource;
  const existing = await ds.manager.findOneBy(SchoolEntity, { externalId: demo.school.externalId });
  if (!existing && (await ds.manager.count(SchoolEntity)) > 0)
    throw new ForeignSchoolError('the database holds another school and no demo school');
  // An embedded database's port changes each start; its DATA_DIR is what identifies it.
  const database = db.embedded ? 'embedded' : fingerprint(db.url);
  const file = path.join(path.resolve(opts.dataDir), 'demo-codes.json');
  if (existing && existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as CodesFile;
      const ageDays = (Date.now() - Date.parse(saved.issuedAt)) / 86_400_000;
      if (
        saved.database === database &&
        saved.schoolId === existing.id &&
        ageDays < opts.ttlDays - 1 &&
        saved.invitations?.length
      )
        return { name: saved.name, counts: saved.counts, invitations: saved.invitations };
    } catch (e) {
      opts.logger.warn({ err: String(e) }, 'demo-codes.json unreadable; issuing fresh codes');
    }
  }
  opts.onStep(existing ? 'codes' : 'seed');
  // The seed prints a summary with codes for the CLI; the demo shows its own.
  const io: Io = {
    out: () => {},
    err: (line) => opts.logger.warn({ source: 'seed' }, line),
    log: opts.logger,
    env: process.env,
  };
  const result = await runSeed(ds, { ttlDays: opts.ttlDays }, io);
  const school: DemoSchool = {
    name: result.school.name,
    counts: {
      classes: result.counts.classes,
      students: result.counts.students,
      guardians: result.counts.guardians,
      staff: result.counts.staff,
    },
    invitations: result.invitations,
  };
  const saved: CodesFile = { ...school, database, schoolId: result.school.id, issuedAt: new Date().toISOString() };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(saved, null, 1), { mode: 0o600 });
  chmodSync(file, 0o600);
  return school;
}

/** Someone the demo user can play: a seeded person with their code and a fixed Telegram user id. */
export interface Persona {
  role: ShownRole;
  code: string;
  name: string;
  student: string | null;
  class: string | null;
  /** The same id on every run, so a person linked last time is still linked. */
  userId: number;
  firstName: string;
  lastName: string;
}

const gradeOf = (className: string | null) => Number(/^\d+/.exec(className ?? '')?.[0] ?? 0);

/**
 * A family and the staff around it: a parent, their child (from grade 2, when
 * children get codes of their own), the class teacher of that class, then a
 * subject teacher, the deputy director (the control panel) and the director.
 */
export function pickPersonas(invitations: IssuedCode[]): Persona[] {
  const parents = invitations.filter((i) => i.role === 'parent');
  const studentOf = (p: IssuedCode) =>
    invitations.find((i) => i.role === 'student' && i.student === p.student && i.class === p.class);
  const parent =
    parents.find((p) => gradeOf(p.class) >= 5 && studentOf(p)) ?? parents.find((p) => studentOf(p)) ?? parents[0];
  const className = parent?.class ?? null;
  const picked: (IssuedCode | undefined)[] = [
    parent,
    parent && studentOf(parent),
    invitations.find((i) => i.role === 'class_teacher' && i.class === className) ??
      invitations.find((i) => i.role === 'class_teacher'),
    invitations.find((i) => i.role === 'teacher'),
    invitations.find((i) => i.role === 'deputy'),
    invitations.find((i) => i.role === 'director'),
  ];
  const slots: Record<string, number> = {
    parent: 1,
    student: 2,
    class_teacher: 3,
    teacher: 4,
    deputy: 5,
    director: 6,
    admin: 7,
  };
  return picked
    .filter((i): i is IssuedCode => !!i)
    .map((i) => {
      const [lastName = i.name, firstName = lastName] = i.name.split(/\s+/);
      return { ...i, userId: 910_000_000 + slots[i.role], firstName, lastName };
    });
}
