import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../../../core/access/profile.js';
import type { AbsencesSummary, ReasonCounts } from '../../../../core/diary/absences.js';
import type { DiaryPeriod } from '../../../../core/diary/marks.js';
import type { DiaryStudent } from '../../../../core/diary/student.js';
import { joinHtml } from '../../../../core/html.js';
import type { AbsenceReason } from '../../../../core/records.js';
import { formatDay, formatDayMonth } from '../../../format.js';
import type { Texts } from '../../../i18n.js';
import { absencesPeriod } from '../callbacks.js';
import { addChildSwitch, addPeriodRows, childLine, type Rendered } from './common.js';

const REASONS: AbsenceReason[] = ['illness', 'excused', 'unexcused', 'unknown'];
const reason = (t: Texts, r: AbsenceReason) => t.tHtml('diary-absence-reason', { reason: r });
const reasonList = (t: Texts, c: ReasonCounts) =>
  joinHtml(
    REASONS.filter((r) => c[r]).map((r) =>
      t.tHtml('diary-absences-reason-count', { reason: reason(t, r), count: c[r] }),
    ),
    ', ',
  );

/** Absences of a period: totals in lessons and whole days, reasons, by subject, by day. */
export function renderAbsences(
  t: Texts,
  p: AccessProfile,
  s: DiaryStudent,
  periods: DiaryPeriod[],
  a: AbsencesSummary,
): Rendered {
  const per = a.period;
  const blocks = [
    `${childLine(t, s)}\n${t.t('diary-absences-title', { period: per.name, from: formatDayMonth(per.startsOn), to: formatDayMonth(per.endsOn) })}`,
  ];
  if (!a.lessonsTotal && !a.late) blocks.push(t.t('diary-absences-none'));
  else {
    const totals = [t.t('diary-absences-total', { lessons: a.lessonsTotal, days: a.wholeDays })];
    if (a.lessonsTotal) totals.push(t.t('diary-absences-reasons', { list: reasonList(t, a.lessons) }));
    if (a.late) totals.push(t.t('diary-absences-late', { count: a.late }));
    blocks.push(totals.join('\n'));
    blocks.push(
      [
        t.t('diary-absences-by-subject'),
        ...a.bySubject.map((x) =>
          x.total
            ? t.t('diary-absences-subject', {
                subject: x.subject,
                count: x.total,
                list: reasonList(t, x.lessons),
                late: x.late ? t.tHtml('diary-absences-subject-late', { count: x.late }) : '',
              })
            : t.t('diary-absences-subject-late-only', { subject: x.subject, count: x.late }),
        ),
      ].join('\n'),
    );
    if (a.days.length)
      blocks.push(
        [
          t.t('diary-absences-by-day'),
          ...a.days.map((d) => {
            const reasons = joinHtml(
              d.reasons.map((r) => reason(t, r)),
              ', ',
            );
            return d.held > 0 && d.missed >= d.held
              ? t.t('diary-absences-day-whole', { date: formatDay(d.date), count: d.missed, reasons })
              : t.t('diary-absences-day', { date: formatDay(d.date), missed: d.missed, held: d.held, reasons });
          }),
        ].join('\n'),
      );
  }
  const kb = addPeriodRows(t, new InlineKeyboard(), periods, per.id, absencesPeriod);
  addChildSwitch(t, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'absences', a: per.id } };
}
