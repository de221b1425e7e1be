import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartCache } from '../core/diary/chart-cache.js';
import type { ChartLabels } from '../core/diary/chart.js';
import { attachHomeworkFile } from '../core/journal/homework-files.js';
import { setupBotTest, staffOf } from './helpers/bot-test.js';
import type { TestDb } from './helpers/db.js';
import type { BotHarness } from './helpers/bot-harness.js';
import { ANNA, BORIS_FATHER, diaryBotTest, MILA_MOTHER, MOTHER, PETROVA, type DiarySchool } from './helpers/diary.js';
import { actor, journalOf } from './helpers/school-builder.js';
import { texts } from './helpers/screen.js';
import { webTest, type WebTest } from './helpers/webapp.js';

/** Screen 3 of the Mini App: the family's term at a glance, over the API, against what the chat's diary shows. */
let db: TestDb;
let f: DiarySchool;
let h: BotHarness;
let web: WebTest;
let file: number;
let otherGroupFile: number;
let brotherFile: number;

const FORBIDDEN = { error: 'forbidden', message: 'Нет доступа к этим данным.' };

const TEACHER = 7011;
const DEPUTY = 7012;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest(
    diaryBotTest((s) => [
      [TEACHER, staffOf(s, s.mathTeacher, 'teacher')],
      [DEPUTY, staffOf(s, s.deputy, 'deputy')],
    ]),
  ));
  web = webTest(h);
  const attach = async (lessonId: number, fileName: string) =>
    (
      await attachHomeworkFile(
        db.ds,
        { schoolId: f.school.id, lessonId, fileName, mimeType: 'application/pdf', content: Buffer.from('%PDF-1.4 x') },
        actor,
      )
    ).attachmentId;
  file = await attach(f.L.m1126.id, 'задачи.pdf');
  otherGroupFile = await attach(f.L.e1126g2.id, 'ex9.pdf');
  brotherFile = await attach(f.L.p1126.id, 'стр12.pdf');
  // Павел was linked last, so he is the chat's active child: the term opens on Анна as the chat would after «👤 Анна».
  await h.services.linking.switchChild(await h.services.access.profile(MOTHER), f.anna.id);
});
afterAll(() => db.close());

const subjectsOf = (body: any) =>
  body.subjects.map((s: any) => [s.name, s.marks.map((m: any) => m.value).join(' '), s.average, s.rounded, s.trend]);

describe("the mother sees her child's term", () => {
  it('marks of the current quarter by subject and date, averages rounded as the diary does, trends over two weeks', async () => {
    const { status, body } = await web.json(MOTHER, 'term');
    expect(status).toBe(200);
    expect(body.student).toEqual({ studentId: f.anna.id, name: 'Анна Иванова', className: '5А' });
    expect(body.period.name).toBe('2 четверть');
    expect(body.periods.map((p: any) => p.name)).toEqual(['1 четверть', '2 четверть', '1 полугодие', 'Учебный год']);
    expect(body.thresholds).toEqual({ 5: 450, 4: 350, 3: 250 });
    // Maths two weeks ago (up to 11 Nov): one 5 → 5,00; now 31/7.5 → 4,13: −0,87. Russian: 2 → 3,33: +1,33.
    expect(subjectsOf(body)).toEqual([
      ['Математика', '5 3 4 4 pass 5', 413, 4, -87],
      ['Русский язык', '2 4', 333, 3, 133],
      ['Физическая культура', 'exempt', null, null, null],
    ]);
    const maths = body.subjects[0];
    expect(maths.marks[1]).toEqual({
      id: expect.any(Number),
      date: '2026-11-12',
      value: '3',
      kind: 'Контрольная работа',
      weight: 200,
      comment: 'Ошибка в вычислениях <см. № 3> & оформление',
      topic: 'Вычитание',
    });
    expect(body.subjects[2].periodMark).toBe('exempt');
  });

  it("the averages are the chat's diary's for the same data", async () => {
    const p = await h.services.access.profile(MOTHER);
    const s = await h.services.diary.student(p, f.anna.id);
    if (s.kind !== 'ok') throw new Error('no access');
    const diary = await h.services.diary.marks(p.accountHash, s.student);
    if ('notice' in diary) throw new Error(diary.notice);
    const term = (await web.json(MOTHER, 'term')).body;
    expect(term.subjects.map((x: any) => [x.id, x.average, x.rounded, x.periodMark])).toEqual(
      diary.overview.subjects.map((x) => [x.subject.id, x.average, x.rounded, x.periodMark]),
    );
    const chat = texts(await h.send(MOTHER, '/marks')).join('\n');
    expect(chat).toContain('Средний балл: <b>4,13</b> → «4»');
    expect(chat).toContain('Средний балл: <b>3,33</b> → «3»');
  });

  it('another period is shown when asked for, a period of no year of hers is refused', async () => {
    const q1 = (await web.json(MOTHER, `term?period=${f.q1.id}`)).body;
    expect(q1.period.name).toBe('1 четверть');
    expect(subjectsOf(q1)).toEqual([
      ['Математика', '2', 200, 2, null],
      ['Русский язык', '', null, null, null],
    ]);
    expect(q1.subjects[1].periodMark).toBe('notAttested');
    expect(q1.subjects[0].periodMark).toBe('5');
    expect(await web.json(MOTHER, 'term?period=999999')).toEqual({ status: 403, body: FORBIDDEN });
    expect((await web.json(MOTHER, 'term?period=abc')).status).toBe(400);
  });

  it('a new mark appears on the next call with the new average', async () => {
    await journalOf(db.ds, f.school.id).mark(f.anna.id, f.L.r1124, f.test.id, '5', { comment: 'Молодец' });
    const { body } = await web.json(MOTHER, 'term');
    const russian = body.subjects.find((s: any) => s.name === 'Русский язык');
    // 2 (×1), 4 (×2), 5 (×2) = 20/5 → 4,00.
    expect(russian.marks.map((m: any) => [m.date, m.value, m.comment])).toEqual([
      ['2026-11-11', '2', null],
      ['2026-11-17', '4', null],
      ['2026-11-24', '5', 'Молодец'],
    ]);
    expect([russian.average, russian.rounded, russian.trend]).toEqual([400, 4, 200]);
    expect(texts(await h.send(MOTHER, '/marks')).join('\n')).toContain('Средний балл: <b>4,00</b> → «4»');
  });
});

