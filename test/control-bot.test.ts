import type { InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { runWeeklyControl } from '../core/control/notify.js';
import { runScheduledPrintouts } from '../core/paper/schedule.js';
import { updateControlSettings } from '../core/control/settings.js';
import { processNextEvent } from '../core/notifications/outbox.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeControlSchool, NOW, type ControlFixture } from './helpers/control-fixture.js';
import type { BotHarness, ApiCall } from './helpers/bot-harness.js';
import { texts, buttons } from './helpers/screen.js';
import { HASH_KEY } from './helpers/linking.js';
import { pdfPages } from './helpers/pdf-text.js';

/**
 * /control and the class teacher's paper through the real bot, on the
 * fixture week of test/helpers/control-fixture.ts (plus makeSchool's lessons
 * of Monday 23 November, which have neither topic nor homework), on
 * Wednesday 25 November 2026 at 10:00 in Moscow.
 */
let db: TestDb;
let f: ControlFixture;
let h: BotHarness;
const clock = manualClock(NOW);

type Role = 'guardian' | 'student' | 'teacher' | 'classTeacher' | 'otherClassTeacher' | 'admin' | 'deputy' | 'director';
const USER: Record<Role, number> = {
  guardian: 8001,
  student: 8002,
  teacher: 8003,
  classTeacher: 8004,
  otherClassTeacher: 8005,
  admin: 8006,
  deputy: 8007,
  director: 8008,
};
const UNAVAILABLE = 'Это действие недоступно. Откройте меню заново — /start.';
const DENIED = 'Панель контроля — для заместителя директора и директора школы.';

const PANEL = [
  '<b>📊 Контроль ведения журнала</b>',
  'вся школа · 2 четверть: 09.11 — 25.11',
  '',
  '<b>Отметки</b>: без отметок — 3 из 6 (50%), с одной отметкой — 2 (33%)',
  '• Математика: без отметок 50%, с одной 25% (учеников: 4)',
  '• Русский язык: без отметок 50%, с одной 50% (учеников: 2)',
  '<b>Домашние задания</b>: не внесены — 4 из 8 уроков, внесены позже 1,5 ч — 1',
  '<b>Темы уроков</b>: не записаны — 6 из 10',
  '<b>Посещаемость</b>: пропусков отмечено не в день урока — 1',
  '<b>Письменные работы</b>: отметки внесены позже срока — 1 из 1',
  '<b>Семьи</b>: подключены 3 из 5 (60%), заходили за 30 дней — 1 (20%)',
  '<b>Замены и отмены</b>: 2',
  '<b>Сообщения об ошибках в журнале</b>: открыто 2, из них просрочено 1',
  '<b>Журнал школы</b>: ведётся здесь, в боте',
  '',
  'Нажмите на показатель, чтобы открыть список. Как считается каждый показатель — в справке школы (docs/control-panel.md).',
].join('\n');
const FIGURE_BUTTONS = [
  'Без отметок (3)',
  'Одна отметка (2)',
  'ДЗ не внесено (4)',
  'ДЗ с опозданием (1)',
  'Без темы (6)',
  'Пропуски не в день (1)',
  'Отметки позже срока (1)',
  'Семьи не подключены (2)',
  'Семьи не заходят (2)',
  'Замены и отмены (2)',
  'Сообщения об ошибках (2)',
];
const NAV = ['🏫 Вся школа', '👥 Классы', '👩‍🏫 Учителя', '📅 Период', '📋 Сводная ведомость'];

const text = (calls: ApiCall[]) => texts(calls)[0];
/** The bytes of a document the bot sent. */
const fileBytes = (call: ApiCall) =>
  Buffer.from((call.payload.document as unknown as { fileData: Uint8Array }).fileData);
const outboxed = async (type: string) =>
  (await db.ds.query(`SELECT payload FROM outbox WHERE type = $1 ORDER BY id`, [type])).map(
    (r: { payload: unknown }) => r.payload,
  );
const drain = async () => {
  // Outbox rows become available at the database's clock, so the worker's side runs on the real one.
  const deps = {
    ds: db.ds,
    clock: { now: () => new Date(Date.now() + 60_000) },
    timezone: 'Europe/Moscow',
    hashKey: HASH_KEY,
    defaultQuietHours: 'off',
    correctionWindowMs: 0,
  };
  while (await processNextEvent(deps));
};
const deliveries = async (kind: string) =>
  db.ds.query(`SELECT "chatId", text FROM notification_delivery WHERE kind = $1 ORDER BY id`, [kind]);

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeControlSchool,
    clock,
    people: (f) => [
      [USER.guardian, guardianOf(f, f.pavel, f.mother)],
      [USER.student, studentOf(f, f.pavel)],
      [USER.teacher, staffOf(f, f.mathTeacher, 'teacher')],
      [USER.classTeacher, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [USER.otherClassTeacher, staffOf(f, f.sidorov, 'classTeacher', f.c6b)],
      [USER.admin, staffOf(f, f.admin, 'admin')],
      [USER.deputy, staffOf(f, f.deputy, 'deputy')],
      [USER.director, staffOf(f, f.director, 'director')],
    ],
  }));
});
afterAll(() => db.close());

