import { inflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { BotUsernames, PUBLISHED_FOR_MS } from '../core/messenger.js';
import { postgresKeyValueStore } from '../db/stores/key-value.js';
import { deepLink, qrMatrix } from '../core/desk/cards.js';
import { recordAttendance } from '../core/journal/index.js';
import type { TestDb } from './helpers/db.js';
import { guardianOf, staffOf, setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { type BotHarness, BOT_INFO, type ApiCall } from './helpers/bot-harness.js';
import { last, buttonsOf, alert, texts, buttons } from './helpers/screen.js';
import { linkAs } from './helpers/linking.js';
import { pdfPages } from './helpers/pdf-text.js';

const MOTHER = 1001; // Анна (5А)
const PETROVA = 1002; // class teacher of 5А
const SIDOROV = 1003; // class teacher of 6Б
const BORIS_FATHER = 1004;

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
const clock = manualClock('2026-11-23T10:00:00+03:00');

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
      [SIDOROV, staffOf(f, f.sidorov, 'classTeacher', f.c6b)],
    ],
  }));
});
afterAll(() => db.close());

/** jsqr is CommonJS with `exports.default`: the function under either shape. */
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;
const NO = 'Это действие недоступно. Откройте меню заново — /start.';

/** The PDF bytes grammY was handed (an InputFile over a Buffer). */
async function documentOf(calls: ApiCall[]): Promise<{ bytes: Buffer; name: string; caption: string }> {
  const c = calls.find((x) => x.method === 'sendDocument')!;
  const file = c.payload.document;
  const raw = await (
    file as { toRaw(): Promise<Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>> }
  ).toRaw();
  if (raw instanceof Uint8Array) return { bytes: Buffer.from(raw), name: file.filename, caption: c.payload.caption };
  const chunks: Uint8Array[] = [];
  for await (const chunk of raw as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return { bytes: Buffer.concat(chunks), name: file.filename, caption: c.payload.caption };
}

/** Rectangles (`x y w h re`) drawn in the PDF's content streams. */
function rects(pdf: Buffer): number[][] {
  const out: number[][] = [];
  const s = pdf.toString('latin1');
  for (let i = s.indexOf('stream'); i >= 0; i = s.indexOf('stream', i + 6)) {
    const start = s[i + 6] === '\r' ? i + 8 : i + 7;
    const end = s.indexOf('endstream', start);
    if (end < 0) break;
    let text: string;
    try {
      text = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g))
      out.push([1, 2, 3, 4].map((k) => Number(m[k])));
    i = end;
  }
  return out;
}

/** The QR modules drawn as black pixels (4 px a module, a quiet zone), decoded by jsQR. */
function decode(matrix: boolean[][]): string | null {
  const scale = 4;
  const n = matrix.length + 8;
  const size = n * scale;
  const px = new Uint8ClampedArray(size * size * 4).fill(255);
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const o = (((r + 4) * scale + y) * size + (c + 4) * scale + x) * 4;
          px[o] = px[o + 1] = px[o + 2] = 0;
        }
    }),
  );
  return jsQR(px, size, size)?.data ?? null;
}

