import type { AbsenceReason, MarkValue } from '../../db/entities/index.js';
import type { PaperClass, StudentPrintout, SummarySheet } from './data.js';
import { BOLD, createDoc, finish, heading, paragraph, table, ensureSpace, type Doc } from './pdf.js';
import { textsOf } from '../texts.js';
import { fullDate, hundredths, moment, shortDate } from './texts.js';

const t = textsOf('paper').plain;

export const markText = (value: MarkValue) => t('paper-mark', { value });

/**
 * Printouts for families without Telegram (seed 001 §3.3.5): a page (or more)
 * per student with marks by subject and their dates, the averages, absences
 * and the homework of the span, and lines to sign.
 */
export async function printoutsPdf(
  cls: PaperClass,
  students: StudentPrintout[],
  span: { from: string; to: string },
  now: Date,
): Promise<Buffer> {
  const doc = createDoc({ title: `${t('paper-printout-title')} ${cls.name}`, createdAt: now });
  if (!students.length) paragraph(doc, t('paper-empty-class'));
  students.forEach((s, i) => {
    if (i > 0) doc.addPage();
    printoutOf(doc, cls, s, span);
  });
  const at = moment(now, cls.timezone);
  return finish(doc, (page, pages) => t('paper-footer', { school: cls.school, at, page, pages }));
}

function printoutOf(doc: Doc, cls: PaperClass, s: StudentPrintout, span: { from: string; to: string }): void {
  doc.font(BOLD).fontSize(8).text(cls.school);
  doc.moveDown(0.4);
  heading(doc, t('paper-printout-title'), 15);
  paragraph(doc, t('paper-printout-student', { name: s.name, class: cls.name }), 11, BOLD);
  paragraph(doc, t('paper-period', { from: fullDate(span.from), to: fullDate(span.to) }), 10);
  doc.moveDown(0.6);

  heading(doc, t('paper-marks-title'), 12);
  table(
    doc,
    [
      { header: t('paper-col-subject'), width: 150 },
      { header: t('paper-col-marks'), width: { share: 1 } },
      { header: t('paper-col-average'), width: 62, align: 'center' },
    ],
    s.subjects.map((sub) => [
      sub.subject,
      sub.marks.length
        ? sub.marks.map((m) => `${markText(m.value)} (${shortDate(m.date)})`).join(', ')
        : t('paper-no-marks'),
      sub.average === null ? '—' : hundredths(sub.average),
    ]),
    { fontSize: 9.5 },
  );

  heading(doc, t('paper-absences-title'), 12);
  if (!s.absences.length) paragraph(doc, t('paper-absences-none'));
  else {
    const n: Record<AbsenceReason, number> = { illness: 0, excused: 0, unexcused: 0, unknown: 0 };
    let late = 0;
    for (const a of s.absences)
      if (a.status === 'late') late++;
      else n[a.reason]++;
    paragraph(doc, t('paper-absences-total', { total: n.illness + n.excused + n.unexcused + n.unknown, ...n, late }));
    doc.moveDown(0.3);
    table(
      doc,
      [
        { header: t('paper-col-date'), width: 50 },
        { header: t('paper-col-subject'), width: { share: 1 } },
        { header: t('paper-col-what'), width: 90 },
        { header: t('paper-col-reason'), width: 110 },
      ],
      s.absences.map((a) => [
        shortDate(a.date),
        a.subject,
        t('paper-absence', { status: a.status }),
        a.status === 'late' ? '' : t('paper-reason', { reason: a.reason }),
      ]),
      { fontSize: 9 },
    );
  }

  heading(doc, t('paper-homework-title'), 12);
  if (!s.homework.length) paragraph(doc, t('paper-homework-none'));
  else
    table(
      doc,
      [
        { header: t('paper-col-date'), width: 50 },
        { header: t('paper-col-subject'), width: 130 },
        { header: t('paper-col-homework'), width: { share: 1 } },
      ],
      s.homework.map((h) => [shortDate(h.date), h.subject, h.text]),
      { fontSize: 9 },
    );

  ensureSpace(doc, 60);
  doc.moveDown(0.8);
  paragraph(doc, t('paper-signature-class-teacher', { name: cls.classTeacher ?? '' }));
  doc.moveDown(0.6);
  paragraph(doc, t('paper-signature-parent'), 9);
}

/**
 * The summary sheet (seed 000 §5, 003 §2.14–2.16): landscape A4, a row per
 * student and a column per subject, absences, the legend and the signatures.
 */
export async function summarySheetPdf(sheet: SummarySheet, now: Date): Promise<Buffer> {
  const { cls, period } = sheet;
  const doc = createDoc({
    title: `${t('paper-summary-title')} ${cls.name} ${period.name}`,
    createdAt: now,
    landscape: true,
  });
  doc.font(BOLD).fontSize(8).text(cls.school);
  doc.moveDown(0.3);
  heading(doc, t('paper-summary-title'), 13);
  paragraph(
    doc,
    t('paper-summary-subtitle', {
      class: cls.name,
      period: period.name,
      from: fullDate(period.startsOn),
      to: fullDate(period.endsOn),
    }),
    10.5,
    BOLD,
  );
  doc.moveDown(0.4);
  const room = 762 - 22 - 3 * 44;
  const subjectWidth = Math.max(24, Math.min(40, (room - 150) / Math.max(1, sheet.subjects.length)));
  const nameWidth = Math.min(240, room - subjectWidth * sheet.subjects.length);
  table(
    doc,
    [
      { header: t('paper-col-number'), width: 22, align: 'right' },
      { header: t('paper-col-student'), width: nameWidth },
      ...sheet.subjects.map((s) => ({
        header: s.shortName || s.name,
        width: subjectWidth,
        align: 'center' as const,
        vertical: true,
      })),
      { header: t('paper-col-absent-lessons'), width: 44, align: 'center' as const, vertical: true },
      { header: t('paper-col-absent-illness'), width: 44, align: 'center' as const, vertical: true },
      { header: t('paper-col-absent-days'), width: 44, align: 'center' as const, vertical: true },
    ],
    sheet.rows.map((r) => [
      String(r.number),
      r.name,
      ...r.marks.map((m) => (m === null ? '—' : markText(m))),
      String(r.absentLessons),
      String(r.illnessLessons),
      String(r.absentDays),
    ]),
    { fontSize: 8.5, headerHeight: 92 },
  );
  paragraph(doc, t('paper-summary-legend'), 8);
  ensureSpace(doc, 70);
  doc.moveDown(1);
  paragraph(doc, t('paper-signature-class-teacher', { name: cls.classTeacher ?? '' }));
  doc.moveDown(0.6);
  paragraph(doc, t('paper-signature-director', { name: cls.director ?? '' }));
  doc.moveDown(0.6);
  paragraph(doc, t('paper-signature-date'));
  const at = moment(now, cls.timezone);
  return finish(doc, (page, pages) => t('paper-footer', { school: cls.school, at, page, pages }));
}
