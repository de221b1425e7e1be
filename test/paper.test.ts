import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPeriodMark } from '../core/journal/index.js';
import { parseCsv, readSummarySheetCsv, toCsv } from '../core/paper/csv.js';
import { printoutsPdf } from '../core/paper/render.js';
import { makePrintouts, makeSummarySheet, resolvePeriod, studentsWithoutAccess } from '../core/paper/service.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeControlSchool, WEEK, type ControlFixture } from './helpers/control-fixture.js';
import { pdfInfo, pdfPages } from './helpers/pdf-text.js';

let db: TestDb;
let f: ControlFixture;
const actor = { kind: 'staff', staffId: 0 } as { kind: 'staff'; staffId: number };
const NOW = new Date('2026-11-25T07:00:00Z');

beforeAll(async () => {
  db = await createTestDb();
  f = await makeControlSchool(db.ds);
  actor.staffId = f.petrova.id;
  const a = { kind: 'cli', command: 'test' } as const;
  await setPeriodMark(
    db.ds,
    { schoolId: f.school.id, studentId: f.anna.id, subjectId: f.maths.id, periodId: f.q2.id, value: '5' },
    a,
  );
  await setPeriodMark(
    db.ds,
    { schoolId: f.school.id, studentId: f.anna.id, subjectId: f.russian.id, periodId: f.q2.id, value: '4' },
    a,
  );
  await setPeriodMark(
    db.ds,
    { schoolId: f.school.id, studentId: f.boris.id, subjectId: f.maths.id, periodId: f.q2.id, value: 'notAttested' },
    a,
  );
});
afterAll(() => db.close());

describe('printouts for families', () => {
  it('one A4 page per student with marks and dates, averages, absences, homework and the lines to sign', async () => {
    const made = (await makePrintouts(db.ds, { classId: f.c5a.id, ...WEEK }, actor, NOW))!;
    expect(made.fileName).toBe('printouts_5А_2026-11-16_2026-11-22.pdf');
    expect(made.students.map((s) => s.name)).toEqual(['Борисов Борис', 'Веденеева Вера', 'Иванова Анна Сергеевна']);
    expect(await pdfInfo(made.content)).toMatchObject({ pages: 3, width: 595, height: 842 });
    const [boris, vera, anna] = await pdfPages(made.content);
    for (const page of [boris, vera, anna]) {
      expect(page).toContain('МБОУ СОШ № 1 Выписка из электронного дневника');
      expect(page).toContain('Период: с 16.11.2026 по 22.11.2026');
      expect(page).toContain(
        'Домашние задания Дата Предмет Задание 16.11 Математика Упр. 12 16.11 Русский язык Упр. 40 19.11 Русский язык § 3',
      );
      expect(page).toContain('Классный руководитель: ____________ Петрова Елена Викторовна');
    }
    expect(anna).toContain('Ученик: Иванова Анна Сергеевна, 5А класс');
    expect(anna).toContain('Математика 5 (16.11), 4 (17.11) 4,50 Русский язык 4 (16.11) 4,00');
    expect(anna).toContain(
      'Пропущено уроков: 1 (по болезни — 0, по уважительной причине — 0, без уважительной причины — 0, причина не указана — 1). Опозданий: 0.',
    );
    expect(anna).toContain('16.11 Математика пропуск не указана');
    expect(boris).toContain('Математика 3 (16.11) 3,00 Русский язык нет отметок —');
    expect(boris).toContain('17.11 Математика опоздание');
    expect(vera).toContain('Пропусков и опозданий нет.');
    expect(anna).toContain('страница 3 из 3');
    expect(boris).not.toContain('Иванова');

    const [row] = await db.ds.query(
      `SELECT kind, format, "fromDate", "toDate", "studentIds", size, sha256, "createdBy", slot FROM paper_file WHERE id = $1`,
      [made.id],
    );
    expect(row).toMatchObject({
      kind: 'printouts',
      format: 'pdf',
      fromDate: '2026-11-16',
      toDate: '2026-11-22',
      size: made.content.length,
      createdBy: `staff:${f.petrova.id}`,
      slot: null,
    });
    expect(row.studentIds).toEqual([f.boris.id, f.vera.id, f.anna.id]);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await db.ds.query(`SELECT actor, action, "entityId" FROM audit_log WHERE action = 'paper.printouts'`);
    expect(audit).toEqual([{ actor: `staff:${f.petrova.id}`, action: 'paper.printouts', entityId: String(made.id) }]);
  });

  it('families without access: never linked or refused consent, not those linked', async () => {
    expect(await studentsWithoutAccess(db.ds, f.c5a.id)).toEqual([
      { id: f.vera.id, name: 'Веденеева Вера', refused: true },
    ]);
    expect((await studentsWithoutAccess(db.ds, f.c6b.id)).map((s) => s.name)).toEqual(['Иванов Павел']);
  });

  it('a scheduled slot is made once and tells the class teacher through the outbox', async () => {
    const input = { classId: f.c5a.id, ...WEEK, studentIds: [f.vera.id], slot: `printouts:${f.c5a.id}:2026-11-23` };
    const first = await makePrintouts(db.ds, input, { kind: 'system', job: 'printouts' }, NOW);
    const second = await makePrintouts(db.ds, input, { kind: 'system', job: 'printouts' }, NOW);
    expect(first?.students.map((s) => s.name)).toEqual(['Веденеева Вера']);
    expect(second).toBeNull();
    const events = await db.ds.query(`SELECT type, payload, silent FROM outbox WHERE type = 'paper.ready'`);
    expect(events).toEqual([
      {
        type: 'paper.ready',
        silent: false,
        payload: { paperFileId: first!.id, classId: f.c5a.id, from: WEEK.from, to: WEEK.to, studentIds: [f.vera.id] },
      },
    ]);
    expect((await pdfPages(first!.content)).join(' ')).not.toMatch(/Иванова|Борисов/);
  });

  it('runs a long list over pages, repeating the table header', async () => {
    const homework = Array.from({ length: 120 }, (_, i) => ({
      date: '2026-11-16',
      subject: 'Математика',
      text: `Упражнение № ${i + 1}; повторить правило со страницы ${i + 10}`,
    }));
    const pdf = await printoutsPdf(
      {
        classId: 1,
        schoolId: 1,
        name: '5А',
        grade: 5,
        academicYearId: 1,
        school: 'Школа',
        timezone: 'Europe/Moscow',
        classTeacher: 'Петрова Е. В.',
        director: null,
      },
      [{ studentId: 1, name: 'Длинная Выписка', subjects: [], absences: [], homework }],
      WEEK,
      NOW,
    );
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(2);
    for (const p of pages.slice(1, -1)) expect(p).toMatch(/^Дата Предмет Задание 16\.11 Математика/);
    expect(pages.join(' ')).toContain('Упражнение № 120; повторить правило со страницы 129');
  });
});

