import type { DataSource } from 'typeorm';
import { manualClock } from '../../core/clock.js';
import { BotHarness } from './bot-harness.js';
import { guardianOf, staffOf, studentOf } from './bot-test.js';
import { makeSchool } from './fixtures.js';
import type { CodeFor } from './linking.js';
import { actor, journalOf, structureOf } from './school-builder.js';
import { attachHomeworkFile } from '../../core/journal/homework-files.js';

/** When the fixture's teachers set homework (a fixed instant: nothing here depends on the real date). */
const SET_AT = new Date('2026-11-26T12:00:00Z');

/** Wednesday 25 November 2026, 09:10 in Moscow: during the second lesson. */
export const NOW = '2026-11-25T09:10:00+03:00';

/**
 * The test school (test/helpers/fixtures.ts) with a term of diary data for
 * 5А's Анна, 6Б's Павел (Анна's brother) and 1А's Мила: periods of the year,
 * a third work kind (weight 1.5), P.E., English in two subgroups, lessons with
 * topics, a substitution and a cancelled lesson today, homework for tomorrow,
 * hand-computed marks with special values, period marks and absences.
 */
export async function makeDiarySchool(ds: DataSource) {
  const f = await makeSchool(ds);
  const school = f.school.id;
  const x = await ds.transaction(async (em) => {
    const b = structureOf(em, school);
    const q1 = await b.period(f.year.id, 'quarter', 1, '1 четверть', ['2026-09-01', '2026-10-25']);
    const h1 = await b.period(f.year.id, 'halfYear', 1, '1 полугодие', ['2026-09-01', '2026-12-28']);
    const y = await b.period(f.year.id, 'year', 1, 'Учебный год', ['2026-09-01', '2027-05-26']);
    const independent = await b.workKind('independent', 'Самостоятельная работа', 1.5);
    const pe = await b.subject('Физическая культура', 'Физ-ра');
    const english = await b.subject('Английский язык', 'Англ. яз.');
    const g1 = await b.subgroup(f.c5a.id, '1 группа', [f.anna.id]);
    const g2 = await b.subgroup(f.c5a.id, '2 группа', [f.boris.id]);
    const eng1 = await b.staff('Волкова Анна Игоревна');
    const eng2 = await b.staff('Лебедев Пётр');
    const peTeacher = await b.staff('Новиков Денис');
    const milaMother = await b.guardian('Милова Ирина');
    await b.child(milaMother.id, f.mila.id, 'mother');
    return { q1, h1, y, independent, pe, english, g1, g2, eng1, eng2, peTeacher, milaMother };
  });
  const j = journalOf(ds, school);
  const c5a = (date: string, slot: number, subjectId: number, teacherId: number, more = {}) =>
    j.lesson(f.c5a.id, subjectId, teacherId, date, slot, more);
  const maths = (date: string, slot = 1, topic?: string) =>
    c5a(date, slot, f.maths.id, f.mathTeacher.id, topic ? { topic } : {});
  const russian = (date: string, slot = 2) => c5a(date, slot, f.russian.id, f.petrova.id);
  const english = (date: string, slot: number, group: 1 | 2) =>
    group === 1
      ? c5a(date, slot, x.english.id, x.eng1.id, { subgroupId: x.g1.id, room: '31' })
      : c5a(date, slot, x.english.id, x.eng2.id, { subgroupId: x.g2.id, room: '32' });
  const L = {
    m1110: await maths('2026-11-10', 1, 'Сложение натуральных чисел'),
    r1111: await russian('2026-11-11', 1),
    m1112: await maths('2026-11-12', 1, 'Вычитание'),
    m1113: await maths('2026-11-13', 1),
    r1113: await russian('2026-11-13', 2),
    m1116: await maths('2026-11-16', 1, 'Уравнение'),
    r1117: await russian('2026-11-17', 1),
    m1118: await maths('2026-11-18', 1, 'Умножение'),
    r1119: await russian('2026-11-19', 1),
    m1119: await maths('2026-11-19', 2),
    m1120: await maths('2026-11-20', 1),
    m1124: await maths('2026-11-24', 1),
    r1124: await russian('2026-11-24', 2),
    // Today: maths, Russian given by Сидоров instead of Петрова, P.E. cancelled, English in two groups.
    m1125: await maths('2026-11-25', 1, 'Сравнение: a < b & b > c, *жирный* _курсив_ <script>'),
    r1125: await c5a('2026-11-25', 2, f.russian.id, f.petrova.id, {
      substituteTeacherId: f.sidorov.id,
      topic: 'Обращение',
    }),
    pe1125: await c5a('2026-11-25', 3, x.pe.id, x.peTeacher.id, { cancelled: true }),
    e1125g1: await english('2026-11-25', 4, 1),
    e1125g2: await english('2026-11-25', 4, 2),
    // Tomorrow: homework, different for the two English groups.
    m1126: await maths('2026-11-26', 1),
    e1126g1: await english('2026-11-26', 2, 1),
    e1126g2: await english('2026-11-26', 2, 2),
    r1126: await c5a('2026-11-26', 3, f.russian.id, f.petrova.id),
    // Next Monday (nothing on Friday's morrow, the weekend).
    m1130: await maths('2026-11-30', 1),
    p1112: await j.lesson(f.c6b.id, f.maths.id, f.mathTeacher.id, '2026-11-12', 1),
    p1126: await j.lesson(f.c6b.id, f.maths.id, f.mathTeacher.id, '2026-11-26', 1),
  };
  await j.homework(L.m1126.id, '№ 245, 247 (a < b & c > d)', SET_AT);
  await j.homework(L.e1126g1.id, 'Ex. 5 p. 40', SET_AT);
  await j.homework(L.e1126g2.id, 'Ex. 9 p. 41', SET_AT);
  await j.homework(L.p1126.id, 'Стр. 12, задачи 1–3', SET_AT);
  await j.homework(L.m1130.id, 'Повторить § 12', SET_AT);

  const anna = f.anna.id;
  // Анна, maths, 2 четверть: 5 (×1), 3 (×2), 4 (×1), 4 (×1.5), «зач» (not counted), 5 (×2).
  await j.mark(anna, L.m1110, f.oral.id, '5');
  await j.mark(anna, L.m1112, f.test.id, '3', { comment: 'Ошибка в вычислениях <см. № 3> & оформление' });
  await j.mark(anna, L.m1116, f.oral.id, '4');
  await j.mark(anna, L.m1118, x.independent.id, '4');
  await j.mark(anna, L.m1120, f.oral.id, 'pass');
  await j.mark(anna, f.mathsLesson5a, f.test.id, '5');
  // Анна, Russian: 2 (×1), 4 (×2).
  await j.mark(anna, L.r1111, f.oral.id, '2');
  await j.mark(anna, L.r1117, f.test.id, '4');
  // Анна, P.E.: exempt only.
  await j.mark(anna, { subjectId: x.pe.id, date: '2026-11-18' }, f.oral.id, 'exempt');
  // A mark of the first quarter stays out of the second's average.
  await j.mark(anna, { subjectId: f.maths.id, date: '2026-10-20' }, f.test.id, '2');
  await j.periodMark(anna, f.maths.id, x.q1.id, '5');
  await j.periodMark(anna, f.russian.id, x.q1.id, 'notAttested');
  await j.periodMark(anna, x.pe.id, f.q2.id, 'exempt');
  // Павел, 6Б: one test, 5.
  await j.mark(f.pavel.id, L.p1112, f.test.id, '5');

  // Absences of Анна: a whole day ill, a Russian lesson unexcused, a maths lesson without a reason, late today.
  await j.attendance(anna, L.m1113.id, 'absent', 'illness');
  await j.attendance(anna, L.r1113.id, 'absent', 'illness');
  await j.attendance(anna, L.r1119.id, 'absent', 'unexcused');
  await j.attendance(anna, L.m1124.id, 'absent', 'unknown');
  await j.attendance(anna, L.m1125.id, 'late', 'unknown');
  await j.attendance(f.mila.id, f.lesson1a.id, 'absent', 'illness');
  return { ...f, ...x, L };
}
export type DiarySchool = Awaited<ReturnType<typeof makeDiarySchool>>;

