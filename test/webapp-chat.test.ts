import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { BotHarness, type ApiCall } from './helpers/bot-harness.js';
import { last, webAppButtonsOf } from './helpers/screen.js';

/**
 * The chat opens the Mini App (bot/features/webapp/): a `web_app` button under
 * the lesson card, the family's marks, the control panel and the class
 * teacher's desk, and the chat's menu button per role — with WEBAPP_URL set;
 * with it unset, no Mini App button anywhere.
 */
const APP = 'https://school.example.test/app/';
const TEACHER = 701; // Кузнецов: maths in 5А and 6Б
const PETROVA = 702; // class teacher of 5А, teaches russian
const MOTHER = 703;
const DEPUTY = 704;
const ANNA = 705;

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
let plain: BotHarness;
const clock = manualClock('2026-11-23T09:00:00+03:00');

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    env: { WEBAPP_URL: APP },
    people: (f) => [
      [TEACHER, staffOf(f, f.mathTeacher, 'teacher')],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
      [ANNA, studentOf(f, f.anna)],
    ],
  }));
  // The same school and people, the bot without WEBAPP_URL.
  plain = new BotHarness(db.ds, { clock });
});
afterAll(() => db.close());

const menuButtons = (calls: ApiCall[], userId: number) =>
  calls
    .filter((c) => c.method === 'setChatMenuButton' && c.payload.chat_id === userId)
    .map((c) => c.payload.menu_button);

describe('with WEBAPP_URL: the chat opens the Mini App', () => {
  it('the menu button opens the screen of the role, set once when the account is linked', () => {
    expect(menuButtons(h.calls, TEACHER)).toEqual([
      { type: 'web_app', text: 'Журнал', web_app: { url: `${APP}?screen=grid` } },
    ]);
    // Class teacher and teacher: the home screen, where the grid and the class are.
    expect(menuButtons(h.calls, PETROVA)).toEqual([{ type: 'web_app', text: 'Дневник', web_app: { url: APP } }]);
    expect(menuButtons(h.calls, MOTHER)).toEqual([
      { type: 'web_app', text: 'Успеваемость', web_app: { url: `${APP}?screen=term` } },
    ]);
    expect(menuButtons(h.calls, DEPUTY)).toEqual([
      { type: 'web_app', text: 'Контроль', web_app: { url: `${APP}?screen=panel` } },
    ]);
  });

  it('is not asked again while nothing changes', async () => {
    const calls = await h.send(TEACHER, '/start');
    expect(menuButtons(calls, TEACHER)).toEqual([]);
  });

  it("«Открыть журнал» under /today's lesson card opens the grid of that lesson", async () => {
    const card = last(await h.press(TEACHER, `tl:${f.mathsLesson5a.id}`));
    expect(webAppButtonsOf(card)).toEqual([
      {
        text: '📒 Открыть журнал',
        url: `${APP}?screen=grid&class=${f.c5a.id}&subject=${f.maths.id}&lesson=${f.mathsLesson5a.id}`,
      },
    ]);
    // On top, above the chat's own buttons.
    expect(card.payload.reply_markup.inline_keyboard[0][0].text).toBe('📒 Открыть журнал');
  });

  it("«Успеваемость за четверть» under the family's marks opens the child's term", async () => {
    const marks = last(await h.send(MOTHER, '/marks'));
    expect(webAppButtonsOf(marks)).toEqual([
      { text: '📈 Успеваемость за четверть', url: `${APP}?screen=term&student=${f.anna.id}&period=${f.q2.id}` },
    ]);
  });

  it("«Панель контроля» under the deputy's /control", async () => {
    const panel = last(await h.send(DEPUTY, '/control'));
    expect(webAppButtonsOf(panel)).toEqual([{ text: '📊 Панель контроля', url: `${APP}?screen=panel` }]);
  });

  it("«Мой класс» under the class teacher's desk opens the class at a glance", async () => {
    const desk = last(await h.press(PETROVA, `wd:${f.c5a.id}`));
    expect(webAppButtonsOf(desk)).toEqual([{ text: '🏫 Мой класс', url: `${APP}?screen=glance&class=${f.c5a.id}` }]);
  });

  it('the menu button goes back to the default when the account unlinks itself', async () => {
    await h.send(ANNA, '/start');
    expect(menuButtons(h.calls, ANNA).at(-1)).toEqual({
      type: 'web_app',
      text: 'Успеваемость',
      web_app: { url: `${APP}?screen=term` },
    });
    await h.send(ANNA, '/logout');
    const calls = await h.press(ANNA, 'lo:y');
    expect(menuButtons(calls, ANNA)).toEqual([{ type: 'default' }]);
    // Unlinked: nothing more to reset.
    expect(menuButtons(await h.send(ANNA, '/start'), ANNA)).toEqual([]);
  });
});

describe('without WEBAPP_URL: no Mini App button anywhere', () => {
  it('no web_app button under the lesson card, the marks, the panel or the desk', async () => {
    const shown = [
      last(await plain.press(TEACHER, `tl:${f.mathsLesson5a.id}`)),
      last(await plain.send(MOTHER, '/marks')),
      last(await plain.send(DEPUTY, '/control')),
      last(await plain.press(PETROVA, `wd:${f.c5a.id}`)),
    ];
    for (const call of shown) {
      expect(call.payload.reply_markup.inline_keyboard.length).toBeGreaterThan(0);
      expect(webAppButtonsOf(call)).toEqual([]);
    }
  });

  it('a menu button set before goes back to the default; a chat that never had one is not touched', async () => {
    // The teacher's chat had the grid (the session remembers it): WEBAPP_URL unset resets it once.
    expect(menuButtons(plain.calls, TEACHER)).toEqual([{ type: 'default' }]);
    expect(menuButtons(await plain.send(TEACHER, '/start'), TEACHER)).toEqual([]);
    const stranger = await plain.send(799, '/start');
    expect(stranger.some((c) => c.method === 'setChatMenuButton')).toBe(false);
  });
});
