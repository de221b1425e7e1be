import { InlineKeyboard } from 'grammy';
import type { GroupRow } from '../../../core/class-group/store.js';
import { botLink, type Messenger } from '../../../core/messenger.js';
import type { Texts } from '../../i18n.js';
import { formatDate, formatTime } from '../../format.js';
import { grid } from '../../ui.js';
import { acknowledgeAnnouncement } from '../announcements/callbacks.js';
import {
  groupCode,
  groupPanel,
  groupReplace,
  groupReplaceNo,
  groupToggle,
  groupUnlinkAsk,
  groupUnlinkYes,
  OPTIONS,
} from './callbacks.js';

export interface View {
  text: string;
  keyboard?: InlineKeyboard;
}

/** The classes whose group the account manages, to pick one. */
export const pickView = (t: Texts, classes: { classId: number; name: string }[]): View => ({
  text: t.t('class-group-pick'),
  keyboard: grid(
    classes.map((c) => ({ text: c.name, data: groupPanel.pack({ classId: c.classId }) })),
    4,
  ),
});

/** The class teacher's panel: the group linked or not, what it gets (switches), what it never gets. */
export function panelView(
  t: Texts,
  p: { classId: number; className: string; group: GroupRow | null },
  timezone: string,
  messenger: Messenger,
): View {
  const kb = new InlineKeyboard();
  const g = p.group;
  const lines = [t.t('class-group-panel-title', { class: p.className })];
  if (!g) {
    lines.push(t.t('class-group-panel-unlinked'), '', t.t('class-group-panel-how', { messenger }));
    kb.text(t.tPlain('class-group-get-code'), groupCode.pack({ classId: p.classId }));
  } else {
    lines.push(t.t('class-group-panel-linked', { group: g.title, date: formatDate(g.linkedAt, timezone) }));
    if (g.inactiveReason) lines.push(t.t('class-group-panel-inactive', { reason: g.inactiveReason }));
    lines.push('', t.t('class-group-panel-gets'));
    for (const [short, option] of Object.entries(OPTIONS) as [
      keyof typeof OPTIONS,
      (typeof OPTIONS)[keyof typeof OPTIONS],
    ][])
      kb.text(
        t.tPlain('class-group-option', { option, on: g[option] ? 'yes' : 'no' }),
        groupToggle.pack({ classId: p.classId, option: short }),
      ).row();
    kb.text(t.tPlain('class-group-new-code'), groupCode.pack({ classId: p.classId })).row();
    kb.text(t.tPlain('class-group-unlink'), groupUnlinkAsk.pack({ classId: p.classId }));
  }
  lines.push('', t.t('class-group-panel-never'));
  return { text: lines.join('\n'), keyboard: kb };
}

/** The code, with (Telegram only: MAX has no such link) the deep link that adds the bot to a group with it. */
export function codeView(
  t: Texts,
  c: { classId: number; className: string; code: string; expiresAt: Date },
  bot: { username: string; messenger: Messenger },
  timezone: string,
): View {
  const telegram = bot.messenger === 'telegram';
  const text = t.t('class-group-code', { class: c.className, code: c.code, until: formatTime(c.expiresAt, timezone) });
  const keyboard = new InlineKeyboard();
  if (telegram)
    keyboard.url(t.tPlain('class-group-add-button'), `https://t.me/${bot.username}?startgroup=${c.code}`).row();
  return {
    text: telegram ? `${text}\n${t.t('class-group-code-add')}` : text,
    keyboard: keyboard.text(t.tPlain('class-group-back'), groupPanel.pack({ classId: c.classId })),
  };
}

export const unlinkAskView = (t: Texts, classId: number, group: string, className: string): View => ({
  text: t.t('class-group-unlink-ask', { group, class: className }),
  keyboard: new InlineKeyboard()
    .text(t.tPlain('class-group-unlink-yes'), groupUnlinkYes.pack({ classId }))
    .text(t.tPlain('class-group-unlink-no'), groupPanel.pack({ classId })),
});

/** In the group: replace the class's other group? */
export const replaceView = (t: Texts, codeId: number, className: string): View => ({
  text: t.t('class-group-replace-ask', { class: className }),
  keyboard: new InlineKeyboard()
    .text(t.tPlain('class-group-replace-yes'), groupReplace.pack({ codeId }))
    .text(t.tPlain('class-group-replace-no'), groupReplaceNo.pack({ codeId })),
});

/** A pointer to the private chat (anything personal asked in the group). */
export const privateOnlyView = (t: Texts, bot: string, messenger: Messenger): View => ({
  text: t.t('class-group-private-only'),
  keyboard: new InlineKeyboard().url(t.tPlain('class-group-private-button'), botLink(bot, messenger)),
});

/** The announcement a group's deep link opens, with the family's acknowledge button. */
export const ackView = (t: Texts, a: { id: number; text: string }): View => ({
  text: t.t('class-group-ack-open', { text: a.text }),
  keyboard: new InlineKeyboard().text(
    t.tPlain('announcements-ack'),
    acknowledgeAnnouncement.pack({ announcementId: a.id }),
  ),
});

/** The commands a group sees in its menu (setMyCommands, scope all_group_chats). */
export const groupCommands = (t: Texts) =>
  (['homework', 'schedule', 'help', 'link', 'unlink'] as const).map((command) => ({
    command,
    description: t.tPlain(`class-group-cmd-${command}`),
  }));
