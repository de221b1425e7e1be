import { systemClock } from '../core/clock.js';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { TestDb } from './helpers/db.js';
import { setupBotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { BotHarness } from './helpers/bot-harness.js';
import { texts, buttons, PARENT_MENU } from './helpers/screen.js';
import { HASH_KEY, issue, linkAs } from './helpers/linking.js';
import { redeemInvitation, checkCode } from '../core/linking/linking.js';
import { hashCode, normalizeCode, CODE_ENTROPY_BITS, generateCode } from '../core/linking/codes.js';
import { postgresRateLimiter } from '../db/stores/rate-limit.js';
import { deactivateStaff } from '../core/linking/account.js';

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({
    fixture: makeSchool,
  }));
});
afterAll(() => db.close());

const guardianOfAnna = () => ({
  schoolId: f.school.id,
  role: 'guardian' as const,
  studentId: f.anna.id,
  guardianId: f.mother.id,
});

describe(`invitation codes (${inject('pgMode')} PostgreSQL)`, () => {
  it('are readable, 16 symbols in blocks of four, ≥ 64 bits, case- and dash-insensitive', () => {
    const code = generateCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
    expect(CODE_ENTROPY_BITS).toBeGreaterThan(64);
    expect(normalizeCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(code.replace(/-/g, ''));
    expect(normalizeCode('0000-1111-OOOO-IIII')).toBeNull();
  });

  it('are stored only as a keyed hash: the plain code is in no table', async () => {
    const code = await issue(db.ds, guardianOfAnna());
    const canonical = code.replace(/-/g, '');
    const tables: { table_name: string }[] = await db.ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    for (const { table_name } of tables) {
      const [hit] = await db.ds.query(
        `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text ILIKE $1 OR t::text ILIKE $2`,
        [`%${code}%`, `%${canonical}%`],
      );
      expect(hit.n, table_name).toBe(0);
    }
    const [inv] = await db.ds.query(
      `SELECT "codeHash", "issuedBy", "expiresAt" - "issuedAt" AS ttl FROM invitation ORDER BY id DESC LIMIT 1`,
    );
    expect(inv.codeHash).toBe(hashCode(canonical, HASH_KEY));
    expect(inv.issuedBy).toBe('cli:test');
    expect(inv.ttl.days).toBe(14);
  });
});

describe('linking a guardian by code', () => {
  it('asks for 152-ФЗ consent naming the child, then links and shows the menu and commands', async () => {
    const code = await issue(db.ds, guardianOfAnna());
    const ask = await h.send(5001, `/start ${code}`);
    expect(texts(ask)[0]).toContain('Согласие на обработку персональных данных');
    expect(texts(ask)[0]).toContain('Анна Иванова');
    expect(texts(ask)[0]).toContain('класс 5А');
    expect(buttons(ask)).toEqual(['Согласен', 'Не согласен']);
    const done = await h.press(5001, 'cf:y');
    const t = texts(done);
    expect(t[0]).toMatch(/^Согласие получено/);
    expect(t[1]).toContain('Вы подключены как родитель (законный представитель): Анна Иванова, 5А.');
    expect(buttons(done)).toEqual(PARENT_MENU);
    const cmds = done.find((c) => c.method === 'setMyCommands')!;
    expect(cmds.payload.scope).toEqual({ type: 'chat', chat_id: 5001 });
    expect(cmds.payload.commands.map((c: { command: string }) => c.command)).toContain('children');
    const [consent] = await db.ds.query(
      `SELECT decision, "textVersion", "studentId" FROM consent WHERE "studentId" = $1 AND decision = 'granted'`,
      [f.anna.id],
    );
    expect(consent).toEqual({ decision: 'granted', textVersion: '2026-12-v2', studentId: f.anna.id });
    const [link] = await db.ds.query(`SELECT role, "telegramUserId", "chatId" FROM link WHERE "studentId" = $1`, [
      f.anna.id,
    ]);
    expect(link).toEqual({ role: 'guardian', telegramUserId: '5001', chatId: '5001' });

    // The same code from another account is refused, saying nothing about anyone.
    const other = await h.send(5002, code.toLowerCase());
    expect(texts(other)).toEqual([
      'Этот код не подходит: он неверный, уже использован или срок его действия истёк.\nПроверьте написание или попросите новый код у классного руководителя.',
    ]);
  });

  it('a second code adds a second child; the guardian switches between them, never to a foreign child', async () => {
    await linkAs(h, db.ds, 5001, {
      schoolId: f.school.id,
      role: 'guardian',
      studentId: f.pavel.id,
      guardianId: f.mother.id,
    });
    const list = await h.send(5001, '👨‍👩‍👧 Мои дети');
    expect(buttons(list)).toEqual(['Анна Иванова, 5А', '✅ Павел Иванов, 6Б', '➕ Добавить ребёнка по коду']);
    const sw = await h.press(5001, `ch:${f.anna.id}`);
    expect(texts(sw)).toEqual(['Теперь все ответы — про: <b>Анна Иванова</b>, 5А.']);
    const foreign = await h.press(5001, `ch:${f.boris.id}`);
    expect(foreign).toEqual([
      expect.objectContaining({
        method: 'answerCallbackQuery',
        payload: expect.objectContaining({ text: 'Это действие недоступно. Откройте меню заново — /start.' }),
      }),
    ]);
  });

  it('refusing consent links nothing, records the refusal and points to paper printouts; the code stays usable', async () => {
    const code = await issue(db.ds, {
      schoolId: f.school.id,
      role: 'guardian',
      studentId: f.boris.id,
      guardianId: f.borisFather.id,
    });
    await h.send(5003, code);
    const no = await h.press(5003, 'cf:n');
    expect(texts(no)[0]).toContain(
      'распечатку отметок и посещаемости выдаёт классный руководитель не реже двух раз в месяц',
    );
    const [n] = await db.ds.query(`SELECT count(*)::int AS n FROM link WHERE "studentId" = $1`, [f.boris.id]);
    expect(n.n).toBe(0);
    const [c] = await db.ds.query(`SELECT decision FROM consent WHERE "studentId" = $1`, [f.boris.id]);
    expect(c.decision).toBe('refused');
    await h.send(5003, code);
    const yes = await h.press(5003, 'cf:y');
    expect(texts(yes)[1]).toContain('Борис Борисов, 5А');
  });

  it('a restart in the middle of the consent step loses nothing (session in PostgreSQL)', async () => {
    const code = await issue(db.ds, { schoolId: f.school.id, role: 'student', studentId: f.anna.id });
    await h.send(5004, code);
    const restarted = new BotHarness(db.ds);
    const done = await restarted.press(5004, 'cf:y');
    expect(texts(done)[1]).toContain('Вы подключены как ученик: Анна Иванова, 5А.');
  });

  it('an expired code is refused like a wrong one', async () => {
    const code = await issue(db.ds, { ...guardianOfAnna(), ttlDays: 1 });
    await db.ds.query(`UPDATE invitation SET "expiresAt" = now() - interval '1 minute' WHERE "codeHash" = $1`, [
      hashCode(code.replace(/-/g, ''), HASH_KEY),
    ]);
    expect(texts(await h.send(5005, code))[0]).toMatch(/^Этот код не подходит/);
  });

  it('two simultaneous redemptions of one code: exactly one links', async () => {
    const code = await issue(db.ds, { schoolId: f.school.id, role: 'student', studentId: f.boris.id });
    const codeHash = hashCode(code.replace(/-/g, ''), HASH_KEY);
    const deps = {
      ds: db.ds,
      rateLimiter: postgresRateLimiter(db.ds),
      hashKey: HASH_KEY,
      limits: { perAccountPerHour: 5 },
      clock: systemClock,
    };
    const results = await Promise.all(
      [6001, 6002, 6003].map((u) =>
        redeemInvitation(deps, { telegramUserId: u, chatId: u, codeHash, consentGiven: true }),
      ),
    );
    expect(results.filter((r) => r.kind === 'linked')).toHaveLength(1);
    const [n] = await db.ds.query(
      `SELECT count(*)::int AS n FROM link l JOIN invitation i ON i.id = l."invitationId" WHERE i."codeHash" = $1`,
      [codeHash],
    );
    expect(n.n).toBe(1);
  });
});

describe('brute force', () => {
  it('after 5 wrong codes the account is told when to try again, and the limit survives a restart', async () => {
    for (let i = 0; i < 5; i++) expect(texts(await h.send(7001, generateCode()))[0]).toMatch(/^Этот код не подходит/);
    const sixth = texts(await h.send(7001, generateCode()))[0];
    expect(sixth).toMatch(
      /^Слишком много неудачных попыток ввода кода\..*попробуйте снова после \d{1,2} [а-я]+ в? ?\d{2}:\d{2}\.$/s,
    );
    // Even a right code waits: the limit is checked first.
    const good = await issue(db.ds, guardianOfAnna());
    const restarted = new BotHarness(db.ds);
    expect(texts(await restarted.send(7001, good))[0]).toMatch(/^Слишком много неудачных попыток/);
    // Another account is not affected.
    expect(texts(await restarted.send(7002, generateCode()))[0]).toMatch(/^Этот код не подходит/);
    const [audit] = await db.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'link.failedAttempt'`);
    expect(audit.n).toBeGreaterThanOrEqual(6);
  });

  it('many accounts guessing together do not lock out a parent who holds a valid code', async () => {
    await db.ds.query(`DELETE FROM rate_limit_counter`);
    // 12 throw-away accounts × 5 wrong codes: each of them is stopped, nobody else is.
    for (let u = 7101; u <= 7112; u++)
      for (let i = 0; i < 5; i++) expect(texts(await h.send(u, generateCode()))[0]).toMatch(/^Этот код не подходит/);
    expect(texts(await h.send(7101, generateCode()))[0]).toMatch(/^Слишком много неудачных попыток/);
    const good = await issue(db.ds, { ...guardianOfAnna(), now: h.clock.now() });
    const asked = await h.send(7150, good);
    expect(texts(asked)[0]).not.toMatch(/Слишком много/);
    expect(buttons(asked)).toContain('Согласен');
    await db.ds.query(`DELETE FROM rate_limit_counter`);
  });

  it('text that cannot be a code gets a hint and does not count as an attempt', async () => {
    const before = await checkCode(
      {
        ds: db.ds,
        rateLimiter: postgresRateLimiter(db.ds),
        hashKey: HASH_KEY,
        limits: { perAccountPerHour: 5 },
        clock: systemClock,
      },
      7201,
      'привет',
    );
    expect(before.kind).toBe('malformed');
    expect(texts(await h.send(7201, 'привет'))[0]).toMatch(/^Это не похоже на пригласительный код/);
  });
});

describe('leaving and revoking', () => {
  it('/logout asks, then unlinks, erases the Telegram id and removes the commands', async () => {
    await linkAs(h, db.ds, 8001, {
      schoolId: f.school.id,
      role: 'guardian',
      studentId: f.boris.id,
      guardianId: f.borisFather.id,
    });
    const ask = await h.send(8001, '/logout');
    expect(buttons(ask)).toEqual(['Да, отвязать', 'Нет, оставить']);
    const done = await h.press(8001, 'lo:y');
    expect(texts(done)[0]).toMatch(/^Аккаунт отвязан/);
    expect(done.some((c) => c.method === 'deleteMyCommands')).toBe(true);
    const rows = await db.ds.query(
      `SELECT "telegramUserId", "revokeReason" FROM link WHERE "accountHash" IN (SELECT "accountHash" FROM link WHERE "revokeReason" = 'logout')`,
    );
    expect(rows.every((r: { telegramUserId: string | null }) => r.telegramUserId === null)).toBe(true);
    expect(texts(await h.send(8001, '/children'))[0]).toMatch(/^Ваш аккаунт не привязан/);
  });

  it('«Мой доступ скомпрометирован» ends every link, records the time, voids later operations and tells the class teacher', async () => {
    await linkAs(h, db.ds, 8101, {
      schoolId: f.school.id,
      role: 'guardian',
      studentId: f.boris.id,
      guardianId: f.borisFather.id,
    });
    await h.send(8101, '/compromised');
    const done = await h.press(8101, 'cp:y');
    expect(texts(done)[0]).toMatch(/^Доступ закрыт .+ классный руководитель получит уведомление\./s);
    const [acc] = await db.ds.query(
      `SELECT "compromisedAt", "telegramUserId" FROM account WHERE "compromisedAt" IS NOT NULL`,
    );
    expect(acc.compromisedAt).toBeInstanceOf(Date);
    expect(acc.telegramUserId).toBeNull();
    const [ev] = await db.ds.query(`SELECT payload FROM outbox WHERE type = 'access.compromised'`);
    expect(ev.payload.classTeacherIds).toEqual([f.petrova.id]);
    expect(texts(await h.send(8101, '/settings'))[0]).toMatch(/^Ваш аккаунт не привязан/);
  });

  it('a class teacher sees the families of their class and revokes a link; another class teacher cannot', async () => {
    await linkAs(h, db.ds, 8201, {
      schoolId: f.school.id,
      role: 'guardian',
      studentId: f.boris.id,
      guardianId: f.borisFather.id,
    });
    const [link] = await db.ds.query(`SELECT id FROM link WHERE "telegramUserId" = 8201`);
    const petrovaWelcome = await linkAs(h, db.ds, 8202, {
      schoolId: f.school.id,
      role: 'classTeacher',
      staffId: f.petrova.id,
      classId: f.c5a.id,
    });
    expect(texts(petrovaWelcome)[0]).toContain('Вы подключены как классный руководитель 5А: Петрова Елена Викторовна.');
    const list = await h.send(8202, '🏫 Мой класс');
    expect(texts(list)[0]).toContain('Борисов Борис — родитель Борисов Игорь');
    await linkAs(h, db.ds, 8203, {
      schoolId: f.school.id,
      role: 'classTeacher',
      staffId: f.sidorov.id,
      classId: f.c6b.id,
    });
    const forged = await h.press(8203, `ry:${link.id}`);
    expect(forged[0].payload.text).toBe('Это действие недоступно. Откройте меню заново — /start.');
    const ask = await h.press(8202, `rv:${link.id}`);
    expect(texts(ask)[0]).toBe(
      'Отменить привязку: Борисов Борис (родитель)? Этот аккаунт сразу потеряет доступ к дневнику.',
    );
    const done = await h.press(8202, `ry:${link.id}`);
    expect(texts(done)).toEqual(['Привязка отменена. Для нового подключения выдайте семье новый код.']);
    expect(texts(await h.send(8201, '/children'))[0]).toMatch(/^Ваш аккаунт не привязан/);
  });

  it('deactivating a staff member ends their access immediately', async () => {
    await linkAs(h, db.ds, 8301, { schoolId: f.school.id, role: 'teacher', staffId: f.mathTeacher.id });
    expect(texts(await h.send(8301, '/settings'))[0]).toBe('<b>Настройки</b>');
    const r = await deactivateStaff(db.ds, f.mathTeacher.id, { kind: 'cli', command: 'test' });
    expect(r).toEqual({ linksEnded: 1 });
    expect(texts(await h.send(8301, '/settings'))[0]).toMatch(/^Ваш аккаунт не привязан/);
    await db.ds.query(`UPDATE staff SET active = true WHERE id = $1`, [f.mathTeacher.id]);
  });
});

describe('privacy and odd input', () => {
  it('/privacy explains what is stored; /mydata sends a JSON file of it', async () => {
    await linkAs(h, db.ds, 8401, {
      schoolId: f.school.id,
      role: 'guardian',
      studentId: f.anna.id,
      guardianId: f.mother.id,
    });
    expect(texts(await h.send(8401, '/privacy'))[0]).toContain('Какие данные о вас хранятся и зачем');
    const sent = await h.send(8401, '/mydata');
    expect(sent.map((c) => c.method)).toEqual(['sendDocument']);
    expect(sent[0].payload.caption).toMatch(/^Все данные, которые хранятся о вашем аккаунте/);
  });

  it('groups, channels and inline queries get no personal data, only a pointer to the private chat', async () => {
    const group = await h.update({
      message: {
        message_id: 1,
        date: 0,
        chat: { id: -100, type: 'supergroup', title: 'Родители 5А' },
        from: { id: 8401, is_bot: false, first_name: 'x' },
        text: '/children',
        entities: [{ type: 'bot_command', offset: 0, length: 9 }],
      } as never,
    });
    // A group not linked to a class (issue 19) gets only the linking instructions.
    expect(texts(group)).toHaveLength(1);
    expect(texts(group)[0]).toMatch(/^Здравствуйте! Я бот электронного дневника\.\nЧтобы я работал в этой группе/);
    expect(texts(group)[0]).toContain('Чего не буду никогда: писать отметки, пропуски, средние баллы');
    const inline = await h.update({
      inline_query: { id: 'q', from: { id: 8401, is_bot: false, first_name: 'x' }, query: 'отметки', offset: '' },
    });
    expect(inline[0].method).toBe('answerInlineQuery');
    expect(inline[0].payload.results).toEqual([]);
  });

  it('stickers, voice, contacts and 4,096-character texts get a short polite answer', async () => {
    const odd = [
      {
        sticker: {
          file_id: 's',
          file_unique_id: 's',
          type: 'regular',
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      },
      { voice: { file_id: 'v', file_unique_id: 'v', duration: 1 } },
      { contact: { phone_number: '+70000000000', first_name: 'x' } },
    ];
    for (const extra of odd) {
      const r = await h.update({
        message: {
          message_id: 9,
          date: 0,
          chat: { id: 8501, type: 'private', first_name: 'x' },
          from: { id: 8501, is_bot: false, first_name: 'x' },
          ...extra,
        } as never,
      });
      expect(texts(r)).toEqual([
        'Я понимаю только текст. Пришлите пригласительный код от классного руководителя — например, ABCD-EFGH-JKMN-PQRS.',
      ]);
    }
    expect(texts(await h.send(8501, 'я'.repeat(4096)))[0]).toMatch(/^Это не похоже на пригласительный код/);
  });
});
