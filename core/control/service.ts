import { authorizeClass, visibleClasses } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import { addDays, wallClock } from '../calendar.js';
import { choosePeriod, type DiaryPeriod } from '../diary/marks.js';
import type { ServiceDeps } from '../services/deps.js';
import { buildControlReport, type ControlReport } from './figures.js';
import { requestNudge } from './notify.js';
import {
  currentYearPeriods,
  schoolStaffMember,
  schoolSubjectId,
  schoolSubjects,
  schoolTeachers,
  type SchoolStaffMember,
} from './school-lists.js';
import { loadControlSettings, updateControlSettings } from './settings.js';

/**
 * The deputy's control panel (/control) as use cases: the report for a scope
 * and a span, the lists it picks from, its settings and the reminders to
 * teachers. The access profile is the staff member's; the policy check
 * (viewControl / manageControl) is the front end's, before it calls these.
 */

/** What the panel shows: the whole school, a class or a teacher; a period (by id) or the last 7 days. Kept in the session as is. */
export interface ControlView {
  s: 'school' | 'class' | 'teacher';
  id?: number;
  p?: number | 'week';
}

/** The scope the report is for, with the name its label needs. */
export type PanelScope = { kind: 'school' } | { kind: 'class'; name: string } | { kind: 'teacher'; name: string };

/** The span of the report: a period, or the last seven days (period null). */
export interface PanelSpan {
  from: string;
  to: string;
  period: DiaryPeriod | null;
}

export interface Panel {
  report: ControlReport;
  scope: PanelScope;
  span: PanelSpan;
}

const staffActor = (p: AccessProfile): Actor => ({ kind: 'staff', staffId: p.staff!.staffId });

/** What the use cases share: the school's clock, the staff member's school, the view's span and scope. */
function controlContext(deps: ServiceDeps) {
  const { db, clock } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  const today = () => wallClock(timezone, clock.now()).date;
  const schoolOf = (p: AccessProfile) => p.staff!.schoolId;
  const periods = (p: AccessProfile) => currentYearPeriods(db, schoolOf(p), today());

  /** A class of the staff member's school that the account may `view` (or `print`), or null. */
  const schoolClass = async (p: AccessProfile, classId: number, action: 'view' | 'print' = 'view') => {
    const c = await authorizeClass(db, p, action, classId);
    return c && c.schoolId === schoolOf(p) ? c : null;
  };

  /** The view's span; a stale or foreign period falls back to the current one, none at all to the week. */
  const spanOf = async (p: AccessProfile, v: ControlView): Promise<PanelSpan> => {
    const week = { from: addDays(today(), -6), to: today(), period: null };
    if (v.p === 'week') return week;
    const period = choosePeriod(await periods(p), today(), typeof v.p === 'number' ? v.p : null);
    return period ? { from: period.startsOn, to: period.endsOn, period } : week;
  };

  /** The view's class or teacher checked against the school; anything else is the whole school. */
  const scopeOf = async (p: AccessProfile, v: ControlView) => {
    if (v.s === 'class' && v.id) {
      const c = await schoolClass(p, v.id);
      if (c) return { filter: { classId: c.classId }, scope: { kind: 'class' as const, name: c.name } };
    }
    if (v.s === 'teacher' && v.id) {
      const t = await schoolStaffMember(db, schoolOf(p), v.id);
      if (t) return { filter: { teacherId: t.id }, scope: { kind: 'teacher' as const, name: t.name } };
    }
    return { filter: {}, scope: { kind: 'school' as const } };
  };

  /** The period a summary sheet is for: the view's, or the current one when the view is the week. */
  const sheetPeriod = async (p: AccessProfile, v: ControlView) =>
    (await spanOf(p, v)).period ?? choosePeriod(await periods(p), today());

  return { db, clock, timezone, schoolOf, periods, schoolClass, spanOf, scopeOf, sheetPeriod };
}
type ControlContext = ReturnType<typeof controlContext>;

/** The panel's report and the lists it picks from. */
function panelUseCases(c: ControlContext) {
  const { db, clock, timezone, schoolOf, periods, schoolClass, spanOf, scopeOf, sheetPeriod } = c;
  return {
    timezone,
    /** The panel's report for the view. */
    panel: async (p: AccessProfile, v: ControlView): Promise<Panel> => {
      const { filter, scope } = await scopeOf(p, v);
      const span = await spanOf(p, v);
      const report = await buildControlReport(
        db,
        { schoolId: schoolOf(p), from: span.from, to: span.to, ...filter },
        { now: clock.now(), timezone },
      );
      return { report, scope, span };
    },
    /** Classes of the school the account may view, for the class and summary-sheet pickers. */
    classes: async (p: AccessProfile) =>
      (await visibleClasses(db, p, 'view')).filter((c) => c.schoolId === schoolOf(p)),
    schoolClass: (p: AccessProfile, classId: number) => schoolClass(p, classId),
    teachers: (p: AccessProfile) => schoolTeachers(db, schoolOf(p)),
    teacher: (p: AccessProfile, staffId: number) => schoolStaffMember(db, schoolOf(p), staffId),
    periods,
    period: async (p: AccessProfile, periodId: number) => (await periods(p)).find((x) => x.id === periodId) ?? null,
    sheetPeriod,
    /** The class and period of a summary sheet, if the account may print it; null otherwise. */
    sheetTarget: async (p: AccessProfile, v: ControlView, classId: number) => {
      const c = await schoolClass(p, classId, 'print');
      const period = c ? await sheetPeriod(p, v) : null;
      return c && period ? { cls: c, period } : null;
    },
  };
}

/** The panel's settings and the reminders to teachers. */
function settingsUseCases({ db, clock, timezone, schoolOf, spanOf }: ControlContext) {
  return {
    settings: async (p: AccessProfile) => ({
      settings: await loadControlSettings(db, schoolOf(p)),
      subjects: await schoolSubjects(db, schoolOf(p)),
    }),
    toggleSetting: async (p: AccessProfile, setting: 'digest' | 'nudges') => {
      const s = await loadControlSettings(db, schoolOf(p));
      await updateControlSettings(db, schoolOf(p), { [setting]: !s[setting] }, staffActor(p));
    },
    /** Adds the subject to the ones without homework, or takes it off; false for a subject not of the school. */
    toggleNoHomework: async (p: AccessProfile, subjectId: number) => {
      const id = await schoolSubjectId(db, schoolOf(p), subjectId);
      if (!id) return false;
      const set = new Set((await loadControlSettings(db, schoolOf(p))).noHomeworkSubjectIds);
      if (set.has(id)) set.delete(id);
      else set.add(id);
      await updateControlSettings(db, schoolOf(p), { noHomeworkSubjectIds: [...set] }, staffActor(p));
      return true;
    },
    /** Reminds a teacher of the view's span's lessons without homework or a topic; how many lessons. */
    nudge: async (p: AccessProfile, v: ControlView, teacher: SchoolStaffMember) => {
      const span = await spanOf(p, v);
      return requestNudge(
        db,
        { schoolId: schoolOf(p), teacherId: teacher.id, from: span.from, to: span.to },
        staffActor(p),
        { now: clock.now(), timezone },
      );
    },
  };
}

export function controlService(deps: ServiceDeps) {
  const context = controlContext(deps);
  return { ...panelUseCases(context), ...settingsUseCases(context) };
}

export type ControlService = ReturnType<typeof controlService>;
