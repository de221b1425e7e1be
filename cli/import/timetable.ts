import type { EntityManager } from 'typeorm';
import { upsertLessonIn } from '../../core/journal/index.js';
import { upsertSubgroup, upsertSubject } from '../../core/school/structure.js';
import { LessonEntity, StaffEntity, type Staff } from '../../db/entities/index.js';
import { eachDate, weekday } from '../calendar.js';
import { classResolver, type FileStats, type FileWriter, type ImportContext, type RowProblem } from './context.js';
import type { TimetableRow } from './rows.js';

/**
 * A name without case, yo, spaces and dots: "Иванова И. П." and "иванова ип" are the same.
 */
const squash = (s: string) =>
  s
    .toLowerCase()
    .replace(/\u0451/g, '\u0435')
    .replace(/[\s.]+/g, '');

/** Staff by external id, or by full name or surname with initials when that is unique. */
function teacherFinder(em: EntityManager, ctx: ImportContext) {
  let all: Staff[] | null = null;
  return async (r: TimetableRow): Promise<number | string> => {
    if (r.teacher_external_id) {
      const s = await em.findOneBy(StaffEntity, { schoolId: ctx.schoolId, externalId: r.teacher_external_id });
      return s ? s.id : 'teacher_external_id: no staff member with this external id (import the staff first)';
    }
    all ??= await em.findBy(StaffEntity, { schoolId: ctx.schoolId, active: true });
    const want = squash(r.teacher!);
    const found = all.filter((s) =>
      [
        squash(`${s.lastName}${s.firstName}${s.middleName ?? ''}`),
        squash(`${s.lastName}${s.firstName[0]}${s.middleName?.[0] ?? ''}`),
      ].includes(want),
    );
    if (found.length === 1) return found[0].id;
    return found.length
      ? 'teacher: several staff members have this name; use teacher_external_id'
      : 'teacher: no staff member with this name (import the staff first)';
  };
}

/**
 * Lessons of the timetable: a row is one lesson on a date, or a weekly lesson
 * (weekday, from, to) made into one lesson per such day outside holidays.
 * Each lesson is keyed by its external id (given, or made from class,
 * subgroup, date and slot), so a second import changes nothing.
 */
export const writeTimetable: FileWriter<TimetableRow> = async (em, ctx, rows) => {
  const problems: RowProblem[] = [];
  const stats: Required<FileStats> = { rows: rows.length, lessons: { created: 0, changed: 0, unchanged: 0 } };
  const classId = classResolver(em, ctx);
  const findTeacher = teacherFinder(em, ctx);
  const subjects = new Map<string, number>();
  const holidays = new Set(ctx.holidays.flatMap((h) => eachDate(h.startsOn, h.endsOn)));
  const slots = new Map<string, number>();
  const { year } = ctx;
  for (const { line, data: r } of rows) {
    const first = r.date ?? r.from!;
    const last = r.date ?? r.to!;
    if (first < year.startsOn || last > year.endsOn) {
      problems.push({
        line,
        message: `${r.date ? 'date' : 'from/to'}: outside the academic year ${year.name} (${year.startsOn}..${year.endsOn})`,
      });
      continue;
    }
    const dates = r.date ? [r.date] : eachDate(first, last).filter((d) => weekday(d) === r.weekday && !holidays.has(d));
    if (!dates.length) {
      problems.push({ line, message: 'weekday: no school day on this weekday between from and to' });
      continue;
    }
    const teacherId = await findTeacher(r);
    if (typeof teacherId === 'string') {
      problems.push({ line, message: teacherId });
      continue;
    }
    const cls = await classId(r.class);
    let subjectId = subjects.get(r.subject);
    if (subjectId === undefined) {
      subjectId = (await upsertSubject(em, { schoolId: ctx.schoolId, name: r.subject }, ctx.actor)).id;
      subjects.set(r.subject, subjectId);
    }
    const subgroupId = r.subgroup
      ? (await upsertSubgroup(em, { schoolId: ctx.schoolId, classId: cls, name: r.subgroup }, ctx.actor)).id
      : null;
    for (const date of dates) {
      const slotKey = `${r.class.name}|${r.subgroup ?? ''}|${date}|${r.slot}`;
      const taken = slots.get(slotKey);
      if (taken !== undefined) {
        problems.push({
          line,
          message: `slot: the class${r.subgroup ? ' subgroup' : ''} already has lesson ${r.slot} on ${date} (line ${taken})`,
        });
        break;
      }
      slots.set(slotKey, line);
      const externalId = r.external_id ?? `timetable:${r.class.name}:${r.subgroup ?? '-'}:${date}:${r.slot}`;
      // The file has no substitutions or cancellations: those recorded since the last import stay.
      const kept = await em.findOne(LessonEntity, {
        where: { schoolId: ctx.schoolId, externalId },
        select: { substituteTeacherId: true, cancelled: true },
      });
      const { outcome } = await upsertLessonIn(
        em,
        {
          schoolId: ctx.schoolId,
          classId: cls,
          subgroupId,
          subjectId,
          teacherId,
          date,
          slot: r.slot,
          startsAt: r.starts_at,
          endsAt: r.ends_at,
          room: r.room,
          externalId,
          substituteTeacherId: kept?.substituteTeacherId ?? null,
          cancelled: kept?.cancelled ?? false,
        },
        ctx.actor,
        ctx.events,
      );
      stats.lessons[outcome]++;
    }
  }
  return { problems, stats };
};