describe("the deputy director's panel", () => {
  it('opens with every figure of the current period and its lists one tap away', async () => {
    const calls = await h.send(USER.deputy, '/control');
    expect(text(calls)).toBe(PANEL);
    expect(buttons(calls)).toEqual([...FIGURE_BUTTONS, ...NAV, '⚙️ Настройки', '🔄 Обновить']);
  });

  it('each figure opens its list: lessons without homework, late homework, students without marks', async () => {
    await h.send(USER.deputy, '/control');
    expect(text(await h.press(USER.deputy, 'kf:hwmissing'))).toBe(
      [
        '<b>Уроки без домашнего задания</b> — вся школа, 09.11 — 25.11: 4',
        '17.11, 1-й урок · 5А · Математика · Кузнецов О.',
        '23.11, 1-й урок · 5А · Математика · Кузнецов О.',
        '23.11, 2-й урок · 5А · Русский язык · Петрова Е. В.',
        '23.11, 1-й урок · 6Б · Математика · Кузнецов О.',
      ].join('\n'),
    );
    expect(text(await h.press(USER.deputy, 'kf:hwlate'))).toBe(
      [
        '<b>Домашнее задание внесено позже 1,5 часа после уроков класса</b> — вся школа, 09.11 — 25.11: 1',
        '16.11, 2-й урок · 5А · Русский язык · Петрова Е. В. — внесено 16.11.2026 20:00, срок 16.11.2026 11:15',
      ].join('\n'),
    );
    expect(text(await h.press(USER.deputy, 'kf:attlate'))).toBe(
      [
        '<b>Пропуски, отмеченные не в день урока</b> — вся школа, 09.11 — 25.11: 1',
        '17.11, 1-й урок · 5А · Математика · Кузнецов О. — Борисов Борис: опоздание отмечен 18.11.2026 08:30',
      ].join('\n'),
    );
    expect(text(await h.press(USER.deputy, 'kf:markslate'))).toBe(
      [
        '<b>Отметки за письменные работы, внесённые позже срока</b> — вся школа, 09.11 — 25.11: 1',
        '16.11, 2-й урок · 5А · Русский язык · Петрова Е. В. — Иванова Анна: «4» за «Контрольная работа», внесена 20.11.2026 12:00 (срок 3 дн.)',
      ].join('\n'),
    );
    expect(text(await h.press(USER.deputy, 'kf:famoff'))).toBe(
      [
        '<b>Ученики, чьи семьи не подключены к боту</b> — вся школа, 09.11 — 25.11: 2',
        '1А · Милова Мила',
        '5А · Веденеева Вера (отказ от согласия на обработку данных)',
      ].join('\n'),
    );
    const changed = await h.press(USER.deputy, 'kf:changed');
    expect(text(changed)).toBe(
      [
        '<b>Замены и отменённые уроки</b> — вся школа, 09.11 — 25.11: 2',
        '18.11, 1-й урок · 5А · Математика · Кузнецов О. — урок отменён',
        '19.11, 1-й урок · 5А · Русский язык · Кузнецов О. — замена: Кузнецов О.',
      ].join('\n'),
    );
    expect(buttons(changed)).toEqual(['← К панели']);
    expect(text(await h.press(USER.deputy, 'kf:reports'))).toBe(
      [
        '<b>Открытые сообщения об ошибках в журнале</b> — вся школа, 09.11 — 25.11: 2',
        '5А · Иванова Анна — отметка, сообщено 23.11.2026 10:00, срок 24.11.2026 10:00 — просрочено · Петрова Е. В.',
        '5А · Борисов Борис — пропуск, сообщено 25.11.2026 08:00, срок 26.11.2026 08:00 · Кузнецов О.',
      ].join('\n'),
    );
  });

  it('narrows to a class and to a teacher, and to the last seven days', async () => {
    await h.send(USER.deputy, '/control');
    const classes = await h.press(USER.deputy, 'ko:classes');
    expect(buttons(classes)).toEqual(['1А', '5А', '6Б', '← К панели']);
    const c = await h.press(USER.deputy, `kc:${f.c5a.id}`);
    expect(text(c)).toMatch(/^<b>📊 Контроль ведения журнала<\/b>\n5А класс · 2 четверть: 09\.11 — 25\.11\n/);
    expect(text(await h.press(USER.deputy, 'kf:nomarks'))).toBe(
      [
        '<b>Ученики без отметок</b> — 5А класс, 09.11 — 25.11: 2',
        '5А · Борисов Борис — Русский язык',
        '5А · Веденеева Вера — Математика',
      ].join('\n'),
    );
    const teachers = await h.press(USER.deputy, 'ko:teachers');
    expect(buttons(teachers)).toEqual(['Кузнецов О.', 'Петрова Е. В.', '← К панели']);
    const t = await h.press(USER.deputy, `kt:${f.mathTeacher.id}`);
    expect(text(t)).toContain('учитель Кузнецов О. · 2 четверть: 09.11 — 25.11');
    expect(buttons(t)).toContain('🔔 Напомнить учителю');
    const week = await h.press(USER.deputy, 'ko:week');
    expect(text(week)).toContain('учитель Кузнецов О. · неделя: 19.11 — 25.11');
  });

  it('reminds a teacher of lessons missing homework or a topic, through Notifications', async () => {
    await h.send(USER.deputy, '/control');
    await h.press(USER.deputy, `kt:${f.mathTeacher.id}`);
    const calls = await h.press(USER.deputy, `kn:${f.mathTeacher.id}`);
    expect(text(calls)).toBe('Напоминание отправлено: Кузнецов О. (уроков: 3).');
    const [payload] = await outboxed('control.nudge');
    expect(payload).toMatchObject({ teacherId: f.mathTeacher.id, from: '2026-11-09', to: '2026-11-25' });
    await drain();
    expect(await deliveries('control')).toEqual([
      {
        chatId: String(USER.teacher),
        text: [
          '<b>🔔 Напоминание от заместителя директора</b>',
          'Заполните, пожалуйста, журнал по урокам (09.11 — 25.11):',
          '• 17.11, 1-й урок, 5А, Математика: нет домашнего задания',
          '• 23.11, 1-й урок, 5А, Математика: нет темы и домашнего задания',
          '• 23.11, 1-й урок, 6Б, Математика: нет темы и домашнего задания',
        ].join('\n'),
      },
    ]);
    const [audit] = await db.ds.query(`SELECT actor, "entityId" FROM audit_log WHERE action = 'control.nudge'`);
    expect(audit).toEqual({ actor: `staff:${f.deputy.id}`, entityId: String(f.mathTeacher.id) });
  });

  it("changes the school's settings: the digest, nudges, subjects without homework", async () => {
    await h.send(USER.deputy, '/control');
    const s = await h.press(USER.deputy, 'ko:settings');
    expect(text(s)).toBe(
      [
        '<b>⚙️ Настройки контроля</b>',
        'Еженедельная сводка заместителю директора (понедельник, 08:00): включено.',
        'Напоминания учителям об уроках без домашнего задания или темы (понедельник, 08:00): выключено.',
        'Предметы без домашних заданий (не входят в «ДЗ не внесено»): нет.',
      ].join('\n'),
    );
    expect(buttons(s)).toEqual([
      '✅ Сводка по понедельникам',
      '◻️ Напоминания учителям',
      '◻️ Математика',
      '◻️ Русский язык',
      '← К панели',
    ]);
    const on = await h.press(USER.deputy, 'kx:nudges');
    expect(buttons(on)).toContain('✅ Напоминания учителям');
    const maths = await h.press(USER.deputy, `kh:${f.maths.id}`);
    expect(text(maths)).toContain('Предметы без домашних заданий (не входят в «ДЗ не внесено»): Математика.');
    const [row] = await db.ds.query(
      `SELECT nudges, digest, "noHomeworkSubjectIds", "updatedBy" FROM control_setting WHERE "schoolId" = $1`,
      [f.school.id],
    );
    expect(row).toEqual({
      nudges: true,
      digest: true,
      noHomeworkSubjectIds: [f.maths.id],
      updatedBy: `staff:${f.deputy.id}`,
    });
    await h.press(USER.deputy, `kh:${f.maths.id}`);
    await h.press(USER.deputy, 'kx:nudges');
  });

  it('prints the summary sheet of any class as PDF and CSV', async () => {
    await h.send(USER.deputy, '/control');
    expect(text(await h.press(USER.deputy, 'ko:sheet'))).toBe(
      '<b>Сводная ведомость</b> за 2 четверть: выберите класс.',
    );
    const calls = await h.press(USER.deputy, `ks:${f.c6b.id}`);
    const docs = calls.filter((c) => c.method === 'sendDocument');
    expect(docs.map((d) => (d.payload.document as InputFile).filename)).toEqual([
      'summary-sheet_6Б_2-четверть_2026-11-09_2026-12-28.pdf',
      'summary-sheet_6Б_2-четверть_2026-11-09_2026-12-28.csv',
    ]);
    expect(docs.map((d) => d.payload.caption)).toEqual([
      'Сводная ведомость: 6Б, 2 четверть (PDF).',
      'Сводная ведомость: 6Б, 2 четверть (CSV).',
    ]);
    const [page] = await pdfPages(fileBytes(docs[0]));
    expect(page).toContain('1 Иванов Павел — 0 0 0');
  });
});

