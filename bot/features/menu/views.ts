import { Keyboard } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { AccessProfile } from '../../../core/access/profile.js';
import { mayUseToday } from '../../../core/today/index.js';
import { mayOnSchool } from '../../../core/access/policy.js';
import type { Texts } from '../../i18n.js';

/**
 * Every button the main menu can show. One list: a feature waiting for an
 * answer knows a menu press when it sees one, drops its question and lets the
 * button do its job (a button's label is never saved as a topic or a message).
 */
/** The diary's four buttons (the class teacher's desk counts presses of them as looks at the diary). */
export const DIARY_MENU_KEYS = ['menu-marks', 'menu-homework', 'menu-schedule', 'menu-absences'] as const;

export const MENU_BUTTON_KEYS = [
  ...DIARY_MENU_KEYS,
  'absence-reports-menu-button',
  'messages-menu-button',
  'menu-children',
  'menu-today',
  'menu-class',
  'menu-classes',
  'menu-control',
  'menu-settings',
] as const;

export const isMenuButton = (t: Texts, text: string | undefined): boolean =>
  !!text && MENU_BUTTON_KEYS.some((k) => t.tPlain(k) === text);

/**
 * The main menu (reply keyboard) and the chat's command list, both derived
 * from what the account is linked as. Features add their buttons here.
 */
export function mainMenu(t: Texts, p: AccessProfile): Keyboard {
  const kb = new Keyboard();
  if (p.children.length)
    kb.text(t.t('menu-marks'))
      .text(t.t('menu-homework'))
      .row()
      .text(t.t('menu-schedule'))
      .text(t.t('menu-absences'))
      .row();
  // School ↔ family (issue 8): absence reports for guardians, messages for everyone linked.
  if (p.children.some((c) => c.via === 'guardian')) kb.text(t.t('absence-reports-menu-button'));
  kb.text(t.t('messages-menu-button')).row();
  if (p.children.some((c) => c.via === 'guardian')) kb.text(t.t('menu-children'));
  if (mayUseToday(p)) kb.text(t.t('menu-today'));
  if (p.staff && (p.staff.classTeacherOf.length || p.staff.roles.includes('admin')))
    kb.text(t.t(p.staff.roles.includes('admin') ? 'menu-classes' : 'menu-class'));
  if (p.staff && mayOnSchool(p, 'viewControl', p.staff)) kb.text(t.t('menu-control'));
  kb.row().text(t.t('menu-settings'));
  return kb.resized().persistent();
}

export function commandsFor(t: Texts, p: AccessProfile): BotCommand[] {
  const c = (command: string, key: string) => ({ command, description: t.t(key) });
  const list = [c('start', 'menu-cmd-start')];
  if (p.children.length)
    list.push(
      c('marks', 'cmd-marks'),
      c('homework', 'cmd-homework'),
      c('schedule', 'cmd-schedule'),
      c('absences', 'cmd-absences'),
    );
  if (p.children.some((x) => x.via === 'student')) list.push(c('checklist', 'checklist-cmd'));
  if (p.children.some((x) => x.via === 'guardian')) list.push(c('children', 'menu-cmd-children'));
  if (p.children.some((x) => x.via === 'guardian'))
    list.push(c('absent', 'absence-reports-cmd'), c('consult', 'consultations-cmd'));
  list.push(c('messages', 'messages-cmd'));
  if (p.children.length) list.push(c('errors', 'corrections-cmd'));
  if (p.staff && (p.staff.classTeacherOf.length || mayOnSchool(p, 'announceSchool', p.staff)))
    list.push(c('announce', 'announcements-cmd'));
  if (mayUseToday(p)) list.push(c('today', 'cmd-today'));
  if (p.staff && (p.staff.classTeacherOf.length || p.staff.roles.includes('admin')))
    list.push(c('class', 'menu-cmd-class'));
  if (p.staff && (p.staff.classTeacherOf.length || p.staff.roles.some((r) => r === 'admin' || r === 'deputy')))
    list.push(c('classgroup', 'class-group-cmd'));
  if (p.staff && mayOnSchool(p, 'viewControl', p.staff)) list.push(c('control', 'cmd-control'));
  list.push(
    c('settings', 'menu-cmd-settings'),
    c('notifications', 'cmd-notifications'),
    c('privacy', 'menu-cmd-privacy'),
    c('mydata', 'menu-cmd-mydata'),
    c('logout', 'menu-cmd-logout'),
    c('compromised', 'menu-cmd-compromised'),
    c('help', 'menu-cmd-help'),
  );
  return list;
}
