import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../core/access/profile.js';
import type { AbsencesSummary, ReasonCounts } from '../../core/diary/absences.js';
import type { DiaryPeriod } from '../../core/diary/marks.js';
import type { DiaryStudent } from '../../core/diary/student.js';
import type { AbsenceReason } from '../../db/entities/index.js';
import type { BotContext } from '../context.js';
import { formatDay, formatDayMonth } from '../format.js';
import { addChildSwitch, childLine, type Rendered } from './common.js';
import { joinHtml } from '../../core/html.js';
import { addPeriodRows } from './marks-view.js';

const REASONS: AbsenceReason[] = ['illness', 'excused', 'unexcused', 'unknown'];
const reason = (ctx: BotContext, r: AbsenceReason) => ctx.tHtml('absence-reason', { reason: r });
const reasonList = (ctx: BotContext, c: ReasonCounts) =>
  joinHtml(
    REASONS.filter((r) => c[r]).map((r) => ctx.tHtml('absences-reason-count', { reason: reason(ctx, r), count: c[r] })),
    ', ',
  );

/** Absences of a period: totals in lessons and whole days, reasons, by subject, by day. */
export function renderAbsences(
  ctx: BotContext,
  p: AccessProfile,
  s: DiaryStudent,
  periods: DiaryPeriod[],
  a: AbsencesSummary,
): Rendered {
  const per = a.period;
  const blocks = [
    `${childLine(ctx, s)}\n${ctx.t('absences-title', { period: per.name, from: formatDayMonth(per.startsOn), to: formatDayMonth(per.endsOn) })}`,
  ];
  if (!a.lessonsTotal && !a.late) blocks.push(ctx.t('absences-none'));
  else {
    const totals = [ctx.t('absences-total', { lessons: a.lessonsTotal, days: a.wholeDays })];
    if (a.lessonsTotal) totals.push(ctx.t('absences-reasons', { list: reasonList(ctx, a.lessons) }));
    if (a.late) totals.push(ctx.t('absences-late', { count: a.late }));
    blocks.push(totals.join('\n'));
    blocks.push(
      [
        ctx.t('absences-by-subject'),
        ...a.bySubject.map((x) =>
          x.total
            ? ctx.t('absences-subject', {
                subject: x.subject,
                count: x.total,
                list: reasonList(ctx, x.lessons),
                late: x.late ? ctx.tHtml('absences-subject-late', { count: x.late }) : '',
              })
            : ctx.t('absences-subject-late-only', { subject: x.subject, count: x.late }),
        ),
      ].join('\n'),
    );
    if (a.days.length)
      blocks.push(
        [
          ctx.t('absences-by-day'),
          ...a.days.map((d) => {
            const reasons = joinHtml(
              d.reasons.map((r) => reason(ctx, r)),
              ', ',
            );
            return d.held > 0 && d.missed >= d.held
              ? ctx.t('absences-day-whole', { date: formatDay(d.date), count: d.missed, reasons })
              : ctx.t('absences-day', { date: formatDay(d.date), missed: d.missed, held: d.held, reasons });
          }),
        ].join('\n'),
      );
  }
  const kb = addPeriodRows(ctx, new InlineKeyboard(), periods, per.id, 'da');
  addChildSwitch(ctx, kb, p, s);
  return { text: blocks.join('\n\n'), keyboard: kb, state: { v: 'absences', a: per.id } };
}
