import { Keyboard } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { AccessProfile } from '../../core/access/profile.js';
import { mayUseToday } from '../../core/today/index.js';
import { mayOnSchool } from '../../core/access/policy.js';
import type { BotContext } from '../context.js';

/**
 * Every button the main menu can show. One list: a feature waiting for an
 * answer knows a menu press when it sees one, drops its question and lets the
 * button do its job (a button's label is never saved as a topic or a message).
 */
export const MENU_BUTTON_KEYS = [
  'menu-marks',
  'menu-homework',
  'menu-schedule',
  'menu-absences',
  'absence-reports-menu-button',
  'msg-menu-button',
  'menu-children',
  'menu-today',
  'menu-class',
  'menu-classes',
  'menu-control',
  'menu-settings',
] as const;

export const isMenuButton = (ctx: BotContext, text: string | undefined): boolean =>
  !!text && MENU_BUTTON_KEYS.some((k) => ctx.tPlain(k) === text);

/**
 * The main menu (reply keyboard) and the chat's command list, both derived
 * from what the account is linked as. Features add their buttons here.
 */
export function mainMenu(ctx: BotContext, p: AccessProfile): Keyboard {
  const kb = new Keyboard();
  if (p.children.length)
    kb.text(ctx.t('menu-marks'))
      .text(ctx.t('menu-homework'))
      .row()
      .text(ctx.t('menu-schedule'))
      .text(ctx.t('menu-absences'))
      .row();
  // School ↔ family (issue 8): absence reports for guardians, messages for everyone linked.
  if (p.children.some((c) => c.via === 'guardian')) kb.text(ctx.t('absence-reports-menu-button'));
  kb.text(ctx.t('msg-menu-button')).row();
  if (p.children.some((c) => c.via === 'guardian')) kb.text(ctx.t('menu-children'));
  if (mayUseToday(p)) kb.text(ctx.t('menu-today'));
  if (p.staff && (p.staff.classTeacherOf.length || p.staff.roles.includes('admin')))
    kb.text(ctx.t(p.staff.roles.includes('admin') ? 'menu-classes' : 'menu-class'));
  if (p.staff && mayOnSchool(p, 'viewControl', p.staff)) kb.text(ctx.t('menu-control'));
  kb.row().text(ctx.t('menu-settings'));
  return kb.resized().persistent();
}

export function commandsFor(ctx: BotContext, p: AccessProfile): BotCommand[] {
  const c = (command: string, key: string) => ({ command, description: ctx.t(key) });
  const list = [c('start', 'cmd-start')];
  if (p.children.length)
    list.push(
      c('marks', 'cmd-marks'),
      c('homework', 'cmd-homework'),
      c('schedule', 'cmd-schedule'),
      c('absences', 'cmd-absences'),
    );
  if (p.children.some((x) => x.via === 'guardian')) list.push(c('children', 'cmd-children'));
  if (p.children.some((x) => x.via === 'guardian'))
    list.push(c('absent', 'absence-reports-cmd'), c('consult', 'con-cmd'));
  list.push(c('messages', 'msg-cmd'));
  if (p.children.length) list.push(c('errors', 'corrections-cmd'));
  if (p.staff && (p.staff.classTeacherOf.length || mayOnSchool(p, 'announceSchool', p.staff)))
    list.push(c('announce', 'ann-cmd'));
  if (mayUseToday(p)) list.push(c('today', 'cmd-today'));
  if (p.staff && (p.staff.classTeacherOf.length || p.staff.roles.includes('admin'))) list.push(c('class', 'cmd-class'));
  if (p.staff && mayOnSchool(p, 'viewControl', p.staff)) list.push(c('control', 'cmd-control'));
  list.push(
    c('settings', 'cmd-settings'),
    c('notifications', 'cmd-notifications'),
    c('privacy', 'cmd-privacy'),
    c('mydata', 'cmd-mydata'),
    c('logout', 'cmd-logout'),
    c('compromised', 'cmd-compromised'),
    c('help', 'cmd-help'),
  );
  return list;
}

/** Sets this chat's command list to the account's roles (or removes it after unlinking). */
export async function refreshChatCommands(ctx: BotContext, p: AccessProfile | null): Promise<void> {
  const scope = { type: 'chat' as const, chat_id: ctx.chat!.id };
  if (p && p.links.length) await ctx.api.setMyCommands(commandsFor(ctx, p), { scope });
  else await ctx.api.deleteMyCommands({ scope });
}