/** Users of the diary tests. */
export const MOTHER = 7001;
export const ANNA = 7002;
export const BORIS_FATHER = 7003;
export const PETROVA = 7004;
export const MILA_MOTHER = 7005;

/**
 * A bot on the diary school with the clock at `at`; `lastMessage` is the id of
 * the last message the bot sent a user, so a test can press buttons under it as Telegram would.
 */
export function diaryHarness(ds: DataSource, at: string = NOW) {
  const clock = manualClock(at);
  const h = new BotHarness(ds, { clock });
  return { h, clock, lastMessage: h.lastMessage };
}

/** The diary tests' bot (setupBotTest's options): the diary school at NOW, the families linked, then `more`. */
export const diaryBotTest = (more: (f: DiarySchool) => [number, CodeFor][] = () => []) => ({
  fixture: makeDiarySchool,
  clock: manualClock(NOW),
  people: (f: DiarySchool): [number, CodeFor][] => [
    [MOTHER, guardianOf(f, f.anna, f.mother)],
    [MOTHER, guardianOf(f, f.pavel, f.mother)],
    [ANNA, studentOf(f, f.anna)],
    [BORIS_FATHER, guardianOf(f, f.boris, f.borisFather)],
    [PETROVA, staffOf(f, f.petrova, 'classTeacher', f.c5a)],
    [MILA_MOTHER, guardianOf(f, f.mila, f.milaMother)],
    ...more(f),
  ],
});

/** HTML that Telegram accepts: only our tags, every one closed, nothing user-supplied unescaped. */
export function assertSafeHtml(html: string): void {
  const stripped = html.replace(/<\/?(b|i|u|s|pre)>/g, '');
  if (/[<>]/.test(stripped)) throw new Error(`unescaped markup in: ${html}`);
  for (const tag of ['b', 'i', 'u', 's', 'pre']) {
    const open = html.split(`<${tag}>`).length;
    const close = html.split(`</${tag}>`).length;
    if (open !== close) throw new Error(`unbalanced <${tag}> in: ${html}`);
  }
  if (/&(?!amp;|lt;|gt;|quot;)/.test(html)) throw new Error(`bare & in: ${html}`);
}

/** A PDF attached to a lesson's homework («%PDF-1.4 <text>»), as a teacher attaches one. */
export const attachPdf = (
  ds: DataSource,
  schoolId: number,
  lessonId: number,
  fileName = 'задачи.pdf',
  text = 'tasks',
) =>
  attachHomeworkFile(
    ds,
    { schoolId, lessonId, fileName, mimeType: 'application/pdf', content: Buffer.from(`%PDF-1.4 ${text}`) },
    actor,
  );
