import { InlineKeyboard } from 'grammy';
import { childName } from '../../../core/family/common.js';
import type { Contact } from '../../../core/messages/index.js';
import { formatTime } from '../../format.js';
import type { Texts } from '../../i18n.js';
import { anyTime, consultWith } from './callbacks.js';

export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

/** With whom (plain): the child's teachers and the administration. */
export function teacherPickerView(
  t: Texts,
  child: { firstName: string; lastName: string },
  teachers: readonly Contact[],
): Screen {
  const keyboard = new InlineKeyboard();
  for (const c of teachers) keyboard.text(c.name, consultWith.pack({ staffId: c.staffId })).row();
  return { text: t.tPlain('consultations-pick-teacher', { child: childName(child) }), keyboard };
}

/** The times asked for, or «Любое время» (HTML). */
export function askTimesView(t: Texts): Screen {
  return {
    text: t.t('consultations-ask-times'),
    keyboard: new InlineKeyboard().text(t.t('consultations-any'), anyTime.pack({ any: 'any' })),
  };
}

/** The request sent (plain): delivered now, or when the teacher's office hours begin. */
export function sentText(t: Texts, teacher: string, deliverAt: Date | null, timezone: string): string {
  return deliverAt
    ? t.tPlain('consultations-sent-later', { teacher, at: formatTime(deliverAt, timezone) })
    : t.tPlain('consultations-sent', { teacher });
}

/** A decided time (plain): accepted, countered or confirmed. */
export const whenText = (t: Texts, key: string, slotAt: Date | string, timezone: string) =>
  t.tPlain(key, { when: formatTime(new Date(slotAt), timezone) });