describe('homework of the week and its files', () => {
  it("this week's homework by day, the child's own subgroup only, with the files", async () => {
    const { status, body } = await web.json(MOTHER, 'term/homework');
    expect(status).toBe(200);
    expect(body.monday).toBe('2026-11-23');
    expect(
      body.days.map((d: any) => [d.date, d.lessons.map((l: any) => [l.subject, l.subgroup, l.homework, l.files])]),
    ).toEqual([
      [
        '2026-11-26',
        [
          [
            'Математика',
            null,
            '№ 245, 247 (a < b & c > d)',
            [{ id: file, name: 'задачи.pdf', size: 10, inTelegram: false }],
          ],
          ['Английский язык', '1 группа', 'Ex. 5 p. 40', []],
        ],
      ],
    ]);
    const next = (await web.json(MOTHER, 'term/homework?week=2026-12-01')).body;
    expect(next.monday).toBe('2026-11-30');
    expect(next.days.map((d: any) => [d.date, d.lessons.map((l: any) => l.homework)])).toEqual([
      ['2026-11-30', ['Повторить § 12']],
    ]);
    expect((await web.json(MOTHER, 'term/homework?week=2026-13-01')).status).toBe(400);
  });

  it('a tap sends the file to the chat (uploaded once, then by its Telegram id)', async () => {
    const first = await web.json(MOTHER, 'term/homework-file', { attachmentId: file });
    expect(first).toEqual({ status: 200, body: { sent: true, message: 'Файл отправлен в чат с ботом' } });
    const caption = '📎 Анна Иванова: Математика, задание на чт, 26 ноября';
    expect(web.sent.at(-1)).toEqual({ chatId: MOTHER, fileId: 'uploaded-1', caption, fileName: 'задачи.pdf' });
    const week = (await web.json(MOTHER, 'term/homework')).body;
    expect(week.days[0].lessons[0].files[0].inTelegram).toBe(true);
    await web.json(ANNA, 'term/homework-file', { attachmentId: file });
    expect(web.sent.at(-1)).toEqual({ chatId: ANNA, fileId: 'uploaded-1', caption });
  });

  it("another subgroup's file and a file that does not exist get the same 403, nothing sent", async () => {
    const before = web.sent.length;
    const foreign = await web.json(MOTHER, 'term/homework-file', { attachmentId: otherGroupFile });
    const missing = await web.json(MOTHER, 'term/homework-file', { attachmentId: 987654 });
    expect(foreign).toEqual({ status: 403, body: FORBIDDEN });
    expect(missing).toEqual(foreign);
    expect(await web.json(BORIS_FATHER, 'term/homework-file', { attachmentId: brotherFile })).toEqual(foreign);
    expect(web.sent.length).toBe(before);
    // Борис is in the second group: his father gets that file.
    expect((await web.json(BORIS_FATHER, 'term/homework-file', { attachmentId: otherGroupFile })).status).toBe(200);
    // The mother gets her other child's file, named for him.
    expect((await web.json(MOTHER, 'term/homework-file', { attachmentId: brotherFile })).status).toBe(200);
    expect(web.sent.slice(before).map((x) => [x.chatId, x.caption])).toEqual([
      [BORIS_FATHER, '📎 Борис Борисов: Английский язык, задание на чт, 26 ноября'],
      [MOTHER, '📎 Павел Иванов: Математика, задание на чт, 26 ноября'],
    ]);
    expect((await web.json(MOTHER, 'term/homework-file', { attachmentId: 'x' })).status).toBe(400);
  });
});

