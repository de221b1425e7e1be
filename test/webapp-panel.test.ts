import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { guardianOf, setupBotTest, staffOf, type BotTest } from './helpers/bot-test.js';
import { makeControlSchool, NOW, type ControlFixture } from './helpers/control-fixture.js';
import { journalOf, openSchool, structureOf } from './helpers/school-builder.js';
import { buttons, texts } from './helpers/screen.js';
import { webTest, type WebTest } from './helpers/webapp.js';
import { apiPath, levelOf, parentOf, readTarget } from '../web/app/screens/panel/nav.js';

/**
 * The control panel (Mini App screen 4) on the control fixture week
 * (test/helpers/control-fixture.ts) on Wednesday 25 November 2026: the
 * chat's /control figures at every level of the drill-down, the weekly
 * chart, the deputy's reminder, the director read-only, and nobody else.
 */
const DEPUTY = 9001;
const DIRECTOR = 9002;
const TEACHER = 9003;
const CLASS_TEACHER = 9004;
const PARENT = 9005;
const ADMIN = 9006;
const FORBIDDEN = { status: 403, body: { error: 'forbidden', message: 'Нет доступа к этим данным.' } };

let t: BotTest<ControlFixture>;
let web: WebTest;
let other: Awaited<ReturnType<typeof foreignSchool>>;

