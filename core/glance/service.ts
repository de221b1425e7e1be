import { authorizeClass, mayOnClass, mayOnSchool } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { wallClock } from '../calendar.js';
import { classRoster, weekAbsences, type ReviewReason } from '../desk/index.js';
import { deskService } from '../desk/service.js';
import { keepsMarks } from '../diary/student.js';
import type { ServiceDeps } from '../services/deps.js';
import { classMarks } from './marks.js';

/**
 * The class at a glance (Mini App screen 2) as use cases. Who may open a
 * class: its class teacher, and the school's deputy and director read-only
 * (the same people who open the class in the control panel, policy
 * viewControl). Reasons for absences are set only by the class teacher
 * (seed 000 §3.5, policy decideAbsence), through the desk's use case, so the
 * same journal events, audit and notifications follow.
 */

export interface GlanceClass {
  classId: number;
  schoolId: number;
  name: string;
  grade: number;
  /** The account may set absence reasons here (the class teacher). */
  decides: boolean;
}

/** Who of a student's family is connected: names and whether linked, never codes or hashes. */
export interface GlanceFamily {
  studentId: number;
  /** The student's name, «Фамилия Имя». */
  name: string;
  people: { role: 'guardian' | 'student'; name: string; linked: boolean }[];
}

export function glanceService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  const today = () => wallClock(timezone, clock.now()).date;
  const desk = deskService(deps);

  /** The class if this account may open it at a glance, or null (missing and forbidden alike). */
  async function glanceClass(p: AccessProfile, classId: number): Promise<GlanceClass | null> {
    const c = await authorizeClass(db, p, 'view', classId);
    if (!c) return null;
    const decides = mayOnClass(p, 'decideAbsence', c);
    if (!decides && !mayOnSchool(p, 'viewControl', c)) return null;
    return { ...c, decides };
  }

  return {
    glanceClass,
    /** The classes the account is class teacher of, for the picker (id and name). */
    myClasses: async (p: AccessProfile) => {
      const out: { classId: number; name: string }[] = [];
      for (const id of p.staff?.classTeacherOf ?? []) {
        const c = await authorizeClass(db, p, 'decideAbsence', id);
        if (c) out.push({ classId: c.classId, name: c.name });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name, 'ru'));
    },
    /** Averages and period marks of a period (grade 1 keeps none), the week's unexplained absences, families. */
    view: async (c: GlanceClass, periodId?: number | null) => {
      const day = today();
      const marks = keepsMarks(c) ? await classMarks(db, c.classId, day, periodId) : null;
      const week = await weekAbsences(db, c.classId, day);
      const roster = await classRoster(db, c.classId, clock.now());
      const families: GlanceFamily[] = roster.map((r) => ({
        studentId: r.studentId,
        name: r.name,
        people: r.people.map((x) => ({ role: x.role, name: x.name, linked: x.linked })),
      }));
      return {
        today: day,
        marks,
        week: {
          from: week.from,
          to: week.to,
          rows: week.rows
            .filter((r) => r.unknown.length)
            .map((r) => ({ studentId: r.studentId, name: r.name, lessons: r.lessons, unknown: r.unknown })),
        },
        families,
      };
    },
    /**
     * The class teacher's reason for one absence of this week (or all of a
     * student's unexplained ones), through the desk; null when not allowed.
     */
    setReason: (p: AccessProfile, studentId: number, reason: ReviewReason, lessonId?: number) =>
      desk.recordWeekReasons(p, studentId, reason, lessonId),
    /** The student's absences of this week still without a reason, after a change. */
    unknownOf: async (classId: number, studentId: number) =>
      (await weekAbsences(db, classId, today())).rows.find((r) => r.studentId === studentId)?.unknown ?? [],
  };
}

export type GlanceService = ReturnType<typeof glanceService>;