describe('the policy over the term API: roles × endpoints × own, foreign and missing targets', () => {
  type Target = 'own' | 'foreign' | 'missing';
  const roles = {
    guardian: { user: MOTHER, own: () => [f.anna.id, file], foreign: () => [f.boris.id, otherGroupFile] },
    student: { user: ANNA, own: () => [f.anna.id, file], foreign: () => [f.pavel.id, brotherFile] },
    otherGuardian: {
      user: BORIS_FATHER,
      own: () => [f.boris.id, otherGroupFile],
      foreign: () => [f.anna.id, brotherFile],
    },
    classTeacher: { user: PETROVA, own: null, foreign: () => [f.anna.id, file] },
    teacher: { user: TEACHER, own: null, foreign: () => [f.anna.id, file] },
    deputy: { user: DEPUTY, own: null, foreign: () => [f.anna.id, file] },
  } as const;
  const endpoints: Record<string, (user: number, student: number, attachment: number) => Promise<Response>> = {
    marks: (u, st) => web.call(u, `term?student=${st}`),
    homework: (u, st) => web.call(u, `term/homework?student=${st}`),
    file: (u, _st, a) => web.call(u, 'term/homework-file', { attachmentId: a }),
    switchChild: (u, st) => web.call(u, 'term/child', { studentId: st }),
  };
  /** Families see their own child; only a guardian switches; staff open no child's term here. */
  const allowed = (role: keyof typeof roles, endpoint: string, target: Target) =>
    target === 'own' && (endpoint !== 'switchChild' || role !== 'student');

  for (const [role, r] of Object.entries(roles) as [keyof typeof roles, (typeof roles)[keyof typeof roles]][])
    for (const endpoint of Object.keys(endpoints))
      for (const target of ['own', 'foreign', 'missing'] as Target[]) {
        if (target === 'own' && !r.own) continue;
        it(`${role} × ${endpoint} × ${target}`, async () => {
          const [student, attachment] =
            target === 'missing' ? [999_999, 999_999] : target === 'own' ? r.own!() : r.foreign();
          const res = await endpoints[endpoint](r.user, student, attachment);
          if (allowed(role, endpoint, target)) expect(res.status).toBe(200);
          else expect({ status: res.status, body: await res.json() }).toEqual({ status: 403, body: FORBIDDEN });
        });
      }

  it('leaves each family on its own child after the switches', async () => {
    await web.call(MOTHER, 'term/child', { studentId: f.anna.id });
    expect((await web.json(MOTHER, 'term')).body.student.name).toBe('Анна Иванова');
  });
});

