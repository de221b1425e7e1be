import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../../../core/access/profile.js';
import type { DiaryStudent } from '../../../../core/diary/student.js';
import { joinHtml } from '../../../../core/html.js';
import type { SchoolSettings } from '../../../../core/records.js';
import { formatHundredths } from '../../../format.js';
import type { Texts } from '../../../i18n.js';
import { marksPeriod } from '../callbacks.js';
import { addChildSwitch, childLine, type Rendered } from './common.js';

export interface RulesData {
  settings: SchoolSettings;
  workKinds: { name: string; weight: number }[];
}

/** How the average and the period mark are computed, with this school's weights and thresholds. */
export function rulesText(t: Texts, r: RulesData): string {
  const th = r.settings.thresholds;
  const h = (x: number) => formatHundredths(Math.round(x * 100));
  return t.t('diary-rules', {
    weights: joinHtml(
      r.workKinds.map((k) => t.tHtml('diary-rules-weight', { kind: k.name, weight: formatHundredths(k.weight) })),
    ),
    t5: h(th['5']),
    t4: h(th['4']),
    t3: h(th['3']),
  });
}

export function renderRules(
  t: Texts,
  p: AccessProfile,
  s: DiaryStudent,
  r: RulesData,
  backPeriodId: number | null,
): Rendered {
  const kb = new InlineKeyboard();
  if (backPeriodId) kb.text(t.t('diary-marks-btn-overview'), marksPeriod.pack({ periodId: backPeriodId }));
  addChildSwitch(t, kb, p, s);
  return { text: `${childLine(t, s)}\n\n${rulesText(t, r)}`, keyboard: kb, state: { v: 'rules' } };
}
