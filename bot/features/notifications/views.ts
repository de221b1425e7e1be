import { InlineKeyboard } from 'grammy';
import {
  AVERAGE_CHOICES,
  QUIET_CHOICES,
  STREAK_CHOICES,
  type ChildPreferences,
  type Kind,
} from '../../../core/notifications/preferences.js';
import type { Texts } from '../../i18n.js';
import {
  averageChoice,
  KIND_ARGS,
  kindToggle,
  quietChoice,
  quietCode,
  settingsChild,
  settingsPage,
  streakChoice,
} from './callbacks.js';

/** A settings screen: HTML text and its buttons. */
export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

/** Grade 1 keeps no marks and no homework: those kinds are not offered. */
export const MARK_KINDS: readonly Kind[] = ['marks', 'homework', 'periodMarks', 'forecast'];

/** Quiet hours as people read them, plain (an argument of HTML texts and of button labels alike). */
export const quietText = (t: Texts, q: string) =>
  q === 'off' ? t.tPlain('notifications-quiet-off') : q.replace('-', '–');
const numberText = (v: number) => String(v).replace('.', ',');
const averageText = (t: Texts, v: number | null) =>
  v === null ? t.tPlain('notifications-threshold-off') : numberText(v);
const streakText = (t: Texts, v: number | null) => (v === null ? t.tPlain('notifications-threshold-off') : String(v));

export interface ChildSettings {
  name: string;
  prefs: ChildPreferences;
  keepsMarks: boolean;
  /** The account is a guardian of several children: offer to switch. */
  several: boolean;
}

/** The main screen: per kind its mode, quiet hours and thresholds for the active child; quiet hours only for staff. */
export function settingsScreen(t: Texts, quiet: string, child: ChildSettings | null): Screen {
  const q = quietText(t, quiet);
  const kb = new InlineKeyboard();
  if (!child) {
    kb.text(t.tPlain('notifications-quiet-button', { quiet: q }), settingsPage.pack({ page: 'quiet' }));
    return { text: t.t('notifications-title-staff', { quiet: q }), keyboard: kb };
  }
  const { prefs } = child;
  for (const [arg, kind] of Object.entries(KIND_ARGS) as [keyof typeof KIND_ARGS, Kind][]) {
    if (!child.keepsMarks && MARK_KINDS.includes(kind)) continue;
    kb.text(
      t.tPlain('notifications-kind-button', {
        kind: t.tPlain(`notifications-kind-${kind}`),
        mode: t.tPlain(`notifications-mode-${prefs.modes[kind]}`),
      }),
      kindToggle.pack({ kind: arg }),
    ).row();
  }
  kb.text(t.tPlain('notifications-quiet-button', { quiet: q }), settingsPage.pack({ page: 'quiet' })).row();
  if (child.keepsMarks)
    kb.text(
      t.tPlain('notifications-average-button', { value: averageText(t, prefs.averageBelow) }),
      settingsPage.pack({ page: 'average' }),
    ).row();
  kb.text(
    t.tPlain('notifications-streak-button', { value: streakText(t, prefs.absenceStreak) }),
    settingsPage.pack({ page: 'streak' }),
  ).row();
  if (child.several) kb.text(t.t('notifications-child-button'), settingsPage.pack({ page: 'child' }));
  return { text: t.t('notifications-title', { child: child.name, quiet: q }), keyboard: kb };
}

const back = (t: Texts) => new InlineKeyboard().text(t.t('notifications-back'), settingsPage.pack({ page: 'back' }));

export function quietScreen(t: Texts, quiet: string): Screen {
  const kb = new InlineKeyboard();
  for (const q of QUIET_CHOICES)
    kb.text(
      q === 'off' ? t.t('notifications-quiet-off') : q.replace('-', '–'),
      quietChoice.pack({ quiet: quietCode(q) }),
    ).row();
  return {
    text: t.t('notifications-quiet-title', { quiet: quietText(t, quiet) }),
    keyboard: kb.row().append(back(t)),
  };
}

export function averageScreen(t: Texts, averageBelow: number | null): Screen {
  const kb = new InlineKeyboard();
  for (const v of AVERAGE_CHOICES) kb.text(numberText(v), averageChoice.pack({ value: Math.round(v * 10) }));
  kb.row()
    .text(t.t('notifications-threshold-off'), averageChoice.pack({ value: 'off' }))
    .row()
    .append(back(t));
  return { text: t.t('notifications-average-title', { value: averageText(t, averageBelow) }), keyboard: kb };
}

export function streakScreen(t: Texts, child: string, absenceStreak: number | null): Screen {
  const kb = new InlineKeyboard();
  for (const v of STREAK_CHOICES) kb.text(String(v), streakChoice.pack({ value: v }));
  kb.row()
    .text(t.t('notifications-threshold-off'), streakChoice.pack({ value: 'off' }))
    .row()
    .append(back(t));
  return { text: t.t('notifications-streak-title', { child, value: streakText(t, absenceStreak) }), keyboard: kb };
}

/** A guardian of several children: whom the settings are about. */
export function childChoiceScreen(
  t: Texts,
  children: { studentId: number; firstName: string; lastName: string; className: string }[],
): Screen {
  const kb = new InlineKeyboard();
  for (const c of children)
    kb.text(`${c.firstName} ${c.lastName}, ${c.className}`, settingsChild.pack({ studentId: c.studentId })).row();
  return { text: t.t('notifications-choose-child'), keyboard: kb };
}