describe('the summary sheet', () => {
  it("a landscape PDF with every student's period marks, special marks, absences and the signatures", async () => {
    const { sheet, pdf, csv } = await makeSummarySheet(db.ds, { classId: f.c5a.id, periodId: f.q2.id }, actor, NOW);
    expect(pdf.fileName).toBe('summary-sheet_5А_2-четверть_2026-11-09_2026-12-28.pdf');
    expect(csv.fileName).toBe('summary-sheet_5А_2-четверть_2026-11-09_2026-12-28.csv');
    expect(await pdfInfo(pdf.content)).toMatchObject({ pages: 1, width: 842, height: 595 });
    const [page] = await pdfPages(pdf.content);
    expect(page).toContain(
      'Сводная ведомость учёта результатов промежуточной аттестации 5А класс · 2 четверть (09.11.2026 — 28.12.2026)',
    );
    expect(page).toContain('№ Ученик Математика Русский язык Пропущено уроков Из них по болезни Пропущено дней');
    expect(page).toContain(
      '1 Борисов Борис н/а — 0 0 0 2 Веденеева Вера — осв 0 0 0 3 Иванова Анна Сергеевна 5 4 1 0 0',
    );
    expect(page).toContain('Директор: ____________ Директоров Пётр');
    expect(page).toContain('М. П.');
    expect(sheet.rows.map((r) => r.marks)).toEqual([
      ['notAttested', null],
      [null, 'exempt'],
      ['5', '4'],
    ]);
  });

  it('the archive CSV reads back to the same rows', async () => {
    const { sheet, csv } = await makeSummarySheet(db.ds, { classId: f.c5a.id, periodId: f.q2.id }, actor, NOW);
    const text = csv.content.toString('utf8');
    expect(
      text.startsWith('\uFEFF№;Ученик;Математика;Русский язык;Пропущено уроков;Из них по болезни;Пропущено дней\r\n'),
    ).toBe(true);
    const back = readSummarySheetCsv(text);
    expect(back.subjects).toEqual(sheet.subjects.map((s) => s.name));
    expect(back.rows).toEqual(sheet.rows.map(({ studentId: _s, ...r }) => r));
    const [row] = await db.ds.query(
      `SELECT count(*)::int AS n FROM paper_file WHERE kind = 'summarySheet' AND format = 'csv'`,
    );
    expect(row.n).toBe(2);
  });

  it('CSV fields with separators, quotes and line breaks survive', () => {
    const rows = [
      ['a;b', 'say "hi"', 'two\r\nlines', ''],
      ['Ёлкина Анна', '5', 'осв', 'н/а'],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('a field a spreadsheet would run as a formula is written as text, and reads back as typed', () => {
    const rows = [
      ['=HYPERLINK("http://evil.example";"Иванова")', '+7 900', '-1', '@SUM(A1)', '\tтаб', '\rвозврат', 'Анна'],
    ];
    const csv = toCsv(rows);
    const fields = csv.replace(/^\uFEFF/, '').split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(fields.slice(0, 4)).toEqual([
      '"\'=HYPERLINK(""http://evil.example"";""Иванова"")"',
      "'+7 900",
      "'-1",
      "'@SUM(A1)",
    ]);
    expect(fields[4]).toBe("'\tтаб");
    expect(fields[6]).toBe('Анна\r\n');
    expect(parseCsv(csv)).toEqual(rows);
  });

  it('finds the period asked for, or the current one', async () => {
    expect((await resolvePeriod(db.ds, f.c5a.id, 'q2', '2026-11-25'))?.id).toBe(f.q2.id);
    expect((await resolvePeriod(db.ds, f.c5a.id, undefined, '2026-11-25'))?.id).toBe(f.q2.id);
    expect(await resolvePeriod(db.ds, f.c5a.id, 'q3', '2026-11-25')).toBeNull();
    expect(await resolvePeriod(db.ds, f.c5a.id, 'zz', '2026-11-25')).toBeNull();
  });
});
