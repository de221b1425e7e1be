import { InlineKeyboard } from 'grammy';
import type { ControlSettings } from '../../../core/control/settings.js';
import type { Panel } from '../../../core/control/service.js';
import {
  FIGURES,
  figureButton,
  initials,
  listLines,
  listTitle,
  pages,
  panelText,
  type Figure,
  type Labels,
} from '../../../core/control/render.js';
import type { Texts } from '../../i18n.js';
import { grid } from '../../ui.js';
import {
  figureList,
  nudgeTeacher,
  panelScreen,
  type PanelScreen,
  pickClass,
  pickPeriod,
  pickTeacher,
  summarySheet,
  toggleNoHomework,
  toggleSetting,
} from './callbacks.js';

/**
 * The control panel's screens: data and texts in, text and keyboard out.
 * Labels of the scope and the span are plain (render.ts escapes them).
 */

export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

/** The scope (the whole school, a class, a teacher) and the period's name or the week, as a heading. */
export function panelLabels(t: Texts, panel: Panel, timezone: string): Labels {
  const s = panel.scope;
  const scope =
    s.kind === 'class'
      ? t.tPlain('control-scope-class', { class: s.name })
      : s.kind === 'teacher'
        ? t.tPlain('control-scope-teacher', { teacher: initials(s.name) })
        : t.tPlain('control-scope-school');
  const period = panel.span.period?.name ?? t.tPlain('control-period-week');
  return { scope, period, timezone };
}

const home = (t: Texts) => ({ text: t.t('control-btn-back'), data: panelScreen.pack({ screen: 'home' }) });
const backKeyboard = (t: Texts) => new InlineKeyboard().text(home(t).text, home(t).data);
const screenButton = (t: Texts, key: string, screen: PanelScreen) => [t.t(key), panelScreen.pack({ screen })] as const;

/** The panel: the figures (two to a row, each opening its list), scope and span, settings and a reminder for the deputy. */
export function panelView(
  t: Texts,
  panel: Panel,
  labels: Labels,
  opts: { manage: boolean; teacherView: boolean },
): Screen {
  const { report } = panel;
  const keyboard = grid(
    FIGURES.map((f) => ({ text: figureButton(report, f), data: figureList.pack({ figure: f }) })),
    2,
  );
  keyboard
    .row()
    .text(...screenButton(t, 'control-btn-school', 'school'))
    .text(...screenButton(t, 'control-btn-classes', 'classes'))
    .text(...screenButton(t, 'control-btn-teachers', 'teachers'));
  keyboard
    .row()
    .text(...screenButton(t, 'control-btn-periods', 'periods'))
    .text(...screenButton(t, 'control-btn-sheet', 'sheet'));
  if (opts.manage) {
    keyboard.row().text(...screenButton(t, 'control-btn-settings', 'settings'));
    if (opts.teacherView && report.scope.teacherId)
      keyboard.text(t.t('control-btn-nudge'), nudgeTeacher.pack({ staffId: report.scope.teacherId }));
  }
  keyboard.row().text(...screenButton(t, 'control-btn-refresh', 'home'));
  return { text: `${panelText(report, labels)}\n\n${t.t('control-hint')}`, keyboard };
}

/** The class picker: to narrow the panel, or (`sheet`) to print a class's summary sheet for `periodName`. */
export function classesView(
  t: Texts,
  classes: readonly { classId: number; name: string }[],
  purpose: 'classes' | 'sheet',
  periodName: string,
): Screen {
  const codec = purpose === 'sheet' ? summarySheet : pickClass;
  const keyboard = grid(
    classes.map((c) => ({ text: c.name, data: codec.pack({ classId: c.classId }) })),
    4,
  );
  keyboard.row().text(home(t).text, home(t).data);
  const text = purpose === 'sheet' ? t.t('control-pick-sheet', { period: periodName }) : t.t('control-pick-class');
  return { text, keyboard };
}

/** The teacher picker (sent without parse_mode). */
export function teachersView(t: Texts, teachers: readonly { id: number; name: string }[]): Screen {
  const keyboard = grid(
    teachers.map((x) => ({ text: initials(x.name), data: pickTeacher.pack({ staffId: x.id }) })),
    2,
  );
  keyboard.row().text(home(t).text, home(t).data);
  return { text: t.t('control-pick-teacher'), keyboard };
}

/** The period picker: the periods of the current year, three to a row, and the last seven days (sent without parse_mode). */
export function periodsView(t: Texts, periods: readonly { id: number; name: string }[]): Screen {
  const keyboard = grid(
    periods.map((x) => ({ text: x.name, data: pickPeriod.pack({ periodId: x.id }) })),
    3,
  );
  keyboard
    .row()
    .text(...screenButton(t, 'control-period-week', 'week'))
    .row()
    .text(home(t).text, home(t).data);
  return { text: t.t('control-pick-period'), keyboard };
}

/** A figure's list in messages under Telegram's limit; the back button goes under the last. */
export function figureView(panel: Panel, figure: Figure, labels: Labels): string[] {
  return pages(listTitle(panel.report, figure, labels), listLines(panel.report, figure, labels.timezone));
}

export const figureBack = backKeyboard;

/** The school's control settings: the digest, the nudges, the subjects without homework (two to a row). */
export function settingsView(t: Texts, s: ControlSettings, subjects: readonly { id: number; name: string }[]): Screen {
  const off = subjects.filter((x) => s.noHomeworkSubjectIds.includes(x.id)).map((x) => x.name);
  const text = t.t('control-settings', {
    digest: t.tHtml(s.digest ? 'control-on' : 'control-off'),
    nudges: t.tHtml(s.nudges ? 'control-on' : 'control-off'),
    subjects: off.length ? off.join(', ') : t.tHtml('control-none'),
  });
  const keyboard = new InlineKeyboard()
    .text(t.tPlain('control-btn-digest', { on: s.digest ? 'yes' : 'no' }), toggleSetting.pack({ setting: 'digest' }))
    .row()
    .text(t.tPlain('control-btn-nudges', { on: s.nudges ? 'yes' : 'no' }), toggleSetting.pack({ setting: 'nudges' }));
  const toggles = subjects.map((x) => ({
    text: t.tPlain('control-btn-subject', {
      subject: x.name,
      on: s.noHomeworkSubjectIds.includes(x.id) ? 'yes' : 'no',
    }),
    data: toggleNoHomework.pack({ subjectId: x.id }),
  }));
  keyboard.append(grid(toggles, 2));
  keyboard.row().text(home(t).text, home(t).data);
  return { text, keyboard };
}
