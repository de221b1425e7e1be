import { z } from 'zod';

/** The protocol's building blocks and the data of each event (docs/journal-feed.md), shared by both directions. */

export const extId = z.string().min(1).max(200);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
export const isoTime = z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/, 'must be HH:MM');
export const isoInstant = z.string().datetime({ offset: true });
export const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const entityVersion = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const name = z.string().min(1).max(200);
const year = z.object({ name: z.string().min(1).max(50), startsOn: isoDate, endsOn: isoDate });
export const markValue = z.enum(['1', '2', '3', '4', '5', 'exempt', 'notAttested', 'pass', 'noMarks']);

/** The data of each event, by event name: always the entity's full state after the change, never a diff. */
export const EVENT_DATA = {
  'class.set': z.object({ grade: z.number().int().min(1).max(11), letter: z.string().min(1).max(2), year }),
  'subject.set': z.object({ name, shortName: name.optional() }),
  'workKind.set': z.object({ code: z.string().min(1).max(50), name, weight: z.number().positive().max(99) }),
  'period.set': z.object({
    year,
    kind: z.enum(['quarter', 'trimester', 'halfYear', 'year']),
    number: z.number().int().min(1).max(4),
    name,
    startsOn: isoDate,
    endsOn: isoDate,
  }),
  'subgroup.set': z.object({ class: extId, name, members: z.array(extId).max(100) }),
  'student.set': z.object({
    class: extId,
    lastName: name,
    firstName: name,
    middleName: name.nullish(),
    birthDate: isoDate.nullish(),
    active: z.boolean().default(true),
  }),
  'guardian.set': z.object({
    lastName: name,
    firstName: name,
    middleName: name.nullish(),
    phone: z.string().max(50).nullish(),
    children: z.array(z.object({ student: extId, relation: z.string().min(1).max(50) })).max(20),
  }),
  'staff.set': z.object({
    lastName: name,
    firstName: name,
    middleName: name.nullish(),
    active: z.boolean().default(true),
    roles: z
      .array(
        z.object({
          role: z.enum(['teacher', 'classTeacher', 'deputy', 'director', 'admin']),
          class: extId.nullish(),
        }),
      )
      .max(20),
  }),
  'lesson.set': z.object({
    class: extId,
    subgroup: extId.nullish(),
    subject: extId,
    teacher: extId,
    substituteTeacher: extId.nullish(),
    date: isoDate,
    slot: z.number().int().min(0).max(12),
    startsAt: isoTime,
    endsAt: isoTime,
    room: z.string().max(50).nullish(),
    topic: z.string().max(500).nullish(),
    cancelled: z.boolean().default(false),
  }),
  'homework.set': z.object({ lesson: extId, text: z.string().max(4000).nullable() }),
  'attendance.set': z.object({
    lesson: extId,
    student: extId,
    status: z.enum(['present', 'absent', 'late']),
    reason: z.enum(['illness', 'excused', 'unexcused', 'unknown']).default('unknown'),
    comment: z.string().max(1000).nullish(),
  }),
  'mark.set': z.object({
    student: extId,
    subject: extId,
    workKind: extId,
    lesson: extId.nullish(),
    teacher: extId.nullish(),
    date: isoDate,
    value: markValue,
    comment: z.string().max(1000).nullish(),
  }),
  'mark.deleted': z.object({}),
  'periodMark.set': z.object({
    student: extId,
    subject: extId,
    period: extId,
    value: markValue,
  }),
} as const;