describe('the director reads and changes nothing', () => {
  it('sees the same panel without settings or reminders', async () => {
    const calls = await h.send(USER.director, '/control');
    expect(text(calls)).toBe(PANEL);
    expect(buttons(calls)).toEqual([...FIGURE_BUTTONS, ...NAV, '🔄 Обновить']);
    await h
      .press(USER.director, `kt:${f.mathTeacher.id}`)
      .then((c) => expect(buttons(c)).not.toContain('🔔 Напомнить учителю'));
    expect(text(await h.press(USER.director, 'kf:notopic'))).toMatch(
      /^<b>Уроки без темы<\/b> — учитель Кузнецов О\., 09\.11 — 25\.11: 2\n/,
    );
  });

  it('is refused every change, and nothing is written', async () => {
    const before = await db.ds.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE type = 'control.nudge') AS nudges, (SELECT count(*)::int FROM audit_log WHERE action LIKE 'control.%') AS audits`,
    );
    for (const data of ['ko:settings', 'kx:digest', 'kx:nudges', `kh:${f.maths.id}`, `kn:${f.mathTeacher.id}`])
      expect(await h.press(USER.director, data)).toEqual([
        { method: 'answerCallbackQuery', payload: expect.objectContaining({ text: UNAVAILABLE, show_alert: true }) },
      ]);
    const after = await db.ds.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE type = 'control.nudge') AS nudges, (SELECT count(*)::int FROM audit_log WHERE action LIKE 'control.%') AS audits`,
    );
    expect(after).toEqual(before);
    const [row] = await db.ds.query(`SELECT digest, nudges FROM control_setting WHERE "schoolId" = $1`, [f.school.id]);
    expect(row).toEqual({ digest: true, nudges: false });
  });
});