/** Another school with a class, a student, a teacher and a lesson: ids the deputy must not open. */
async function foreignSchool() {
  const ds = t.db.ds;
  const x = await ds.transaction(async (em) => {
    const { school, year } = await openSchool(
      em,
      { name: 'МБОУ Гимназия № 2', shortName: 'Гимназия № 2', timezone: 'Europe/Moscow' },
      { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' },
    );
    const b = structureOf(em, school.id);
    const cls = await b.class(year.id, 7, 'В');
    const student = await b.student(cls.id, 'Чужой Антон');
    const teacher = await b.staff('Чужая Ирина');
    const subject = await b.subject('История');
    return { school, cls, student, teacher, subject };
  });
  const lesson = await journalOf(ds, x.school.id).lesson(x.cls.id, x.subject.id, x.teacher.id, '2026-11-23', 1);
  return { ...x, lesson };
}

beforeAll(async () => {
  t = await setupBotTest({
    fixture: makeControlSchool,
    clock: manualClock(NOW),
    people: (f) => [
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
      [DIRECTOR, staffOf(f, f.director, 'director')],
      [TEACHER, staffOf(f, f.mathTeacher, 'teacher')],
      [CLASS_TEACHER, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [PARENT, guardianOf(f, f.pavel, f.mother)],
      [ADMIN, staffOf(f, f.admin, 'admin')],
    ],
  });
  other = await foreignSchool();
  web = webTest(t.h);
});
afterAll(() => t.db.close());

/** The figures the chat's /control shows for the same scope, in the words of its text and buttons. */
async function chatPanel(press?: string): Promise<{ text: string; buttons: string[] }> {
  let calls = await t.h.send(DEPUTY, '/control');
  if (press) calls = await t.h.press(DEPUTY, press);
  return { text: texts(calls)[0], buttons: buttons(calls) };
}

type Figures = { counts: Record<string, number>; totals: Record<string, number> };
/** The API's figures in the chat's words: each must be in the chat's panel. */
function chatLines(f: Figures): string[] {
  const { counts: c, totals: s } = f;
  return [
    `без отметок — ${c.nomarks} из ${s.pairs}`,
    `с одной отметкой — ${c.onemark}`,
    `не внесены — ${c.hwmissing} из ${s.homeworkExpected} уроков, внесены позже 1,5 ч — ${c.hwlate}`,
    `не записаны — ${c.notopic} из ${s.lessonsHeld}`,
    `пропусков отмечено не в день урока — ${c.attlate}`,
    `отметки внесены позже срока — ${c.markslate} из ${s.writtenMarks}`,
    `подключены ${s.familiesConnected} из ${s.familiesStudents}`,
    `заходили за 30 дней — ${s.familiesActive}`,
    `<b>Замены и отмены</b>: ${c.changed}`,
    `открыто ${c.reports}, из них просрочено ${s.correctionsOverdue}`,
  ];
}

describe("the deputy's panel shows the chat's /control figures", () => {
  it('the school: the same figures as the chat, its classes and ten weeks of the chart', async () => {
    const { status, body } = await web.json(DEPUTY, 'panel');
    expect(status).toBe(200);
    const chat = await chatPanel();
    for (const line of chatLines(body.figures)) expect(chat.text).toContain(line);
    // Every figure's button in the chat carries the API's count.
    const fromButtons = chat.buttons.slice(0, 11).map((b) => Number(/\((\d+)\)$/.exec(b)![1]));
    expect(fromButtons).toEqual(Object.values(body.figures.counts));
    expect(body.figures.counts).toMatchObject({ nomarks: 3, hwmissing: 4, notopic: 6, famoff: 2 });
    expect(body.span).toEqual({ from: '2026-11-09', to: '2026-11-25', periodId: t.f.q2.id });
    expect(body.manage).toBe(true);
    expect(body.classes.map((c: { name: string }) => c.name)).toEqual(['1А', '5А', '6Б']);
    expect(body.chart).toHaveLength(10);
    expect(body.chart.at(-1)).toEqual({ monday: '2026-11-23', held: 4, filled: 0 });
    // Week of 16 November: L1, L2, L3, L5, L6, L7 held; L2 (no topic, late homework), L3, L7 (no topic) not kept.
    expect(body.chart.at(-2)).toEqual({ monday: '2026-11-16', held: 6, filled: 3 });
  });

  it("a class's row equals the chat's panel narrowed to that class", async () => {
    const school = (await web.json(DEPUTY, 'panel')).body;
    const row = school.classes.find((c: { classId: number }) => c.classId === t.f.c5a.id);
    expect(row).toEqual({
      classId: t.f.c5a.id,
      name: '5А',
      held: 6,
      noTopic: 3,
      homeworkExpected: 6,
      homeworkMissing: 3,
      homeworkLate: 1,
      noMarks: 2,
      attendanceLate: 1,
      marksLate: 1,
      familiesOff: 1,
    });
    const cls = (await web.json(DEPUTY, `panel/class/${t.f.c5a.id}`)).body;
    const chat = await chatPanel(`kc:${t.f.c5a.id}`);
    for (const line of chatLines(cls.figures)) expect(chat.text).toContain(line);
    const f = cls.figures;
    expect([f.totals.lessonsHeld, f.counts.notopic, f.counts.hwmissing, f.totals.homeworkExpected]).toEqual([
      row.held,
      row.noTopic,
      row.homeworkMissing,
      row.homeworkExpected,
    ]);
    expect([f.counts.hwlate, f.counts.nomarks, f.counts.attlate, f.counts.markslate, f.counts.famoff]).toEqual([
      row.homeworkLate,
      row.noMarks,
      row.attendanceLate,
      row.marksLate,
      row.familiesOff,
    ]);
  });
});

describe('the drill-down reaches the lesson', () => {
  it('class → its teachers and subjects → a teacher → their lessons with what is missing', async () => {
    const cls = (await web.json(DEPUTY, `panel/class/${t.f.c5a.id}`)).body;
    expect(cls.cls).toEqual({ classId: t.f.c5a.id, name: '5А', grade: 5 });
    expect(
      cls.teachers.map((r: any) => [r.subject, r.teacher, r.held, r.noTopic, r.homeworkMissing, r.noMarks]),
    ).toEqual([
      // Maths: L1, L3 and 23 November held (L4 cancelled); 23 November without topic, homework or marks.
      ['Математика', 'Кузнецов Олег', 3, 1, 2, 1],
      // L5, substituted: Кузнецов's work.
      ['Русский язык', 'Кузнецов Олег', 1, 0, 0, 1],
      ['Русский язык', 'Петрова Елена Викторовна', 2, 2, 1, 1],
    ]);
    expect(cls.students.map((s: any) => [s.name, s.noMarks, s.oneMark, s.absences, s.late])).toEqual([
      ['Борисов Борис', 1, 1, 0, 1],
      ['Веденеева Вера', 1, 0, 0, 0],
      ['Иванова Анна', 0, 1, 1, 0],
    ]);
    expect(cls.chart).toHaveLength(10);

    const teacher = (await web.json(DEPUTY, `panel/teacher/${t.f.mathTeacher.id}`)).body;
    expect(teacher.teacher).toEqual({ id: t.f.mathTeacher.id, name: 'Кузнецов Олег', linked: true });
    const missing = teacher.lessons
      .filter((l: any) => l.homework === 'missing')
      .map((l: any) => `${l.date} ${l.className} ${l.subject}`);
    // The chat's «ДЗ не внесено» list, narrowed to Кузнецов.
    expect(missing).toEqual(['2026-11-17 5А Математика', '2026-11-23 5А Математика', '2026-11-23 6Б Математика']);
    const l1 = teacher.lessons.find((l: any) => l.lessonId === t.f.L1.id);
    expect(l1).toMatchObject({ noTopic: false, homework: null, marks: 2, absences: 1, cancelled: false });
    expect(teacher.lessons.find((l: any) => l.lessonId === t.f.L4.id)).toMatchObject({ cancelled: true, marks: null });
  });

  it("a student's marks and absences of the period, as the diary computes them", async () => {
    const { status, body } = await web.json(DEPUTY, `panel/student/${t.f.anna.id}`);
    expect(status).toBe(200);
    expect(body.student).toEqual({
      studentId: t.f.anna.id,
      name: 'Иванова Анна',
      classId: t.f.c5a.id,
      className: '5А',
    });
    expect(body.period.name).toBe('2 четверть');
    expect(body.subjects).toEqual([
      // 5 and 4, oral (weight 1): 4,50 → «5» with the default thresholds.
      { subject: 'Математика', marks: ['5', '4'], average: 450, rounded: 5, periodMark: null },
      { subject: 'Русский язык', marks: ['4'], average: 400, rounded: 4, periodMark: null },
    ]);
    expect(body.absences).toEqual({
      lessons: { illness: 0, excused: 0, unexcused: 0, unknown: 1 },
      total: 1,
      wholeDays: 0,
      late: 0,
    });
  });

  it('a lesson: its topic, homework, attendance and marks', async () => {
    const { status, body } = await web.json(DEPUTY, `panel/lesson/${t.f.L1.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      date: '2026-11-16',
      slot: 1,
      className: '5А',
      subject: 'Математика',
      teacher: 'Кузнецов Олег',
      topic: 'Дроби',
      homework: 'Упр. 12',
      cancelled: false,
      students: 3,
      attendance: [{ studentId: t.f.anna.id, name: 'Иванова Анна', status: 'absent', reason: 'unknown' }],
      marks: [
        { studentId: t.f.boris.id, name: 'Борисов Борис', value: '3', workKind: 'Устный ответ' },
        { studentId: t.f.anna.id, name: 'Иванова Анна', value: '5', workKind: 'Устный ответ' },
      ],
    });
  });

  it('the deputy reminds a teacher through Notifications, as the chat does', async () => {
    // 17.11 5А without homework; 23.11 5А and 6Б without homework and topic.
    const res = await web.json(DEPUTY, `panel/teacher/${t.f.mathTeacher.id}/remind`, {});
    expect(res).toEqual({ status: 200, body: { linked: true, lessons: 3 } });
    const [event] = await t.db.ds.query(`SELECT payload FROM outbox WHERE type = 'control.nudge' ORDER BY id DESC`);
    expect(event.payload).toMatchObject({ teacherId: t.f.mathTeacher.id, from: '2026-11-09', to: '2026-11-25' });
  });
});

describe('the director reads everything and changes nothing', () => {
  it('opens every level, and is refused the reminder', async () => {
    const levels = [
      'panel',
      `panel/class/${t.f.c5a.id}`,
      `panel/teacher/${t.f.petrova.id}`,
      `panel/student/${t.f.boris.id}`,
      `panel/lesson/${t.f.L2.id}`,
    ];
    for (const path of levels) expect([path, (await web.json(DIRECTOR, path)).status]).toEqual([path, 200]);
    const school = (await web.json(DIRECTOR, 'panel')).body;
    expect(school.manage).toBe(false);
    expect(school.figures).toEqual((await web.json(DEPUTY, 'panel')).body.figures);
    const before = (await t.db.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE type = 'control.nudge'`))[0].n;
    expect(await web.json(DIRECTOR, `panel/teacher/${t.f.mathTeacher.id}/remind`, {})).toEqual(FORBIDDEN);
    const after = (await t.db.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE type = 'control.nudge'`))[0].n;
    expect(after).toBe(before);
  });
});

describe('nobody else, and nothing of another school', () => {
  it("another school's class, teacher, student or lesson: 403, the same as an id that does not exist", async () => {
    const pairs = [
      [`panel/class/${other.cls.id}`, 'panel/class/987654'],
      [`panel/teacher/${other.teacher.id}`, 'panel/teacher/987654'],
      [`panel/student/${other.student.id}`, 'panel/student/987654'],
      [`panel/lesson/${other.lesson.id}`, 'panel/lesson/987654'],
    ];
    for (const [foreign, missing] of pairs) {
      expect(await web.json(DEPUTY, foreign)).toEqual(FORBIDDEN);
      expect(await web.json(DEPUTY, missing)).toEqual(FORBIDDEN);
    }
    expect(await web.json(DEPUTY, `panel/teacher/${other.teacher.id}/remind`, {})).toEqual(FORBIDDEN);
    expect((await web.json(DEPUTY, 'panel/class/12abc')).status).toBe(400);
    expect((await web.json(DEPUTY, 'panel?period=yesterday')).status).toBe(400);
  });

  it('a teacher, a class teacher, the administrator and a parent get 403 at every level', async () => {
    const paths: [string, unknown?][] = [
      ['panel'],
      [`panel/class/${t.f.c5a.id}`],
      [`panel/teacher/${t.f.mathTeacher.id}`],
      [`panel/student/${t.f.pavel.id}`],
      [`panel/lesson/${t.f.L1.id}`],
      [`panel/teacher/${t.f.mathTeacher.id}/remind`, {}],
    ];
    for (const who of [TEACHER, CLASS_TEACHER, ADMIN, PARENT])
      for (const [path, body] of paths)
        expect([who, path, await web.json(who, path, body)]).toEqual([who, path, FORBIDDEN]);
  });
});

describe("the page's drill-down: each level in the query string, back one level up", () => {
  it('lesson → teacher → class → school → home, each asking its own API path', () => {
    let at: ReturnType<typeof parentOf> = readTarget(
      new URLSearchParams('screen=panel&class=3&teacher=7&lesson=90&period=5'),
    );
    const seen: string[] = [];
    while (at) {
      seen.push(`${levelOf(at)} ${apiPath(at, '5')}`);
      at = parentOf(at);
    }
    expect(seen).toEqual([
      'lesson panel/lesson/90',
      'teacher panel/teacher/7?period=5',
      'class panel/class/3?period=5',
      'school panel?period=5',
    ]);
    const student = readTarget(new URLSearchParams('class=3&student=11'));
    expect([levelOf(student), parentOf(student)]).toEqual(['student', { class: 3 }]);
    // Ids the page did not write are not ids: the server is never asked for them.
    expect(readTarget(new URLSearchParams('class=3x&lesson=-1'))).toEqual({});
  });
});
