import { InlineKeyboard } from 'grammy';
import type { Texts } from '../../i18n.js';
import { formatTime } from '../../format.js';
import { compromiseYes, confirmNo, logoutYes, settingsItem } from './callbacks.js';

export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

/** The notifications feature's menu (its button data: `nt:menu`). */
const NOTIFICATIONS_MENU = 'nt:menu';

/** /settings: notifications, what is stored, my data, logout, compromise — one button a row (HTML). */
export function settingsView(t: Texts): Screen {
  const item = (i: 'privacy' | 'mydata' | 'logout' | 'compromised') => settingsItem.pack({ item: i });
  return {
    text: t.t('settings-title'),
    keyboard: new InlineKeyboard()
      .text(t.t('notifications-settings-button'), NOTIFICATIONS_MENU)
      .row()
      .text(t.t('settings-privacy'), item('privacy'))
      .row()
      .text(t.t('settings-mydata'), item('mydata'))
      .row()
      .text(t.t('settings-logout'), item('logout'))
      .row()
      .text(t.t('settings-compromised'), item('compromised')),
  };
}

/** «Отвязать аккаунт?» with yes and no (plain text). */
export const logoutQuestion = (t: Texts): Screen => ({
  text: t.t('settings-logout-confirm'),
  keyboard: new InlineKeyboard()
    .text(t.t('settings-logout-yes'), logoutYes.pack({ answer: 'y' }))
    .text(t.t('settings-logout-no'), confirmNo.pack({ answer: 'n' })),
});

/** «Мой доступ скомпрометирован»: what happens, with yes and no (plain text). */
export const compromiseQuestion = (t: Texts): Screen => ({
  text: t.t('settings-compromised-confirm'),
  keyboard: new InlineKeyboard()
    .text(t.t('settings-compromised-yes'), compromiseYes.pack({ answer: 'y' }))
    .text(t.t('settings-compromised-no'), confirmNo.pack({ answer: 'n' })),
});

/** Access closed: when, and whether class teachers are told (plain text). */
export const compromisedText = (t: Texts, r: { reportedAt: Date; classTeachersToTell: number }, timezone: string) =>
  t.tPlain('settings-compromised-done', { time: formatTime(r.reportedAt, timezone), told: r.classTeachersToTell });
