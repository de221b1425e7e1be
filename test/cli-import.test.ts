import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runImport } from '../cli/import/index.js';
import { parseCsv } from '../cli/import/csv.js';
import type { Actor } from '../core/actor.js';
import * as s from '../core/school/structure.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { captureIo } from './helpers/cli-io.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../docs/examples');
const actor: Actor = { kind: 'cli', command: 'test' };
let db: TestDb;
let tmp: string;

const count = async (table: string) => (await db.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
};

beforeAll(async () => {
  db = await createTestDb();
  tmp = mkdtempSync(path.join(tmpdir(), 'cli-import-'));
  await db.ds.transaction(async (em) => {
    const school = await s.upsertSchool(
      em,
      { name: 'School', shortName: 'School', timezone: 'Europe/Moscow', externalId: 'school-1' },
      actor,
    );
    const year = await s.upsertAcademicYear(
      em,
      { schoolId: school.id, name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' },
      actor,
    );
    await s.upsertHoliday(
      em,
      { schoolId: school.id, academicYearId: year.id, name: 'Autumn', startsOn: '2026-10-26', endsOn: '2026-11-03' },
      actor,
    );
  });
});
afterAll(async () => {
  await db.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('CSV parser', () => {
  it('reads quotes, doubled quotes, line breaks in quotes, a BOM and either delimiter', () => {
    expect(parseCsv('\uFEFFa;b;c\r\n1;"x;y";"say ""hi"""\r\n\r\n2;"two\nlines";\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x;y', 'say "hi"'] },
      { line: 4, fields: ['2', 'two\nlines', ''] },
    ]);
    expect(parseCsv('a,b\n"q",""')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['q', ''] },
    ]);
  });

  it('rejects broken quoting with the line it starts on', () => {
    expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow(expect.objectContaining({ line: 2 }));
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow(expect.objectContaining({ line: 2 }));
    expect(() => parseCsv('a,b\n1,2\n3,"open\n\n')).toThrow(expect.objectContaining({ line: 3 }));
  });
});

