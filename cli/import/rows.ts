import { z } from 'zod';
import { parseClassName } from '../../core/school/structure.js';
import { isIsoDate } from '../calendar.js';
import { aliases, normalizeKey } from './table.js';

/**
 * One zod schema per file kind: what a row must hold, turned into clean
 * values. Messages name the problem, never the cell's content (it may be
 * personal data).
 */
const cell = z.string().default('');
const required = (max: number) =>
  cell.pipe(z.string().min(1, 'is required').max(max, `is longer than ${max} characters`));
const optional = (max: number) =>
  cell.pipe(z.string().max(max, `is longer than ${max} characters`)).transform((v) => v || null);

/** YYYY-MM-DD, or DD.MM.YYYY as Russian spreadsheets write it. */
const date = cell.transform((v, ctx) => {
  if (!v) return null;
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
  const iso = ru ? `${ru[3]}-${ru[2].padStart(2, '0')}-${ru[1].padStart(2, '0')}` : v;
  if (isIsoDate(iso)) return iso;
  ctx.addIssue({ code: 'custom', message: 'is not a date (YYYY-MM-DD or DD.MM.YYYY)' });
  return z.NEVER;
});

const className = required(10).transform((v, ctx) => {
  const parsed = parseClassName(v);
  if (parsed) return parsed;
  ctx.addIssue({ code: 'custom', message: 'is not a class name like 5A (grade 1-11 and a letter)' });
  return z.NEVER;
});

const time = required(8).transform((v, ctx) => {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(v);
  if (m && Number(m[1]) < 24 && Number(m[2]) < 60) return `${m[1].padStart(2, '0')}:${m[2]}`;
  ctx.addIssue({ code: 'custom', message: 'is not a time like 08:30' });
  return z.NEVER;
});

/** A list inside one cell: items separated by ';' (quote the cell when ';' is also the delimiter). */
const list = cell.transform((v) =>
  v
    .split(/\s*;\s*/)
    .map((x) => x.trim())
    .filter(Boolean),
);

const person = {
  external_id: required(200),
  last_name: required(100),
  first_name: required(100),
  middle_name: optional(100),
};

export const studentRow = z.object({ ...person, class: className, birth_date: date, subgroups: list });

export const guardianRow = z.object({
  ...person,
  phone: optional(30).refine((v) => v === null || /^\+?[\d\s()-]{5,25}$/.test(v), 'is not a phone number'),
  student_external_id: required(200),
  relation: cell.transform((v, ctx) => {
    if (!v) return 'guardian';
    const r = aliases.relations.get(normalizeKey(v));
    if (r) return r;
    ctx.addIssue({ code: 'custom', message: `is not one of ${[...new Set(aliases.relations.values())].join(', ')}` });
    return z.NEVER;
  }),
});

/**
 * `teacher;classTeacher:5А;deputy` → roles, each classTeacher with its class.
 */
export const staffRow = z.object({
  ...person,
  roles: required(500).transform((v, ctx) => {
    const out: {
      role: 'teacher' | 'classTeacher' | 'deputy' | 'director' | 'admin';
      class: ReturnType<typeof parseClassName>;
    }[] = [];
    for (const token of v.split(/\s*[;,]\s*/).filter(Boolean)) {
      const [name, cls] = token.split(/\s*:\s*/);
      const role = aliases.roles.get(normalizeKey(name)) as (typeof out)[number]['role'] | undefined;
      if (!role) {
        ctx.addIssue({
          code: 'custom',
          message: `has an unknown role (expected teacher, classTeacher:<class>, deputy, director, admin)`,
        });
        return z.NEVER;
      }
      const parsed = cls ? parseClassName(cls) : null;
      if ((role === 'classTeacher') !== !!parsed) {
        ctx.addIssue({
          code: 'custom',
          message:
            role === 'classTeacher' ? 'classTeacher needs its class, e.g. classTeacher:5A' : `${role} takes no class`,
        });
        return z.NEVER;
      }
      out.push({ role, class: parsed });
    }
    return out;
  }),
});

export const timetableRow = z
  .object({
    class: className,
    subgroup: optional(100),
    date,
    weekday: cell.transform((v, ctx) => {
      if (!v) return null;
      const day = aliases.weekdays.get(normalizeKey(v));
      if (day) return Number(day);
      ctx.addIssue({ code: 'custom', message: 'is not a weekday (1-7, mon..sun)' });
      return z.NEVER;
    }),
    from: date,
    to: date,
    slot: required(2).pipe(
      z.coerce
        .number<string>({ error: 'is not a number' })
        .int('is not a whole number')
        .min(0, 'must be 0-12')
        .max(12, 'must be 0-12'),
    ),
    starts_at: time,
    ends_at: time,
    subject: required(200),
    teacher_external_id: optional(200),
    teacher: optional(200),
    room: optional(50),
    external_id: optional(200),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!r.date === !r.weekday) issue('date', 'give either date, or weekday with from and to');
    if (r.weekday && (!r.from || !r.to)) issue('from', 'a weekday row needs from and to');
    if (r.from && r.to && r.from > r.to) issue('to', 'is before from');
    if (r.external_id && !r.date) issue('external_id', 'only a row with a date can carry an external_id');
    if (!r.teacher_external_id === !r.teacher) issue('teacher', 'give either teacher_external_id or teacher');
    if (r.starts_at >= r.ends_at) issue('ends_at', 'is not after starts_at');
  });

export type StudentRow = z.infer<typeof studentRow>;
export type GuardianRow = z.infer<typeof guardianRow>;
export type StaffRow = z.infer<typeof staffRow>;
export type TimetableRow = z.infer<typeof timetableRow>;

/** The columns each file may have, and those it must have. */
export const columns = {
  students: {
    known: ['external_id', 'last_name', 'first_name', 'middle_name', 'class', 'birth_date', 'subgroups'],
    required: ['external_id', 'last_name', 'first_name', 'class'],
  },
  guardians: {
    known: ['external_id', 'last_name', 'first_name', 'middle_name', 'phone', 'student_external_id', 'relation'],
    required: ['external_id', 'last_name', 'first_name', 'student_external_id'],
  },
  staff: {
    known: ['external_id', 'last_name', 'first_name', 'middle_name', 'roles'],
    required: ['external_id', 'last_name', 'first_name', 'roles'],
  },
  timetable: {
    known: [
      'class',
      'subgroup',
      'date',
      'weekday',
      'from',
      'to',
      'slot',
      'starts_at',
      'ends_at',
      'subject',
      'teacher_external_id',
      'teacher',
      'room',
      'external_id',
    ],
    required: ['class', 'slot', 'starts_at', 'ends_at', 'subject'],
  },
} as const;
