import { InlineKeyboard } from 'grammy';
import type { AccessProfile, ChildView } from '../../../core/access/profile.js';
import type { Texts } from '../../i18n.js';
import { settingsItem } from '../settings/callbacks.js';
import { childSwitch } from './callbacks.js';

/** The guardian's children, the active one ticked, one a row, and «add a child by code» (HTML). */
export function childrenView(
  t: Texts,
  p: AccessProfile,
  kids: ChildView[],
): { text: string; keyboard: InlineKeyboard } {
  const active = kids.find((c) => c.studentId === p.activeStudentId) ?? kids[0];
  const kb = new InlineKeyboard();
  for (const c of kids)
    kb.text(
      `${c.studentId === active.studentId ? '✅ ' : ''}${c.firstName} ${c.lastName}, ${c.className}`,
      childSwitch.pack({ studentId: c.studentId }),
    ).row();
  kb.text(t.t('children-add'), settingsItem.pack({ item: 'addchild' }));
  return { text: t.t('children-title', { student: `${active.firstName} ${active.lastName}` }), keyboard: kb };
}

/** «Теперь все ответы — про …» (HTML). */
export const switchedText = (t: Texts, c: ChildView): string =>
  t.t('children-switched', { student: `${c.firstName} ${c.lastName}`, class: c.className });