describe(`import of the example CSVs on ${inject('pgMode')} PostgreSQL`, () => {
  it('loads staff, students, guardians and the timetable', async () => {
    const io = captureIo();
    const r = await runImport(db.ds, { dir: EXAMPLES }, io);
    expect(io.stderr).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.files.map((f) => f.kind)).toEqual(['staff', 'students', 'guardians', 'timetable']);
    expect({
      staff: await count('staff'),
      students: await count('student'),
      guardians: await count('guardian'),
      links: await count('student_guardian'),
    }).toEqual({ staff: 7, students: 8, guardians: 9, links: 11 });
    const classes = await db.ds.query('SELECT name FROM school_class ORDER BY name');
    expect(classes.map((c: { name: string }) => c.name)).toEqual(['5А', '5Б']);
    const roles = await db.ds.query(`SELECT st."externalId" AS staff, r.role, c.name AS class FROM staff_role r
      JOIN staff st ON st.id = r."staffId" LEFT JOIN school_class c ON c.id = r."classId" ORDER BY 1, 2`);
    expect(roles).toEqual(
      expect.arrayContaining([
        { staff: 'T-001', role: 'classTeacher', class: '5А' },
        { staff: 'T-005', role: 'deputy', class: null },
        { staff: 'T-006', role: 'director', class: null },
        { staff: 'T-007', role: 'admin', class: null },
      ]),
    );
    const student = (
      await db.ds.query(`SELECT "birthDate", "middleName" FROM student WHERE "externalId" = 'S-001'`)
    )[0];
    expect(student).toEqual({ birthDate: '2015-03-14', middleName: 'Игоревна' });
    const sibling = await db.ds
      .query(`SELECT s."externalId" FROM student_guardian sg JOIN guardian g ON g.id = sg."guardianId"
      JOIN student s ON s.id = sg."studentId" WHERE g."externalId" = 'G-006' ORDER BY 1`);
    expect(sibling.map((x: { externalId: string }) => x.externalId)).toEqual(['S-005', 'S-006']);
    expect(
      (
        await db.ds.query(
          `SELECT relation FROM student_guardian sg JOIN guardian g ON g.id = sg."guardianId" WHERE g."externalId" = 'G-001'`,
        )
      )[0].relation,
    ).toBe('mother');
    const members = await db.ds.query(
      'SELECT sg.name, count(*)::int AS n FROM subgroup_member m JOIN subgroup sg ON sg.id = m."subgroupId" GROUP BY 1 ORDER BY 1',
    );
    expect(members.map((m: { n: number }) => m.n)).toEqual([2, 2]);
    // Weekly rows skip the autumn holiday; the teacher given by surname and initials is found, and one by full name written with е for ё.
    expect(await count('lesson')).toBe(92);
    expect(r.files[3].lessons).toEqual({ created: 92, changed: 0, unchanged: 0 });
    expect(
      (await db.ds.query(`SELECT count(*)::int AS n FROM lesson WHERE date BETWEEN '2026-10-26' AND '2026-11-03'`))[0]
        .n,
    ).toBe(0);
    const lebedev = await db.ds.query(
      `SELECT DISTINCT st."externalId" FROM lesson l JOIN staff st ON st.id = l."teacherId" WHERE l.room = '25'`,
    );
    expect(lebedev).toEqual([{ externalId: 'T-004' }]);
    expect(await db.ds.query(`SELECT date, slot FROM lesson WHERE "externalId" = 'LESSON-2026-09-05-5B-1'`)).toEqual([
      { date: '2026-09-05', slot: 1 },
    ]);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = {
      audit: await count('audit_log'),
      outbox: await count('outbox'),
      lessons: await count('lesson'),
      students: await count('student'),
    };
    const io = captureIo();
    const r = await runImport(db.ds, { dir: EXAMPLES }, io);
    expect(r.ok).toBe(true);
    expect(r.files.map((f) => f.changes)).toEqual([0, 0, 0, 0]);
    expect(r.files[3].lessons).toEqual({ created: 0, changed: 0, unchanged: 92 });
    expect({
      audit: await count('audit_log'),
      outbox: await count('outbox'),
      lessons: await count('lesson'),
      students: await count('student'),
    }).toEqual(before);
    expect(io.stdout.every((l) => / 0 records created or changed/.test(l))).toBe(true);
  });

  it('reports a bad row as file:line and imports nothing of that file', async () => {
    const file = write(
      'students.csv',
      [
        'external_id,last_name,first_name,middle_name,class,birth_date',
        'N-001,Новикова,Анна,Петровна,5А,2015-01-01',
        'N-002,Новиков,Иван,Петрович,5А,31.02.2015',
        'N-003,Новиков,Олег,,12Я,',
      ].join('\n'),
    );
    const io = captureIo();
    const r = await runImport(db.ds, { students: file }, io);
    expect(r.ok).toBe(false);
    expect(r.files[0].errors).toEqual([
      `${file}:3: birth_date: is not a date (YYYY-MM-DD or DD.MM.YYYY)`,
      `${file}:4: class: is not a class name like 5A (grade 1-11 and a letter)`,
    ]);
    expect(io.stderr).toEqual([...r.files[0].errors, `${file}: nothing imported from this file (2 problems)`]);
    expect((await db.ds.query(`SELECT count(*)::int AS n FROM student WHERE "externalId" LIKE 'N-%'`))[0].n).toBe(0);
    // Personal data stays out of the messages.
    expect(io.stderr.join('\n')).not.toMatch(/Новиков|31\.02/);
  });

  it('rolls a file back when a row refers to something missing, and keeps the other files', async () => {
    const guardians = write(
      'guardians.csv',
      [
        'external_id,last_name,first_name,student_external_id,relation',
        'G-100,Новикова,Анна,S-001,mother',
        'G-101,Новиков,Пётр,S-999,father',
      ].join('\n'),
    );
    const staff = write(
      'staff.csv',
      'external_id,last_name,first_name,roles\nT-100,Новиков,Пётр,"teacher;classTeacher:6В"\n',
    );
    const io = captureIo();
    const r = await runImport(db.ds, { guardians, staff }, io);
    expect(r.files.map((f) => [f.kind, f.ok])).toEqual([
      ['staff', true],
      ['guardians', false],
    ]);
    expect(r.files[1].errors).toEqual([
      `${guardians}:3: student_external_id: no student with this external id (import the students first)`,
    ]);
    expect((await db.ds.query(`SELECT count(*)::int AS n FROM guardian WHERE "externalId" LIKE 'G-10%'`))[0].n).toBe(0);
    expect((await db.ds.query(`SELECT count(*)::int AS n FROM staff WHERE "externalId" = 'T-100'`))[0].n).toBe(1);
  });

  it('reports header and timetable problems with their lines', async () => {
    const unknown = write('s2.csv', 'external_id;last_name;first_name;class;shoe_size\nX;Y;Z;5А;40\n');
    const header = 'class,date,weekday,from,to,slot,starts_at,ends_at,subject,teacher_external_id';
    const badRow = write(
      't1.csv',
      [header, '5А,2026-09-07,,,,1,08:30,09:15,Физика,T-001', '5Б,,,,,3,10:30,09:15,Физика,T-001'].join('\n'),
    );
    const clashes = write(
      't2.csv',
      [
        header,
        '5А,2026-09-07,,,,1,08:30,09:15,Физика,T-001',
        '5А,,mon,2026-09-01,2026-09-30,1,08:30,09:15,Физика,T-001',
        '5Б,2026-09-08,,,,2,09:25,10:10,Физика,T-404',
        '5Б,2027-07-01,,,,2,09:25,10:10,Физика,T-001',
      ].join('\n'),
    );
    const io = captureIo();
    const r1 = await runImport(db.ds, { students: unknown, timetable: badRow }, io);
    expect(r1.files.map((f) => f.errors)).toEqual([
      [
        `${unknown}:1: unknown column shoe_size (expected: external_id, last_name, first_name, middle_name, class, birth_date, subgroups)`,
      ],
      [`${badRow}:3: date: give either date, or weekday with from and to; ends_at: is not after starts_at`],
    ]);
    const r2 = await runImport(db.ds, { timetable: clashes }, io);
    expect(r2.files[0].errors).toEqual([
      `${clashes}:3: slot: the class already has lesson 1 on 2026-09-07 (line 2)`,
      `${clashes}:4: teacher_external_id: no staff member with this external id (import the staff first)`,
      `${clashes}:5: date: outside the academic year 2026/2027 (2026-09-01..2027-05-31)`,
    ]);
    expect(await count('lesson')).toBe(92);
    expect((await db.ds.query(`SELECT count(*)::int AS n FROM subject WHERE name = 'Физика'`))[0].n).toBe(0);
  });
});
