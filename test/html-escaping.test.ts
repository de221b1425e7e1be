import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, systemClock } from '../core/clock.js';
import type { Actor } from '../core/actor.js';
import { setMark } from '../core/journal/index.js';
import * as s from '../core/school/structure.js';
import { htmlToPlain } from './support/fake-bot-api/telegram-html.js';
import { setupBotTest } from './helpers/bot-test.js';
import type { TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import type { BotHarness, ApiCall } from './helpers/bot-harness.js';
import { HASH_KEY, issue } from './helpers/linking.js';
import { addLink } from './helpers/notifications.js';
import { last, buttons } from './helpers/screen.js';
import { deliveriesTo, planAll } from './helpers/family.js';
import { processMarkWindows } from '../core/notifications/outbox.js';

/**
 * Names from school data are text, never markup: a `<` in a child's name must
 * not make a message unsendable, and a guardian «named» like a link must not
 * become one. Every HTML message is read back with Telegram's strict parser.
 */
const PARENT = 901; // linked directly, so the screens below do not depend on the consent flow
const PETROVA = 902; // class teacher of 5А
const NEW_PARENT = 903; // types the code
const FIRST = 'Ив<ан';
const LAST = 'Петров & Co';
const CHILD = `${FIRST} ${LAST}`;
const EVIL = '<a href="https://evil.example">Мария</a>';
const actor: Actor = { kind: 'cli', command: 'test' };

const clock = manualClock('2026-11-23T07:30:00+03:00');
const planDeps = {
  timezone: 'Europe/Moscow',
  hashKey: HASH_KEY,
  defaultQuietHours: 'off',
  correctionWindowMs: 600_000,
};

let db: TestDb;
let f: SchoolFixture;
let h: BotHarness;
let studentId: number;
let guardianId: number;

/** What a client shows for an HTML message (throws where Telegram would refuse it). */
const shown = (c: ApiCall) => (c.payload.parse_mode === 'HTML' ? htmlToPlain(c.payload.text) : c.payload.text);
const sent = (calls: ApiCall[]) => calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest({ fixture: makeSchool, clock }));
  const ids = await db.ds.transaction(async (em) => {
    const st = await s.upsertStudent(
      em,
      { schoolId: f.school.id, classId: f.c5a.id, lastName: LAST, firstName: FIRST },
      actor,
    );
    const g = await s.upsertGuardian(em, { schoolId: f.school.id, lastName: 'Петрова', firstName: EVIL }, actor);
    await s.linkGuardianToStudent(em, { studentId: st.id, guardianId: g.id, relation: 'mother' }, actor);
    return { st: st.id, g: g.id };
  });
  studentId = ids.st;
  guardianId = ids.g;
  const link = { schoolId: f.school.id, userId: PARENT, role: 'guardian' as const, studentId, guardianId };
  await addLink(db.ds, link, HASH_KEY);
  await addLink(
    db.ds,
    { schoolId: f.school.id, userId: PETROVA, role: 'classTeacher', staffId: f.petrova.id },
    HASH_KEY,
  );
});
afterAll(() => db.close());

describe('names with HTML characters', () => {
  it('the consent question is sent when the parent types the code, and shows the name as typed', async () => {
    const code = await issue(db.ds, { schoolId: f.school.id, role: 'guardian', studentId, guardianId });
    const [ask] = sent(await h.send(NEW_PARENT, code));
    expect(ask.payload.parse_mode).toBe('HTML');
    expect(shown(ask)).toContain(CHILD);
    const done = sent(await h.press(NEW_PARENT, 'cf:y'));
    expect(done.map(shown).join('\n')).toContain(`${CHILD}, 5А`);
    for (const c of done) expect(shown(c)).not.toMatch(/&(amp|lt|gt|quot);/);
  });

  it('the class teacher sees the guardian «named» like a link as text, with no link in it', async () => {
    const list = last(await h.send(PETROVA, '/class'));
    expect(list.payload.parse_mode).toBe('HTML');
    expect(list.payload.text).not.toContain('<a ');
    expect(shown(list)).toContain(`${LAST} ${FIRST} — родитель Петрова ${EVIL}`);
    const labels = buttons([list]);
    expect(labels).toContain(`✖ ${LAST} ${FIRST}: родитель`);
  });

  it('the family’s own screens show the child’s name as typed', async () => {
    const children = last(await h.send(PARENT, '/children'));
    expect(shown(children)).toContain(CHILD);
    expect(buttons([children]).join('\n')).toContain(CHILD);
  });

  it('an absence report: the family’s confirmation and the class teacher’s review render names as text', async () => {
    const dates = last(await h.send(PARENT, '📝 Сообщить об отсутствии'));
    expect(shown(dates)).toBe(`Когда ${CHILD} не будет в школе?`);
    await h.press(PARENT, 'ad:today');
    await h.press(PARENT, 'ae:other');
    await h.send(PARENT, 'Болел <b>сильно</b> & долго');
    const confirm = last(await h.press(PARENT, 'af:later'));
    expect(confirm.payload.parse_mode).toBe('HTML');
    expect(shown(confirm)).toContain(`Ученик: ${CHILD}, 5А`);
    expect(shown(confirm)).toContain('Болел <b>сильно</b> & долго');
    await h.press(PARENT, 'ao:yes');
    await planAll(db.ds);
    const [d] = await deliveriesTo(db.ds, PETROVA, 'absenceReport');
    expect(d.text).not.toContain('<a ');
    expect(htmlToPlain(d.text)).toContain(`${CHILD}, 5А — от родителя (Петрова ${EVIL})`);
    const [report] = await db.ds.query(`SELECT id FROM absence_report WHERE "studentId" = $1`, [studentId]);
    const done = sent(await h.press(PETROVA, `aa:${report.id}`));
    expect(done.map(shown).join('\n')).toContain(`Принято: ${CHILD}`);
  });

  it('a mark notification names the child as text', async () => {
    await setMark(
      db.ds,
      {
        schoolId: f.school.id,
        studentId,
        subjectId: f.maths.id,
        workKindId: f.test.id,
        lessonId: f.mathsLesson5a.id,
        date: '2026-11-23',
        value: '5',
        comment: 'Молодец <3 & так держать',
      },
      actor,
    );
    const later = manualClock(new Date(systemClock.now().getTime() + 20 * 60_000));
    await processMarkWindows({ ds: db.ds, ...planDeps, clock: later });
    const [d] = await deliveriesTo(db.ds, PARENT, 'marks');
    expect(htmlToPlain(d.text)).toContain(CHILD);
    expect(htmlToPlain(d.text)).toContain('Молодец <3 & так держать');
  });
});