/** Who may do what; written out from the rules (000 §3.5, §3.7–3.8), not asked of the policy. */
const ROLES: Role[] = [
  'guardian',
  'student',
  'teacher',
  'classTeacher',
  'otherClassTeacher',
  'admin',
  'deputy',
  'director',
];
const ALLOWED: Record<string, Role[]> = {
  '/control': ['deputy', 'director'],
  'ko:home': ['deputy', 'director'],
  'kf:nomarks': ['deputy', 'director'],
  'ks:5А': ['deputy', 'director'],
  'kx:digest': ['deputy'],
  'pp:5А': ['classTeacher', 'deputy', 'director'],
  'pu:5А': ['classTeacher', 'deputy', 'director'],
  'pp:6Б': ['otherClassTeacher', 'deputy', 'director'],
};

describe('access matrix of the panel and the paper', () => {
  for (const [action, allowed] of Object.entries(ALLOWED))
    for (const role of ROLES) {
      const ok = allowed.includes(role);
      it(`${action} by ${role} → ${ok ? 'allowed' : 'refused'}`, async () => {
        const data = action.replace('5А', String(f.c5a.id)).replace('6Б', String(f.c6b.id));
        if (action === '/control') {
          const calls = await h.send(USER[role], '/control');
          if (ok) expect(text(calls)).toMatch(/^<b>📊 Контроль ведения журнала<\/b>/);
          else expect(texts(calls)).toEqual([DENIED]);
          return;
        }
        if (action.startsWith('k')) await h.send(USER[role], '/control');
        const calls = await h.press(USER[role], data);
        if (!ok) {
          expect(calls).toEqual([
            {
              method: 'answerCallbackQuery',
              payload: expect.objectContaining({ text: UNAVAILABLE, show_alert: true }),
            },
          ]);
          return;
        }
        expect(calls[0]).toEqual({
          method: 'answerCallbackQuery',
          payload: expect.not.objectContaining({ show_alert: true }),
        });
        expect(calls.length).toBeGreaterThan(1);
        if (action === 'kx:digest') await h.press(USER[role], data);
      });
    }
});