describe("the class teacher's desk", () => {
  it("opens from /class with the summary, and only for the class's own teacher", async () => {
    const cls = await h.send(PETROVA, '/class');
    expect(buttons(cls)).toContain('🗂 Кабинет классного руководителя');
    expect(alert(await h.press(SIDOROV, `wd:${f.c5a.id}`))).toBe(NO);
    expect(alert(await h.press(MOTHER, `wd:${f.c5a.id}`))).toBe(NO);
    await h.send(MOTHER, '/marks');
    await h.send(MOTHER, '/homework');
    await recordAttendance(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.boris.id,
        lessonId: f.mathsLesson5a.id,
        status: 'absent',
        reason: 'unknown',
      },
      { kind: 'staff', staffId: f.mathTeacher.id },
    );
    const desk = last(await h.press(PETROVA, `wd:${f.c5a.id}`));
    expect(desk.payload.text).toBe(
      [
        '<b>🗂 5А: кабинет классного руководителя</b>',
        '👪 Подключены семьи: 1 из 2; без доступа: 1 (им — распечатки)',
        '📝 Сообщения об отсутствии ждут решения: 0',
        '🚫 Пропуски этой недели без причины: 1 ур.',
        '👀 Смотрели дневник за 30 дней: 1 семей из 2',
        '✉️ Непрочитанных сообщений: 0',
      ].join('\n'),
    );
    expect(buttonsOf(desk).map((b) => b.text)).toEqual([
      '🔑 Коды приглашения',
      '👪 Кто подключён',
      '📝 Отсутствия и причины',
      '👀 Как смотрят дневник',
      '✉️ Сообщения',
      '📣 Объявление классу',
    ]);
  });

  it("how families look, who is connected, the week's absences without a reason", async () => {
    const views = last(await h.press(PETROVA, `wv:${f.c5a.id}`));
    expect(views.payload.text).toBe(
      '<b>👀 5А: как семьи смотрят дневник</b> (за 30 дней)\nБорисов Борис: не подключены\nИванова Анна: последний раз 23 ноября, посещений: 1',
    );
    clock.advance(3 * 3600_000);
    await h.send(MOTHER, '/marks');
    expect(last(await h.press(PETROVA, `wv:${f.c5a.id}`)).payload.text.split('\n')[2]).toBe(
      'Иванова Анна: последний раз 23 ноября, посещений: 2',
    );
    const fam = last(await h.press(PETROVA, `wf:${f.c5a.id}`));
    expect(fam.payload.text).toBe(
      '<b>👪 5А: кто подключён</b>\nБорисов Борис: — Борисов Игорь, — ученик\nИванова Анна: ✅ Иванова Ольга, — ученик\n\n✅ подключён · 🔑 код выдан, не использован · — нет доступа: нужна распечатка',
    );
    expect(buttonsOf(fam).map((b) => b.text)).toEqual([
      '🔁 Борисов Борис: новые коды',
      '🔁 Иванова Анна: новые коды',
      '◀ Кабинет',
    ]);
    const abs = last(await h.press(PETROVA, `wa:${f.c5a.id}`));
    expect(abs.payload.text).toBe(
      '<b>📝 5А: сообщения об отсутствии</b>\nСообщений об отсутствии нет.\n\n<b>🚫 Причины отсутствия за неделю</b> (23 ноября – 23 ноября)\nБорисов Борис: пропущено уроков 1, без причины: 23.11 1 Математика',
    );
    expect(buttonsOf(abs).map((b) => b.text)).toEqual(['✏️ Причина: Борисов Борис (1 ур.)', '◀ Кабинет']);
    expect(alert(await h.press(SIDOROV, `wz:${f.boris.id}`))).toBe(NO);
    const ask = last(await h.press(PETROVA, `wz:${f.boris.id}`));
    expect(ask.payload.text).toBe('Причина пропусков без причины за эту неделю: Борисов Борис (1 ур.)');
    expect(buttonsOf(ask).map((b) => b.text)).toEqual(['Болезнь', 'Уважительная', 'Неуважительная']);
    expect(alert(await h.press(SIDOROV, `wy:${f.boris.id}.excused`))).toBe(NO);
    expect(last(await h.press(PETROVA, `wy:${f.boris.id}.excused`)).payload.text).toBe(
      'Записано: Борисов Борис, 1 ур. — Уважительная.',
    );
    expect(
      await db.ds.query(`SELECT reason, "updatedBy" FROM attendance WHERE "studentId" = $1`, [f.boris.id]),
    ).toEqual([{ reason: 'excused', updatedBy: `staff:${f.petrova.id}` }]);
    expect(
      last(await h.press(PETROVA, `wa:${f.c5a.id}`))
        .payload.text.split('\n')
        .at(-1),
    ).toBe('Борисов Борис: пропущено уроков 1, причины указаны');
  });

  it('codes for everyone without access: a PDF with one card per invitation, each QR decoding to its deep link, the codes working', async () => {
    expect(alert(await h.press(MOTHER, `wi:${f.c5a.id}`))).toBe(NO);
    expect(alert(await h.press(SIDOROV, `wi:${f.c5a.id}`))).toBe(NO);
    const codes = last(await h.press(PETROVA, `wc:${f.c5a.id}`));
    expect(codes.payload.text).toBe(
      '<b>🔑 Коды приглашения: 5А</b>\nПодключено: 1 из 4 (родители и ученики со 2 класса). Без доступа: 3, у них действующих кодов: 0.\nНовые коды заменяют прежние неиспользованные: потерянная карточка перестаёт работать.',
    );
    const calls = await h.press(PETROVA, `wi:${f.c5a.id}`);
    const doc = await documentOf(calls);
    expect(doc.name).toBe('invitation-codes-5А.pdf');
    expect(doc.caption).toBe(
      '🖨 Выдано кодов: 3. Карточки для печати — в файле: по одной на человека, с QR-кодом для входа.',
    );
    const invitations = await db.ds.query(
      `SELECT role, "studentId", "guardianId" FROM invitation WHERE "usedAt" IS NULL AND "revokedAt" IS NULL ORDER BY id`,
    );
    expect(invitations).toEqual([
      { role: 'guardian', studentId: f.boris.id, guardianId: f.borisFather.id },
      { role: 'student', studentId: f.boris.id, guardianId: null },
      { role: 'student', studentId: f.anna.id, guardianId: null },
    ]);
    const [page] = await pdfPages(doc.bytes);
    const found = [...page.matchAll(/Код приглашения: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/g)].map(
      (m) => m[1],
    );
    expect(found).toHaveLength(3);
    expect(new Set(found).size).toBe(3);
    expect(page).toContain('Борисов Игорь Родитель ученика: Борисов Борис, 5А');
    expect(page).toContain('Иванова Анна Ученик 5А');
    expect(page).toContain('@dnevnik_test_bot');
    // Each card's QR: its modules are in the PDF as squares, and decoded they give the card's deep link.
    const drawn = rects(doc.bytes);
    let dark = 0;
    for (const code of found) {
      const link = deepLink(BOT_INFO.username, code);
      expect(link).toBe(`https://t.me/dnevnik_test_bot?start=${code.replace(/-/g, '')}`);
      const m = qrMatrix(link);
      expect(decode(m)).toBe(link);
      dark += m.flat().filter(Boolean).length;
      const cell = 110 / (m.length + 8);
      expect(drawn.filter((r) => Math.abs(r[2] - cell) < 0.01 && Math.abs(r[3] - cell) < 0.01).length).toBeGreaterThan(
        0,
      );
    }
    const cells = drawn.filter((r) => r[2] < 5 && r[3] < 5);
    expect(cells).toHaveLength(dark);
    // The father's code links him.
    const fatherCode = found[0];
    await linkAs(h, db.ds, BORIS_FATHER, {
      schoolId: f.school.id,
      role: 'guardian',
      studentId: f.boris.id,
      guardianId: f.borisFather.id,
    });
    await db.ds.query(`UPDATE link SET "revokedAt" = now() WHERE "telegramUserId" = $1`, [BORIS_FATHER]);
    const start = await h.send(BORIS_FATHER, `/start ${fatherCode.replace(/-/g, '')}`);
    expect(buttons(start)).toContain('Согласен');
    await h.press(BORIS_FATHER, 'cf:y');
    expect(
      await db.ds.query(`SELECT 1 FROM link WHERE "telegramUserId" = $1 AND "revokedAt" IS NULL`, [BORIS_FATHER]),
    ).toHaveLength(1);
  });

  it('reissue after a compromise revokes the old unused code; revoke ends the rest', async () => {
    const [old] = await db.ds.query(
      `SELECT id FROM invitation WHERE role = 'student' AND "studentId" = $1 AND "usedAt" IS NULL AND "revokedAt" IS NULL`,
      [f.anna.id],
    );
    const calls = await h.press(PETROVA, `wr:${f.anna.id}`);
    expect((await documentOf(calls)).caption).toBe(
      '🖨 Выдано кодов: 1. Карточки для печати — в файле: по одной на человека, с QR-кодом для входа.',
    );
    expect(
      await db.ds.query(`SELECT "revokedAt" IS NOT NULL AS revoked FROM invitation WHERE id = $1`, [old.id]),
    ).toEqual([{ revoked: true }]);
    expect(alert(await h.press(SIDOROV, `wr:${f.anna.id}`))).toBe(NO);
    expect(alert(await h.press(SIDOROV, `wx:${f.anna.id}`))).toBe(NO);
    expect(texts(await h.press(PETROVA, `wx:${f.anna.id}`))).toEqual(['Отозвано неиспользованных кодов: 1.']);
    const fam = last(await h.press(PETROVA, `wf:${f.c5a.id}`));
    expect(fam.payload.text.split('\n').slice(1, 3)).toEqual([
      'Борисов Борис: ✅ Борисов Игорь, 🔑 ученик',
      'Иванова Анна: ✅ Иванова Ольга, — ученик',
    ]);
  });

  it("a school on both messengers: each card carries Telegram's and MAX's QR, labelled, each decoding to its deep link", async () => {
    // The process serves MAX too (app.ts records each front end's bot as it starts).
    h.services.bots.set('max', 'dnevnik_max_bot');
    try {
      const doc = await documentOf(await h.press(PETROVA, `wr:${f.anna.id}`));
      const [page] = await pdfPages(doc.bytes);
      const [, code] = /Код приглашения: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(page)!;
      expect(page).toContain('Иванова Анна Ученик 5А');
      // The labels under the two QRs, Telegram's first, then how to connect through either bot.
      expect(page).toMatch(/Telegram MAX .*Код приглашения:/);
      expect(page).toContain(
        'Наведите камеру телефона на QR-код своего мессенджера — Telegram или MAX. Или найдите бота сами: в Telegram — @dnevnik_test_bot (нажмите «Старт»), в MAX — dnevnik_max_bot (нажмите «Начать») — и отправьте код.',
      );
      const links = [deepLink(BOT_INFO.username, code), deepLink('dnevnik_max_bot', code, 'max')];
      expect(links).toEqual([
        `https://t.me/dnevnik_test_bot?start=${code.replace(/-/g, '')}`,
        `https://max.ru/dnevnik_max_bot?start=${code.replace(/-/g, '')}`,
      ]);
      // Both QRs are drawn, module by module, at the smaller size two take; decoded they give the links.
      const drawn = rects(doc.bytes);
      const cells = drawn.filter((r) => r[2] < 5 && r[3] < 5);
      let dark = 0;
      for (const link of links) {
        const m = qrMatrix(link);
        expect(decode(m)).toBe(link);
        dark += m.flat().filter(Boolean).length;
        const cell = 64 / (m.length + 8);
        expect(cells.filter((r) => Math.abs(r[2] - cell) < 0.01).length).toBeGreaterThan(0);
      }
      expect(cells).toHaveLength(dark);
      expect(drawn.some((r) => Math.abs(r[2] - 110) < 0.01)).toBe(false);
    } finally {
      h.services.bots.set('max', undefined);
    }
    // With one messenger again: one QR, as before.
    const one = await documentOf(await h.press(PETROVA, `wr:${f.anna.id}`));
    const [page] = await pdfPages(one.bytes);
    expect(page).not.toContain('MAX');
    expect(page).toContain('откройте Telegram, найдите бота @dnevnik_test_bot');
    expect(rects(one.bytes).filter((r) => Math.abs(r[2] - 110) < 0.01)).toHaveLength(1);
  });

  it("Telegram and MAX in separate processes: the MAX process's published bot is on the cards for a day", async () => {
    // Another process of the deployment, serving MAX alone, publishes its bot as app.ts does at start.
    const maxProcess = new BotUsernames({ store: postgresKeyValueStore<unknown>(db.ds), now: () => clock.now() });
    maxProcess.record({ max: 'dnevnik_max_bot' });
    await maxProcess.publish();
    const started = clock.now();
    const qrs = async () => {
      const doc = await documentOf(await h.press(PETROVA, `wr:${f.anna.id}`));
      return { page: (await pdfPages(doc.bytes))[0], big: rects(doc.bytes).filter((r) => Math.abs(r[2] - 110) < 0.01) };
    };
    try {
      const both = await qrs();
      expect(both.page).toMatch(/Telegram MAX .*Код приглашения:/);
      expect(both.page).toContain('в MAX — dnevnik_max_bot (нажмите «Начать»)');
      expect(both.big).toHaveLength(0);
      // The MAX process stopped publishing (it was switched off) a day ago: the cards go back to one QR.
      clock.advance(PUBLISHED_FOR_MS + 60_000);
      const one = await qrs();
      expect(one.page).not.toContain('MAX');
      expect(one.big).toHaveLength(1);
    } finally {
      clock.set(started);
    }
  });
});
