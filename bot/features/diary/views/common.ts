import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../../../core/access/profile.js';
import type { DiaryPeriod } from '../../../../core/diary/marks.js';
import type { DiaryStudent } from '../../../../core/diary/student.js';
import { day, type CallbackCodec } from '../../../callback-codec.js';
import type { DiaryViewState } from '../../../context.js';
import type { Texts } from '../../../i18n.js';
import { childSwitch } from '../callbacks.js';

/** A diary screen: its text, its buttons, and what the chat remembers the message shows. */
export interface Rendered {
  text: string;
  keyboard: InlineKeyboard;
  state: Omit<DiaryViewState, 'm'>;
}

/** The first line of every diary answer: whose diary this is. */
export function childLine(t: Texts, s: DiaryStudent): string {
  return t.t('diary-child', { student: `${s.firstName} ${s.lastName}`, class: s.className });
}

/** One-tap switch to each other child of a guardian. */
export function addChildSwitch(t: Texts, kb: InlineKeyboard, p: AccessProfile, s: DiaryStudent): InlineKeyboard {
  const others = p.children.filter((c) => c.via === 'guardian' && c.studentId !== s.studentId);
  if (!others.length) return kb;
  kb.row();
  for (const c of others)
    kb.text(
      t.tPlain('diary-switch', { student: `${c.firstName} ${c.lastName}` }),
      childSwitch.pack({ studentId: c.studentId }),
    );
  return kb;
}

/** A short answer in place of a view (grade 1, no periods yet), still naming the child and offering the switch. */
export function renderNotice(t: Texts, p: AccessProfile, s: DiaryStudent, key: string, v: string): Rendered {
  return {
    text: `${childLine(t, s)}\n\n${t.t(key)}`,
    keyboard: addChildSwitch(t, new InlineKeyboard(), p, s),
    state: { v },
  };
}

/** Period buttons, one row per kind (quarters, half-years, the year), the shown one marked. */
export function addPeriodRows(
  t: Texts,
  kb: InlineKeyboard,
  periods: DiaryPeriod[],
  selected: number,
  codec: CallbackCodec<{ periodId: number }>,
): InlineKeyboard {
  let kindShown: string | null = null;
  for (const p of periods) {
    if (p.kind !== kindShown) kb.row();
    kindShown = p.kind;
    kb.text(
      p.id === selected ? t.tPlain('diary-period-selected', { name: p.name }) : p.name,
      codec.pack({ periodId: p.id }),
    );
  }
  return kb;
}

/** A day as the chat remembers it in a view's state: '2026-11-25' ↔ 20261125 (the callback codec's day field). */
export const dayState = (date: string) => Number(day.encode(date));
export const stateDay = (a: number | undefined): string | null =>
  a === undefined ? null : (day.decode(String(a)) ?? null);
