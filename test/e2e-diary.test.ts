import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi, type ChatMessage } from './support/fake-bot-api/index.js';
import demoData from '../cli/seed/demo-data.json' with { type: 'json' };
import { createTestDb, type TestDb } from './helpers/db.js';
import { exitWithin, killAll, spawnApp, tail, tempDir, type Spawned, SCHOOL_DAY } from './helpers/processes.js';

/**
 * The diary through the real process: the demo school is seeded by the CLI,
 * main.ts polls the fake Bot API, and a demo guardian of two children (1А and
 * 5А) links both, then reads marks, homework, timetable and absences of each
 * and switches between them with the button under a view. The averages and
 * forecasts on the screen are recomputed here from the marks on the same
 * screen and the demo school's published weights and thresholds.
 */
const TOKEN = '123456:TEST-e2e-diary-token-000000000';
const SERVER = !!process.env.DATABASE_URL;
let fake: FakeBotApi;
let testDb: TestDb | undefined;
let bot: Spawned;
const data = tempDir('dnevnik-e2e-diary-');
type Code = { code: string; role: string; name: string; student: string; class: string };
let family: Code[] = [];

const env = (): Record<string, string> => ({
  BOT_TOKEN: TOKEN,
  BOT_API_ROOT: fake.url,
  DATA_DIR: data.dir,
  LOG_LEVEL: 'warn',
  CODE_HASH_KEY: 'e2e-diary-key-0123456789',
  CLOCK_START: SCHOOL_DAY,
  ...(SERVER
    ? { DATABASE_URL: testDb!.url, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }
    : {}),
});

beforeAll(async () => {
  fake = new FakeBotApi({ token: TOKEN, firstUpdateId: randomInt(1_000_000, 1_000_000_000) });
  await fake.start();
  if (SERVER) testDb = await createTestDb();
  const seed = spawnApp('cli/index.ts', env(), ['seed', '--demo', '--json']);
  const { code } = await exitWithin(seed, 120_000);
  if (code !== 0) throw new Error(`seed exit ${code}\n${tail(seed)}`);
  const parents: Code[] = JSON.parse(seed.stdout()).invitations.filter((i: Code) => i.role === 'parent');
  // A guardian with a child in 1А and another in 5А (the demo's sibling pairs).
  const byName = new Map<string, Code[]>();
  for (const p of parents) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  family = [...byName.values()].find(
    (c) => c.length === 2 && c.some((x) => x.class === '1А') && c.some((x) => x.class === '5А'),
  )!;
  expect(family).toBeDefined();
  bot = spawnApp('main.ts', env());
  await fake.waitForRequest((c) => c.method === 'getUpdates', 90_000);
}, 240_000);

afterAll(async () => {
  await killAll();
  await fake?.stop();
  await testDb?.close();
  data.remove();
});

const withTail = (e: Error) => {
  throw new Error(`${e.message}\n${tail(bot)}`);
};