describe("the class teacher's paper", () => {
  it('/class offers «🖨 Распечатки»; printouts for the families without access carry only their children', async () => {
    const cls = await h.send(USER.classTeacher, '/class');
    expect(buttons(cls)[0]).toBe('🖨 Распечатки');
    const menu = await h.press(USER.classTeacher, `pp:${f.c5a.id}`);
    expect(text(menu)).toBe(
      [
        '<b>Распечатки, 5А</b>',
        'Выписка из дневника за две недели (с 12.11 по 25.11): отметки с датами, средние баллы, пропуски и домашние задания — по странице на ученика.',
        'Семей без доступа к боту: 1.',
      ].join('\n'),
    );
    expect(buttons(menu)).toEqual([
      '🖨 Для семей без доступа (1)',
      '🖨 Для всего класса (3)',
      '📋 Сводная ведомость',
      '📂 Готовые файлы',
    ]);
    const calls = await h.press(USER.classTeacher, `pu:${f.c5a.id}`);
    const doc = calls.find((c) => c.method === 'sendDocument')!;
    expect(doc.payload.caption).toBe('Распечатки: 5А, с 12.11 по 25.11, учеников: 1.');
    const pages = await pdfPages(fileBytes(doc));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('Ученик: Веденеева Вера, 5А класс');
    expect(pages[0]).not.toMatch(/Иванова|Борисов/);
  });

  it('the summary sheet of a chosen period, and files made before', async () => {
    const periods = await h.press(USER.classTeacher, `pv:${f.c5a.id}`);
    expect(buttons(periods)).toEqual(['2 четверть']);
    const sheet = await h.press(USER.classTeacher, `pq:${f.q2.id}`);
    expect(sheet.filter((c) => c.method === 'sendDocument').map((c) => c.payload.caption)).toEqual([
      'Сводная ведомость: 5А, 2 четверть.',
      'Сводная ведомость: 5А, 2 четверть.',
    ]);
    const files = await h.press(USER.classTeacher, `pl:${f.c5a.id}`);
    expect(buttons(files).slice(0, 3)).toEqual([
      '📋 Ведомость, 2 четверть (CSV)',
      '📋 Ведомость, 2 четверть (PDF)',
      '🖨 12.11 — 25.11, учеников: 1',
    ]);
    const [file] = await db.ds.query(
      `SELECT id FROM paper_file WHERE kind = 'printouts' AND "classId" = $1 ORDER BY id LIMIT 1`,
      [f.c5a.id],
    );
    const again = await h.press(USER.classTeacher, `pf:${file.id}`);
    expect(again.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendDocument']);
    // Another class's file is not this class teacher's.
    const [other] = await db.ds.query(`SELECT id FROM paper_file WHERE "classId" = $1 LIMIT 1`, [f.c6b.id]);
    expect(await h.press(USER.classTeacher, `pf:${other.id}`)).toEqual([
      { method: 'answerCallbackQuery', payload: expect.objectContaining({ text: UNAVAILABLE }) },
    ]);
  });
});

describe('the Monday digest and nudges', () => {
  it('the digest of last week reaches the deputy only; nudges only when the school turned them on', async () => {
    await db.ds.query(`DELETE FROM notification_delivery`);
    const monday = { now: new Date('2026-11-23T05:00:00Z'), timezone: 'Europe/Moscow' };
    expect(await runWeeklyControl(db.ds, monday)).toEqual({ schools: 1, digests: 1, nudges: 0 });
    await drain();
    const [digest] = await deliveries('control');
    expect(digest.chatId).toBe(String(USER.deputy));
    expect(digest.text.split('\n').slice(0, 3)).toEqual([
      '<b>📊 Контроль ведения журнала за неделю</b> (16.11 — 22.11)',
      '',
      '<b>Отметки</b>: без отметок — 3 из 6 (50%), с одной отметкой — 2 (33%)',
    ]);
    expect(digest.text.split('\n').at(-1)).toBe('Списки — в панели: /control');
    expect(await deliveries('control')).toHaveLength(1);

    await updateControlSettings(db.ds, f.school.id, { nudges: true }, { kind: 'cli', command: 'test' });
    await db.ds.query(`DELETE FROM notification_delivery`);
    expect(await runWeeklyControl(db.ds, monday)).toEqual({ schools: 1, digests: 1, nudges: 2 });
    await drain();
    const sent = await deliveries('control');
    expect(sent.map((d: { chatId: string }) => d.chatId).sort()).toEqual(
      [USER.teacher, USER.classTeacher, USER.deputy].map(String).sort(),
    );
    expect(sent.find((d: { chatId: string }) => d.chatId === String(USER.classTeacher)).text).toBe(
      [
        '<b>🔔 Напоминание от заместителя директора</b>',
        'Заполните, пожалуйста, журнал по урокам (16.11 — 22.11):',
        '• 16.11, 1-й урок, 1А, Русский язык: нет темы урока',
        '• 16.11, 2-й урок, 5А, Русский язык: нет темы урока',
      ].join('\n'),
    );
  });
});

describe('scheduled printouts', () => {
  it('every two weeks for the students without a linked family, and the class teacher is told', async () => {
    await db.ds.query(`DELETE FROM notification_delivery`);
    // 5А: Vera (consent refused); 6Б: Pavel's family is linked; 1А: Mila.
    expect(await runScheduledPrintouts(db.ds, { date: '2026-11-23', everyDays: 14, now: NOW })).toEqual({
      classes: 3,
      files: 2,
      students: 2,
    });
    expect(await runScheduledPrintouts(db.ds, { date: '2026-11-23', everyDays: 14, now: NOW })).toEqual({
      classes: 1,
      files: 0,
      students: 0,
    });
    expect(await runScheduledPrintouts(db.ds, { date: '2026-11-30', everyDays: 14, now: NOW })).toEqual({
      classes: 1,
      files: 0,
      students: 0,
    });
    const files = await db.ds.query(
      `SELECT "classId", "fromDate", "toDate", "studentIds", slot FROM paper_file WHERE slot LIKE 'printouts:%' ORDER BY id`,
    );
    expect(files).toEqual([
      {
        classId: f.c1a.id,
        fromDate: '2026-11-09',
        toDate: '2026-11-22',
        studentIds: [f.mila.id],
        slot: `printouts:${f.c1a.id}:2026-11-23`,
      },
      {
        classId: f.c5a.id,
        fromDate: '2026-11-09',
        toDate: '2026-11-22',
        studentIds: [f.vera.id],
        slot: `printouts:${f.c5a.id}:2026-11-23`,
      },
    ]);
    await drain();
    expect(await deliveries('control')).toEqual([
      {
        chatId: String(USER.classTeacher),
        text: [
          '🖨 <b>Распечатки готовы</b>',
          '5А: выписки из дневника с 09.11 по 22.11 для учеников, чьи семьи не пользуются ботом (1): Веденеева Вера.',
          'Файл: /class → «🖨 Распечатки» → «Готовые файлы».',
        ].join('\n'),
      },
    ]);
  });
});