describe('only her own children', () => {
  it('a foreign student and a non-existent one get the identical 403', async () => {
    const foreign = await web.call(MOTHER, `term?student=${f.boris.id}`);
    const missing = await web.call(MOTHER, 'term?student=999999');
    expect([foreign.status, missing.status]).toEqual([403, 403]);
    expect(await foreign.text()).toBe(await missing.text());
    expect(await web.json(MOTHER, `term/homework?student=${f.boris.id}`)).toEqual({ status: 403, body: FORBIDDEN });
    expect(await web.json(MOTHER, 'term/child', { studentId: f.boris.id })).toEqual({ status: 403, body: FORBIDDEN });
    expect(await web.json(MOTHER, 'term/child', { studentId: 999999 })).toEqual({ status: 403, body: FORBIDDEN });
    // Staff are no family: the class teacher of 5А opens her class elsewhere, not a child's term.
    expect(await web.json(PETROVA, `term?student=${f.anna.id}`)).toEqual({ status: 403, body: FORBIDDEN });
  });

  it('switching children: the term and the chat follow', async () => {
    const mother = (await web.json(MOTHER, 'term')).body;
    expect(mother.children.map((c: any) => [c.name, c.className, c.active])).toEqual([
      ['Анна Иванова', '5А', true],
      ['Павел Иванов', '6Б', false],
    ]);
    expect(await web.json(MOTHER, 'term/child', { studentId: f.pavel.id })).toEqual({
      status: 200,
      body: { activeStudentId: f.pavel.id },
    });
    const pavel = (await web.json(MOTHER, 'term')).body;
    expect(pavel.student.name).toBe('Павел Иванов');
    expect(subjectsOf(pavel)).toEqual([['Математика', '5', 500, 5, null]]);
    expect(texts(await h.send(MOTHER, '/marks'))[0]).toContain('Павел Иванов');
    // Anna stays reachable by id without switching.
    expect((await web.json(MOTHER, `term?student=${f.anna.id}`)).body.student.name).toBe('Анна Иванова');
    await web.json(MOTHER, 'term/child', { studentId: f.anna.id });
  });

  it('a student sees their own term, not their brother, and switches no one', async () => {
    const own = (await web.json(ANNA, 'term')).body;
    expect(own.student.name).toBe('Анна Иванова');
    expect(own.children).toEqual([{ studentId: f.anna.id, name: 'Анна Иванова', className: '5А', active: true }]);
    expect(subjectsOf(own)[0]).toEqual(['Математика', '5 3 4 4 pass 5', 413, 4, -87]);
    expect(await web.json(ANNA, `term?student=${f.pavel.id}`)).toEqual({ status: 403, body: FORBIDDEN });
    expect(await web.json(ANNA, 'term/child', { studentId: f.anna.id })).toEqual({ status: 403, body: FORBIDDEN });
  });

  it('grade 1 keeps no marks and no homework: a notice, not an error', async () => {
    expect((await web.json(MILA_MOTHER, 'term')).body).toMatchObject({ notice: 'noMarks' });
    expect((await web.json(MILA_MOTHER, 'term/homework')).body).toMatchObject({ notice: 'noHomework', days: [] });
  });

  it('a parent unlinked by the class teacher is refused on the next request', async () => {
    expect((await web.json(BORIS_FATHER, 'term')).status).toBe(200);
    const teacher = await h.services.access.profile(PETROVA);
    const father = await h.services.access.profile(BORIS_FATHER);
    expect(await h.services.linking.revokeLink(teacher, father.links[0].id)).toBeTruthy();
    const { status, body } = await web.json(BORIS_FATHER, 'term');
    expect(status).toBe(403);
    expect(body.error).toBe('notLinked');
  });
});

describe("the chat's term chart PNG is drawn once per picture", () => {
  const labels: ChartLabels = {
    title: 'Анна Иванова, 5А',
    subtitle: '2 четверть',
    legend: 'полосы',
    week: (d) => d.slice(5),
    average: (x) => String(x / 100),
    empty: 'пусто',
  };

  it('the same PNG for the same data, a new one after a mark changes', async () => {
    const cache = chartCache();
    const p = await h.services.access.profile(MOTHER);
    const s = await h.services.diary.student(p, f.anna.id);
    if (s.kind !== 'ok') throw new Error('no access');
    const series = async () => (await h.services.diary.chart(s.student, f.q2.id))!.series;
    const first = cache.png(f.anna.id, f.q2.id, await series(), labels);
    expect(cache.png(f.anna.id, f.q2.id, await series(), labels)).toBe(first);
    expect(cache.stats).toEqual({ hits: 1, draws: 1 });
    await journalOf(db.ds, f.school.id).mark(f.anna.id, f.L.m1124, f.oral.id, '2');
    const after = cache.png(f.anna.id, f.q2.id, await series(), labels);
    expect(after.equals(first)).toBe(false);
    expect(cache.stats).toEqual({ hits: 1, draws: 2 });
    expect(cache.size().entries).toBe(1);
  });

  it('«График» in the chat: a second press sends the same picture, a changed mark a new one', async () => {
    const photo = async () => {
      await h.send(MOTHER, '/marks');
      const calls = await h.press(MOTHER, `dg:${f.q2.id}`, h.lastMessage(MOTHER));
      const c = calls.find((x) => x.method === 'sendPhoto')!;
      return Buffer.from((c.payload.photo as unknown as { fileData: Uint8Array }).fileData);
    };
    const first = await photo();
    expect((await photo()).equals(first)).toBe(true);
    await journalOf(db.ds, f.school.id).mark(f.anna.id, f.L.m1124, f.test.id, '5');
    expect((await photo()).equals(first)).toBe(false);
  });

  it('keeps at most its bound of pictures, the least recently pressed going first', async () => {
    const cache = chartCache(2);
    const p = await h.services.access.profile(MOTHER);
    const s = await h.services.diary.student(p, f.anna.id);
    if (s.kind !== 'ok') throw new Error('no access');
    const series = (await h.services.diary.chart(s.student, f.q2.id))!.series;
    cache.png(1, 1, series, labels);
    cache.png(2, 1, series, labels);
    cache.png(1, 1, series, labels);
    cache.png(3, 1, series, labels);
    expect(cache.size().entries).toBe(2);
    cache.png(1, 1, series, labels);
    expect(cache.stats).toEqual({ hits: 2, draws: 3 });
  });
});
