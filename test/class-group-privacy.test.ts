import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { runClassGroupEvening } from '../core/class-group/evening.js';
import { commandsFor } from '../bot/features/menu/index.js';
import { textsFor } from '../bot/i18n.js';
import { declaredPrefixes } from '../bot/callback-codec.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, studentOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { ApiCall, BotHarness } from './helpers/bot-harness.js';
import { journalOf } from './helpers/school-builder.js';
import { buttonsOf, data, last } from './helpers/screen.js';
import { planAll } from './helpers/family.js';

/**
 * The personal-data sweep (issue 19): every command the bot knows, every
 * button, mentions and replies, the announcement mirror, the evening post and
 * the answers on request — in a linked class group, by parents, a student,
 * teachers and the administration — and nothing the group receives names a
 * student or carries a mark, an absence or an average.
 */
const MOTHER = 921;
const ANNA = 922;
const BORIS_FATHER = 923;
const PETROVA = 924;
const MATHS = 925;
const DEPUTY = 926;
const DIRECTOR = 927;
const GROUP = -6001;
const SECRET = 'ЛИЧНОЕ-ЗАМЕЧАНИЕ';

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
const clock = manualClock('2026-11-22T12:00:00Z');
const everyone = [MOTHER, ANNA, BORIS_FATHER, PETROVA, MATHS, DEPUTY, DIRECTOR];

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [MOTHER, guardianOf(f, f.pavel, f.mother)],
      [ANNA, studentOf(f, f.anna)],
      [BORIS_FATHER, guardianOf(f, f.boris, f.borisFather)],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [MATHS, staffOf(f, f.mathTeacher, 'teacher')],
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
      [DIRECTOR, staffOf(f, f.director, 'director')],
    ],
  }));
  const j = journalOf(db.ds, f.school.id);
  const at = { id: f.mathsLesson5a.id, subjectId: f.maths.id, date: '2026-11-23' };
  await j.mark(f.anna.id, at, f.test.id, '5', { comment: SECRET });
  await j.mark(f.anna.id, at, f.oral.id, '4');
  await j.mark(f.boris.id, at, f.test.id, '2', { comment: SECRET });
  await j.attendance(f.boris.id, f.russianLesson5a.id, 'absent', 'unexcused');
  await j.homework(f.mathsLesson5a.id, 'Учебник, № 12–15', new Date('2026-11-20T10:00:00Z'));
  await planAll(db.ds, clock);
  // The class teacher links the group.
  await link();
}, 60_000);

/** The class teacher links the group (again: the sweep's /unlink ends the link). */
async function link() {
  const panel = last(await h.send(PETROVA, '/classgroup'));
  const label = buttonsOf(panel).find((b) => b.text.startsWith('🔑'))!.text;
  const code = /<code>([A-Z0-9]{10})<\/code>/.exec(last(await h.press(PETROVA, data(panel, label))).payload.text)![1];
  await h.group(GROUP, PETROVA, `/link ${code}`);
}
afterAll(() => db.close());

/** Everything of a student's that must never reach the group. */
const PERSONAL = [
  /Анн[аы]/,
  /Иванов/,
  /Борис/,
  /Павел/,
  /Мил[аы]/,
  /Ольга/,
  /Игорь/,
  new RegExp(SECRET),
  /4[,.]5/, // Anna's average in maths
  /Контрольная|Устный ответ/, // a mark's work kind
  /отсутствовал|пропуск[а-я]* урок|неуважит/i,
  /средн[а-я]+ балл[а-я]*:? *\d/i,
];

/** What the group received among these calls: texts, captions, buttons, pop-ups. */
function toGroup(calls: ApiCall[]): string[] {
  return calls
    .filter((c) => c.payload.chat_id === GROUP || (c.method === 'answerCallbackQuery' && c.payload.text))
    .flatMap((c) => [c.payload.text ?? '', c.payload.caption ?? '', JSON.stringify(c.payload.reply_markup ?? '')]);
}

const leaks = (texts: string[]) => texts.flatMap((t) => PERSONAL.filter((p) => p.test(t)).map((p) => `${p} in «${t}»`));

describe('the personal-data sweep of a class group', () => {
  it('the detector works: the same commands in the private chat do show personal data', async () => {
    const calls = [...(await h.send(MOTHER, '/marks')), ...(await h.send(PETROVA, '/class'))];
    const shown = calls.flatMap((c) => [c.payload.text ?? '', JSON.stringify(c.payload.reply_markup ?? '')]);
    expect(leaks(shown).length).toBeGreaterThan(0);
  });

  it('every command, mention and button in the group, by everyone, reveals nothing about a student', async () => {
    const commands = new Set(['start', 'help', 'homework', 'schedule', 'link', 'unlink', 'desk', 'paper', 'diary']);
    for (const user of everyone)
      for (const c of commandsFor(textsFor(), await h.services.access.profile(user))) commands.add(c.command);
    expect(commands.size).toBeGreaterThan(20);
    const seen: string[] = [];
    let answered = 0;
    for (const user of everyone) {
      for (const command of commands)
        for (const text of [
          `/${command}`,
          `/${command}@dnevnik_test_bot`,
          `/${command}@dnevnik_test_bot ${f.anna.id}`,
        ]) {
          clock.advance(11 * 60_000); // fresh answers, not pointers
          const calls = await h.group(GROUP, user, text);
          answered += calls.filter((c) => c.payload.chat_id === GROUP).length;
          seen.push(...toGroup(calls));
        }
      for (const text of ['@dnevnik_test_bot какие оценки у Анны?', 'ABCD-EFGH-JKMN-PQRS', 'пропуски за неделю'])
        seen.push(...toGroup(await h.group(GROUP, user, text)));
      seen.push(
        ...toGroup(
          await h.group(GROUP, user, 'а средний балл?', {
            reply_to_message: { message_id: 1, from: { id: 42, is_bot: true, first_name: 'Дневник' } },
          }),
        ),
      );
      for (const prefix of declaredPrefixes())
        for (const arg of [f.anna.id, f.mathsLesson5a.id, f.c5a.id])
          seen.push(...toGroup(await h.groupPress(GROUP, user, `${prefix}:${arg}`)));
    }
    expect(answered).toBeGreaterThan(100);
    expect(seen.some((t) => t.includes('📚 ДЗ 5А'))).toBe(true);
    expect(seen.some((t) => t.includes('🗓 Расписание 5А'))).toBe(true);
    expect(leaks(seen)).toEqual([]);
  });

  it('what goes through the outbox to the group (the mirror, the evening post) reveals nothing either', async () => {
    await link();
    expect((await h.services.classGroup.ofChat(GROUP, 'telegram'))?.className).toBe('5А');
    const menu = last(await h.send(PETROVA, '/announce'));
    await h.press(PETROVA, data(menu, '5А'));
    const preview = last(await h.send(PETROVA, 'Собрание в четверг'));
    await h.press(PETROVA, buttonsOf(preview).find((b) => b.text === '✅ Отправить')!.data);
    await planAll(db.ds, clock);
    const ctx = { ds: db.ds, hashKey: 'k', now: clock.now(), timezone: 'Europe/Moscow', defaultQuietHours: 'off' };
    await runClassGroupEvening(ctx, '2026-11-22');
    const rows: { text: string; extra: unknown }[] = await db.ds.query(
      `SELECT text, extra FROM notification_delivery WHERE "chatId" = $1 ORDER BY id`,
      [GROUP],
    );
    expect(rows.length).toBe(2);
    expect(leaks(rows.flatMap((r) => [r.text, JSON.stringify(r.extra)]))).toEqual([]);
  });
});
