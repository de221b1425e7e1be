import { authorizeStudent, mayOnSchool } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { wallClock } from '../calendar.js';
import { scopeLessons, type ControlReport } from '../control/figures.js';
import { controlService, type ControlView } from '../control/service.js';
import { choosePeriod } from '../diary/marks.js';
import type { ServiceDeps } from '../services/deps.js';
import { lessonDetail, studentSummary } from './detail.js';
import { panelFigures } from './figures.js';
import { classRows, currentClasses, lessonLines, teacherRows } from './rows.js';
import { studentRows } from './students.js';
import { weeklyKept } from './weeks.js';

/** The span a panel level is asked for: a period of the current year by id, the last seven days, or (none) the current period. */
export type PanelPeriod = number | 'week' | undefined;

/** What the panel's levels share: the chat's report for a view with its head, its lessons, its chart. */
function panelContext(deps: ServiceDeps) {
  const { db, clock } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  const control = controlService(deps);
  const today = () => wallClock(timezone, clock.now()).date;
  const schoolOf = (p: AccessProfile) => p.staff!.schoolId;
  const may = (p: AccessProfile, action: 'viewControl' | 'manageControl') =>
    !!p.staff && mayOnSchool(p, action, { schoolId: p.staff.schoolId });

  /** The chat's report for the view, its figures, span and the periods to pick from. */
  async function head(p: AccessProfile, view: ControlView) {
    const { report, span } = await control.panel(p, view);
    const periods = (await control.periods(p)).map((x) => ({ id: x.id, name: x.name }));
    return {
      report,
      head: {
        span: {
          from: span.from,
          to: report.today < span.to ? report.today : span.to,
          periodId: span.period?.id ?? null,
        },
        periods,
        figures: panelFigures(report),
        manage: may(p, 'manageControl'),
      },
    };
  }

  /** The report's lessons (its scope and span up to today), lesson by lesson. */
  const lessonsOf = (r: ControlReport) => {
    const to = r.scope.to < r.today ? r.scope.to : r.today;
    if (r.scope.from > to) return Promise.resolve([]);
    const s = r.scope;
    return scopeLessons(db, [s.schoolId, s.from, to, s.classId ?? null, s.teacherId ?? null, timezone], s.teacherId);
  };
  const chart = (r: ControlReport) =>
    weeklyKept(db, r.scope, { settings: r.settings, now: r.now, today: r.today, timezone });

  return { db, control, today, schoolOf, may, head, lessonsOf, chart };
}

/**
 * The deputy's and the director's control panel in the Mini App (screen 4):
 * the chat's /control report (core/control) at each level of the drill-down
 * — school → class → teacher → student → lesson — with the weekly chart.
 * Every level answers null without viewControl, and for an id that is not
 * of the person's school (or does not exist); the front end also checks
 * viewControl first (`allowed`), so no level is even looked up for others.
 * The director reads; the deputy also reminds a teacher (manageControl).
 */
export function panelService(deps: ServiceDeps) {
  const { db, control, today, schoolOf, may, head, lessonsOf, chart } = panelContext(deps);
  return {
    /** May this account open the panel at all (viewControl: the deputy and the director). */
    allowed: (p: AccessProfile) => may(p, 'viewControl'),
    school: async (p: AccessProfile, period: PanelPeriod) => {
      if (!may(p, 'viewControl')) return null;
      const { report, head: h } = await head(p, { s: 'school', p: period });
      const classes = await currentClasses(db, schoolOf(p), today());
      return { ...h, classes: classRows(report, await lessonsOf(report), classes), chart: await chart(report) };
    },
    schoolClass: async (p: AccessProfile, classId: number, period: PanelPeriod) => {
      const c = may(p, 'viewControl') ? await control.schoolClass(p, classId) : null;
      if (!c) return null;
      const { report, head: h } = await head(p, { s: 'class', id: c.classId, p: period });
      const lessons = await lessonsOf(report);
      const lines = await lessonLines(db, report, lessons);
      return {
        ...h,
        cls: { classId: c.classId, name: c.name, grade: c.grade },
        teachers: teacherRows(report, lessons, lines),
        students: await studentRows(db, report, c.classId, h.span),
        chart: await chart(report),
      };
    },
    teacher: async (p: AccessProfile, staffId: number, period: PanelPeriod) => {
      const t = may(p, 'viewControl') ? await control.teacher(p, staffId) : null;
      if (!t) return null;
      const { report, head: h } = await head(p, { s: 'teacher', id: t.id, p: period });
      const lines = await lessonLines(db, report, await lessonsOf(report));
      return { ...h, teacher: t, lessons: lines, chart: await chart(report) };
    },
    student: async (p: AccessProfile, studentId: number, period: PanelPeriod) => {
      const s = await authorizeStudent(db, p, 'view', studentId);
      if (!s || !may(p, 'viewControl') || s.schoolId !== schoolOf(p)) return null;
      const periods = await control.periods(p);
      const chosen = choosePeriod(periods, today(), typeof period === 'number' ? period : null);
      return {
        periods: periods.map((x) => ({ id: x.id, name: x.name })),
        ...(await studentSummary(db, s, today(), chosen?.id ?? null)),
      };
    },
    lesson: async (p: AccessProfile, lessonId: number) =>
      may(p, 'viewControl') ? lessonDetail(db, schoolOf(p), lessonId) : null,
    /**
     * The deputy reminds a teacher of the span's lessons without homework or a
     * topic (the chat's «remind», through Notifications); null when not allowed
     * or not a teacher of the school.
     */
    nudge: async (p: AccessProfile, staffId: number, period: PanelPeriod) => {
      if (!may(p, 'manageControl')) return null;
      const t = await control.teacher(p, staffId);
      if (!t) return null;
      if (!t.linked) return { linked: false, lessons: 0 };
      return { linked: true, lessons: await control.nudge(p, { s: 'teacher', id: t.id, p: period }, t) };
    },
  };
}

export type PanelService = ReturnType<typeof panelService>;