/** Sends a text; resolves with the bot's messages up to the one carrying an inline keyboard (a long view comes in parts). */
async function view(user: number, text: string): Promise<ChatMessage[]> {
  const { message } = fake.injectMessage(user, text);
  const last = await fake
    .waitForMessage(
      user,
      (m) => !!m.inlineKeyboard?.length || /недоступен|В 1 классе/.test(m.text ?? ''),
      20_000,
      message.messageId,
    )
    .catch(withTail);
  return fake.botMessagesFor(user).filter((m) => m.messageId > message.messageId && m.messageId <= last.messageId);
}
async function say(user: number, text: string, match: (m: ChatMessage) => boolean): Promise<ChatMessage> {
  const { message } = fake.injectMessage(user, text);
  return fake.waitForMessage(user, match, 20_000, message.messageId).catch(withTail);
}
/** Presses a button and waits until that message is edited. */
async function pressEdit(user: number, msg: ChatMessage, label: string): Promise<ChatMessage> {
  const before = msg.editCount;
  fake.pressButton(user, msg.messageId, label);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = fake.messagesFor(user).find((m) => m.messageId === msg.messageId)!;
    if (now.editCount > before) return now;
    if (Date.now() > deadline) throw new Error(`no edit of message ${msg.messageId} after «${label}»\n${tail(bot)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function link(user: number, code: string) {
  const consent = await say(user, `/start ${code}`, (m) => !!m.inlineKeyboard?.length);
  fake.pressButton(user, consent.messageId, 'Согласен');
  await fake.waitForMessage(user, (m) => !!m.text?.startsWith('Готово!'), 20_000, consent.messageId).catch(withTail);
}

const WEIGHT = new Map(demoData.workKinds.map((k) => [k.code, Math.round(k.weight * 100)]));
/** The short work-kind labels of locales/ru/diary.ftl. */
const SHORT: Record<string, string> = {
  'контр.': 'test',
  'дикт.': 'dictation',
  'соч.': 'essay',
  'самост.': 'independent',
  'провер.': 'check',
  'практ.': 'practical',
  устно: 'oral',
  'д/з': 'homework',
  'на уроке': 'classwork',
  норматив: 'norm',
};
const T = demoData.school.thresholds;
const fmt = (h: number) => `${Math.floor(h / 100)},${String(h % 100).padStart(2, '0')}`;
const plural = (n: number, one: string, few: string, many: string) => {
  const m10 = n % 10;
  const m100 = n % 100;
  return `${n} ${m10 === 1 && m100 !== 11 ? one : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? few : many}`;
};

/** Recomputes every subject's average, rounding and forecast from the marks listed above them, and compares. */
function checkMarks(text: string): number {
  let checked = 0;
  for (const block of text.split('\n\n').filter((b) => b.startsWith('📘 '))) {
    const lines = block.split('\n');
    const marks =
      lines[1].startsWith('Средний') || lines[1].startsWith('Отметок')
        ? []
        : lines[1].split(' · ').map((m) => {
            const [, value, label] = /^(?:🆕)?(\S+) (.+)$/.exec(m)!;
            expect(SHORT[label], `work kind «${label}»`).toBeDefined();
            return { value, w: WEIGHT.get(SHORT[label])! };
          });
    const numeric = marks.filter((m) => /^[1-5]$/.test(m.value));
    const avgLine = lines.find((l) => l.startsWith('Средний балл') || l.startsWith('Отметок с баллом'))!;
    if (!numeric.length) {
      expect(avgLine).toBe('Отметок с баллом пока нет — средний балл не считается.');
      continue;
    }
    const sumW = numeric.reduce((a, m) => a + m.w, 0);
    const sumWV = numeric.reduce((a, m) => a + m.w * Number(m.value), 0);
    // Shown rounded half up to hundredths; the mark follows the shown average.
    const shown = Math.round((100 * sumWV) / sumW + 1e-9);
    const rounded = shown >= T['5'] * 100 ? 5 : shown >= T['4'] * 100 ? 4 : shown >= T['3'] * 100 ? 3 : 2;
    expect(
      avgLine.startsWith(`Средний балл: ${fmt(shown)} → «${rounded}»`),
      `${avgLine} for ${JSON.stringify(marks)}`,
    ).toBe(true);
    const forecast = lines.find((l) => l.startsWith('🎯'))!;
    if (rounded === 5) expect(forecast).toBe('🎯 Прогноз: «5» — так держать!');
    else {
      // The most common weight (ties: the lighter); add marks of it one by one until the average reaches the next threshold.
      const counts = new Map<number, number>();
      for (const m of numeric) counts.set(m.w, (counts.get(m.w) ?? 0) + 1);
      const w = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      const target = rounded + 1;
      const need = (v: number) => {
        for (let n = 1; n < 1000; n++)
          if ((sumWV + n * w * v) / (sumW + n * w) >= T[String(target) as '5'] - 1e-9) return n;
        return null;
      };
      const fives = plural(need(5)!, 'пятёрка', 'пятёрки', 'пятёрок');
      const fours = target < 5 ? need(4) : null;
      const weight = String(w / 100).replace('.', ',');
      expect(forecast).toBe(
        `🎯 Прогноз: «${rounded}». До «${target}» — ещё ${fours ? `${fives} или ${plural(fours, 'четвёрка', 'четвёрки', 'четвёрок')}` : fives} (вес ${weight})`,
      );
    }
    checked++;
  }
  return checked;
}

describe(`the diary through the real process (${SERVER ? 'PostgreSQL server + Redis' : 'embedded PostgreSQL'})`, () => {
  const parent = randomInt(300_000_000, 400_000_000);
  const nameOf = (c: Code) => {
    const [last, first] = c.student.split(' ');
    return `${first} ${last}`;
  };

  it('a guardian links both children; the menu and commands lead to the diary', async () => {
    const [first, second] = [family.find((c) => c.class === '1А')!, family.find((c) => c.class === '5А')!];
    await link(parent, first.code);
    await link(parent, second.code);
    // The diary's four buttons open the menu (other features add theirs below).
    expect(fake.keyboardFor(parent)?.buttons.slice(0, 2)).toEqual([
      ['📒 Отметки', '📚 Домашнее задание'],
      ['🗓 Расписание', '🚫 Пропуски'],
    ]);
    const commands = (fake.commandsFor({ type: 'chat', chat_id: parent }) as { command: string }[]).map(
      (c) => c.command,
    );
    expect(commands).toEqual(expect.arrayContaining(['marks', 'homework', 'schedule', 'absences', 'children']));
  });

  it('the 5А child: marks with averages and forecasts that add up, homework, timetable, absences', async () => {
    const child = family.find((c) => c.class === '5А')!;
    const head = `👤 ${nameOf(child)}, 5А`;
    const marks = await view(parent, '📒 Отметки');
    const text = marks.map((m) => m.text).join('\n\n');
    expect(text.startsWith(`${head}\n📒 Отметки · `)).toBe(true);
    expect(checkMarks(text)).toBeGreaterThanOrEqual(5);
    const buttons = marks
      .at(-1)!
      .inlineKeyboard!.flat()
      .map((b) => b.text);
    expect(buttons).toEqual(
      expect.arrayContaining([
        '📈 График',
        '🗂 Итоги года',
        'ℹ️ Как считается',
        `👤 ${nameOf(family.find((c) => c.class === '1А')!)}`,
      ]),
    );

    const homework = await view(parent, '/homework');
    expect(homework[0].text).toMatch(new RegExp(`^${head}\\n📚 Домашнее задание на (пн|вт|ср|чт|пт|сб|вс), \\d+ \\S+`));
    const schedule = await view(parent, '/schedule');
    expect(schedule[0].text).toMatch(new RegExp(`^${head}\\n🗓 Расписание на `));
    const lessons = [
      ...schedule
        .map((m) => m.text)
        .join('\n')
        .matchAll(/^(\d+)\. (\d\d:\d\d)–(\d\d:\d\d) /gm),
    ];
    expect(lessons.map((l) => l[2])).toEqual([...lessons.map((l) => l[2])].sort());
    const absences = await view(parent, '/absences');
    expect(absences[0].text).toMatch(new RegExp(`^${head}\\n🚫 Пропуски · `));
    expect(absences[0].text).toMatch(/Пропущено уроков: \d+, из них дней целиком: \d+|Пропусков нет\./);
  });

  it('switches to the 1А child in one tap under a view; grade 1 says politely there are no marks or homework', async () => {
    const child = family.find((c) => c.class === '1А')!;
    const head = `👤 ${nameOf(child)}, 1А`;
    const absences = (await view(parent, '/absences')).at(-1)!;
    const switched = await pressEdit(parent, absences, `👤 ${nameOf(child)}`);
    expect(switched.text).toMatch(new RegExp(`^${head}\\n🚫 Пропуски · `));
    expect((await view(parent, '/marks'))[0].text).toBe(
      `${head}\n\nВ 1 классе отметки не ставятся (безотметочное обучение), поэтому раздела «Отметки» нет. Расписание и пропуски — в меню.`,
    );
    expect((await view(parent, '/homework'))[0].text).toBe(
      `${head}\n\nВ 1 классе домашние задания не задают. Расписание и пропуски — в меню.`,
    );
    const schedule = await view(parent, '/schedule');
    expect(schedule[0].text).toMatch(new RegExp(`^${head}\\n🗓 Расписание на `));
    // And back to the 5А child from the timetable.
    const back = await pressEdit(parent, schedule.at(-1)!, `👤 ${nameOf(family.find((c) => c.class === '5А')!)}`);
    expect(back.text).toMatch(/, 5А\n🗓 Расписание на /);
  });

  it('«График» sends a picture of the term', async () => {
    const marks = (await view(parent, '/marks')).at(-1)!;
    fake.pressButton(parent, marks.messageId, '📈 График');
    const photo = await fake.waitForMessage(parent, (m) => !!m.photo, 30_000, marks.messageId).catch(withTail);
    expect(photo.caption).toMatch(/^📈 .+, 5А — .+: средний балл по неделям/);
    expect(photo.photo!.file_size).toBeGreaterThan(10_000);
  });
});
