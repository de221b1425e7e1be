import { textsOf } from '../texts.js';
import { moment, shortDate } from '../paper/texts.js';
import { percent, type ControlReport, type LessonItem } from './figures.js';

/**
 * The panel as text (Telegram HTML), shared by the bot's /control and the
 * Monday digest, so the deputy reads the same figures in both.
 */
const { html: t, plain } = textsOf('control');

/** The figures a list can be opened for; the ids are the callback arguments. */
export const FIGURES = [
  'nomarks',
  'onemark',
  'hwmissing',
  'hwlate',
  'notopic',
  'attlate',
  'markslate',
  'famoff',
  'famidle',
  'changed',
  'reports',
] as const;
export type Figure = (typeof FIGURES)[number];
export const isFigure = (s: string): s is Figure => (FIGURES as readonly string[]).includes(s);

export function figureCount(r: ControlReport, f: Figure): number {
  switch (f) {
    case 'nomarks':
      return r.marks.none.length;
    case 'onemark':
      return r.marks.one.length;
    case 'hwmissing':
      return r.homeworkMissing.length;
    case 'hwlate':
      return r.homeworkLate.length;
    case 'notopic':
      return r.noTopic.length;
    case 'attlate':
      return r.attendanceLate.length;
    case 'markslate':
      return r.marksLate.length;
    case 'famoff':
      return r.families.off.length;
    case 'famidle':
      return r.families.idle.length;
    case 'changed':
      return r.changed.length;
    case 'reports':
      return r.corrections.length;
  }
}

export interface Labels {
  scope: string;
  period: string;
  timezone: string;
}

/** Surname and initials: «Петрова Е. В.». */
export const initials = (full: string) => {
  const [last, ...rest] = full.split(' ').filter(Boolean);
  return [last, ...rest.map((p) => `${p[0]}.`)].join(' ');
};

export function panelText(r: ControlReport, l: Labels, opts: { subjects?: boolean } = {}): string {
  const m = r.marks;
  const fam = r.families;
  const to = r.scope.to < r.today ? r.scope.to : r.today;
  const lines = [
    t('control-head', { scope: l.scope, period: l.period, from: shortDate(r.scope.from), to: shortDate(to) }),
    '',
    t('control-line-marks', {
      none: m.none.length,
      one: m.one.length,
      pairs: m.pairs,
      nonePct: percent(m.none.length, m.pairs),
      onePct: percent(m.one.length, m.pairs),
    }),
    ...(opts.subjects === false
      ? []
      : m.bySubject
          .filter((s) => s.none || s.one)
          .map((s) =>
            t('control-line-subject', {
              subject: s.subject,
              students: s.students,
              nonePct: percent(s.none, s.students),
              onePct: percent(s.one, s.students),
            }),
          )),
    t('control-line-homework', {
      missing: r.homeworkMissing.length,
      expected: r.homeworkExpected,
      late: r.homeworkLate.length,
    }),
    t('control-line-topics', { count: r.noTopic.length, held: r.lessonsHeld }),
    t('control-line-attendance', { count: r.attendanceLate.length }),
    t('control-line-marks-late', { count: r.marksLate.length, written: r.writtenMarks }),
    t('control-line-families', {
      connected: fam.connected,
      students: fam.students,
      connectedPct: percent(fam.connected, fam.students),
      active: fam.active,
      activePct: percent(fam.active, fam.students),
    }),
    t('control-line-changed', { count: r.changed.length }),
    t('control-line-reports', { open: r.corrections.length, overdue: r.corrections.filter((c) => c.overdue).length }),
    ...(r.journal ? [t('control-line-journal', { ...r.journal })] : []),
  ];
  return lines.join('\n');
}

function lessonLine(i: LessonItem): string {
  return t('control-item-lesson', {
    date: shortDate(i.date),
    slot: i.slot,
    class: i.className,
    subject: i.subject,
    subgroup: i.subgroup,
    teacher: initials(i.teacher),
  });
}

/** One figure's list, a line per student or lesson. */
export function listLines(r: ControlReport, f: Figure, timezone: string): string[] {
  const at = (d: Date) => moment(d, timezone);
  switch (f) {
    case 'nomarks':
    case 'onemark':
      return (f === 'nomarks' ? r.marks.none : r.marks.one).map((s) =>
        t('control-item-student', { class: s.className, name: s.name, subject: s.subject }),
      );
    case 'hwmissing':
      return r.homeworkMissing.map(lessonLine);
    case 'notopic':
      return r.noTopic.map(lessonLine);
    case 'hwlate':
      return r.homeworkLate.map((i) =>
        t('control-item-hwlate', { lesson: lessonLine(i), setAt: at(i.setAt), dueAt: at(i.dueAt) }),
      );
    case 'attlate':
      return r.attendanceLate.map((i) =>
        t('control-item-attlate', {
          lesson: lessonLine(i),
          student: i.student,
          status: i.status,
          at: at(i.recordedAt),
        }),
      );
    case 'markslate':
      return r.marksLate.map((i) =>
        t('control-item-marklate', {
          lesson: lessonLine(i),
          student: i.student,
          value: i.value,
          kind: i.workKind,
          at: at(i.enteredAt),
          days: i.allowedDays,
        }),
      );
    case 'famoff':
      return r.families.off.map((i) =>
        t('control-item-family', { class: i.className, name: i.name, refused: i.refused ? 'yes' : 'no' }),
      );
    case 'famidle':
      return r.families.idle.map((i) =>
        t('control-item-family-seen', {
          class: i.className,
          name: i.name,
          seen: i.lastSeenAt ? at(i.lastSeenAt) : '—',
        }),
      );
    case 'changed':
      return r.changed.map((i) =>
        t('control-item-changed', {
          lesson: lessonLine(i),
          cancelled: i.cancelled ? 'yes' : 'no',
          substitute: i.substitute ? initials(i.substitute) : '',
        }),
      );
    case 'reports':
      return r.corrections.map((i) =>
        t('control-item-report', {
          class: i.className,
          name: i.name,
          entity: i.entityType,
          at: at(i.reportedAt),
          due: at(i.dueAt),
          overdue: i.overdue ? 'yes' : 'no',
          teacher: i.teacher ? initials(i.teacher) : null,
        }),
      );
  }
}

export function listTitle(r: ControlReport, f: Figure, l: Labels): string {
  const to = r.scope.to < r.today ? r.scope.to : r.today;
  return t('control-list-title', {
    figure: f,
    scope: l.scope,
    from: shortDate(r.scope.from),
    to: shortDate(to),
    count: figureCount(r, f),
  });
}

/**
 * Label of a figure's button: «Без отметок (3)».
 */
/** A button label: plain text. */
export const figureButton = (r: ControlReport, f: Figure) => plain(`control-fig-${f}`, { count: figureCount(r, f) });

/** Splits lines into messages under Telegram's limit, the title on the first. */
export function pages(title: string, lines: string[], max = 3900): string[] {
  const out: string[] = [];
  let cur = title;
  for (const line of lines.length ? lines : [t('control-list-empty')]) {
    if (cur.length + 1 + line.length > max) {
      out.push(cur);
      cur = line;
    } else cur = `${cur}\n${line}`;
  }
  out.push(cur);
  return out;
}

export const controlText = t;
