import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { guardianOf, setupBotTest, staffOf, type BotTest } from './helpers/bot-test.js';
import { makeControlSchool, NOW, type ControlFixture } from './helpers/control-fixture.js';
import { journalOf, openSchool, structureOf } from './helpers/school-builder.js';
import { buttons, texts } from './helpers/screen.js';
import { webTest, type WebTest } from './helpers/webapp.js';

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
