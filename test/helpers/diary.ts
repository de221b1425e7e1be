import type { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.js';
import { manualClock } from '../../core/clock.js';
import {
  recordAttendance,
  setHomework,
  setMark,
  setPeriodMark,
  upsertLesson,
  type SetMarkInput,
} from '../../core/journal/index.js';
import * as s from '../../core/school/structure.js';
import { BotHarness, type ApiCall } from './bot-harness.js';
import { makeSchool } from './fixtures.js';
import { linkAs } from './linking.js';

const actor: Actor = { kind: 'cli', command: 'test' };

/** Wednesday 25 November 2026, 09:10 in Moscow: during the second lesson. */
/** When the fixture's teachers set homework (a fixed instant: nothing here depends on the real date). */
const SET_AT = new Date('2026-11-26T12:00:00Z');

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
    const q1 = await s.upsertPeriod(
      em,
      {
        schoolId: school,
        academicYearId: f.year.id,
        kind: 'quarter',
        number: 1,
        name: '1 четверть',
        startsOn: '2026-09-01',
        endsOn: '2026-10-25',
      },
      actor,
    );
    const h1 = await s.upsertPeriod(
      em,
      {
        schoolId: school,
        academicYearId: f.year.id,
        kind: 'halfYear',
        number: 1,
        name: '1 полугодие',
        startsOn: '2026-09-01',
        endsOn: '2026-12-28',
      },
      actor,
    );
    const y = await s.upsertPeriod(
      em,
      {
        schoolId: school,
        academicYearId: f.year.id,
        kind: 'year',
        number: 1,
        name: 'Учебный год',
        startsOn: '2026-09-01',
        endsOn: '2027-05-26',
      },
      actor,
    );
    const independent = await s.upsertWorkKind(
      em,
      { schoolId: school, code: 'independent', name: 'Самостоятельная работа', weight: 1.5 },
      actor,
    );
    const pe = await s.upsertSubject(em, { schoolId: school, name: 'Физическая культура', shortName: 'Физ-ра' }, actor);
    const english = await s.upsertSubject(
      em,
      { schoolId: school, name: 'Английский язык', shortName: 'Англ. яз.' },
      actor,
    );
    const g1 = await s.upsertSubgroup(em, { schoolId: school, classId: f.c5a.id, name: '1 группа' }, actor);
    const g2 = await s.upsertSubgroup(em, { schoolId: school, classId: f.c5a.id, name: '2 группа' }, actor);
    await s.addToSubgroup(em, g1.id, f.anna.id);
    await s.addToSubgroup(em, g2.id, f.boris.id);
    const eng1 = await s.upsertStaff(
      em,
      { schoolId: school, lastName: 'Волкова', firstName: 'Анна', middleName: 'Игоревна' },
      actor,
    );
    const eng2 = await s.upsertStaff(em, { schoolId: school, lastName: 'Лебедев', firstName: 'Пётр' }, actor);
    const peTeacher = await s.upsertStaff(em, { schoolId: school, lastName: 'Новиков', firstName: 'Денис' }, actor);
    const milaMother = await s.upsertGuardian(em, { schoolId: school, lastName: 'Милова', firstName: 'Ирина' }, actor);
    await s.linkGuardianToStudent(em, { studentId: f.mila.id, guardianId: milaMother.id, relation: 'mother' }, actor);
    return { q1, h1, y, independent, pe, english, g1, g2, eng1, eng2, peTeacher, milaMother };
  });
  const times = ['', '08:00', '09:00', '10:00', '11:00'];
  const lesson = async (
    classId: number,
    date: string,
    slot: number,
    subjectId: number,
    teacherId: number,
    more: Partial<Parameters<typeof upsertLesson>[1]> = {},
  ) =>
    (
      await upsertLesson(
        ds,
        {
          schoolId: school,
          classId,
          subjectId,
          teacherId,
          date,
          slot,
          startsAt: times[slot],
          endsAt: `${times[slot].slice(0, 3)}45`,
          room: '21',
          ...more,
        },
        actor,
      )
    ).lesson;
  const maths = (date: string, slot = 1, topic?: string) =>
    lesson(f.c5a.id, date, slot, f.maths.id, f.mathTeacher.id, topic ? { topic } : {});
  const russian = (date: string, slot = 2) => lesson(f.c5a.id, date, slot, f.russian.id, f.petrova.id);
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
    r1125: await lesson(f.c5a.id, '2026-11-25', 2, f.russian.id, f.petrova.id, {
      substituteTeacherId: f.sidorov.id,
      topic: 'Обращение',
    }),
    pe1125: await lesson(f.c5a.id, '2026-11-25', 3, x.pe.id, x.peTeacher.id, { cancelled: true }),
    e1125g1: await lesson(f.c5a.id, '2026-11-25', 4, x.english.id, x.eng1.id, { subgroupId: x.g1.id, room: '31' }),
    e1125g2: await lesson(f.c5a.id, '2026-11-25', 4, x.english.id, x.eng2.id, { subgroupId: x.g2.id, room: '32' }),
    // Tomorrow: homework, different for the two English groups.
    m1126: await maths('2026-11-26', 1),
    e1126g1: await lesson(f.c5a.id, '2026-11-26', 2, x.english.id, x.eng1.id, { subgroupId: x.g1.id, room: '31' }),
    e1126g2: await lesson(f.c5a.id, '2026-11-26', 2, x.english.id, x.eng2.id, { subgroupId: x.g2.id, room: '32' }),
    r1126: await lesson(f.c5a.id, '2026-11-26', 3, f.russian.id, f.petrova.id),
    // Next Monday (nothing on Friday's morrow, the weekend).
    m1130: await maths('2026-11-30', 1),
    p1112: await lesson(f.c6b.id, '2026-11-12', 1, f.maths.id, f.mathTeacher.id),
    p1126: await lesson(f.c6b.id, '2026-11-26', 1, f.maths.id, f.mathTeacher.id),
  };
  await setHomework(
    ds,
    { schoolId: school, lessonId: L.m1126.id, homework: '№ 245, 247 (a < b & c > d)', setAt: SET_AT },
    actor,
  );
  await setHomework(ds, { schoolId: school, lessonId: L.e1126g1.id, homework: 'Ex. 5 p. 40', setAt: SET_AT }, actor);
  await setHomework(ds, { schoolId: school, lessonId: L.e1126g2.id, homework: 'Ex. 9 p. 41', setAt: SET_AT }, actor);
  await setHomework(
    ds,
    { schoolId: school, lessonId: L.p1126.id, homework: 'Стр. 12, задачи 1–3', setAt: SET_AT },
    actor,
  );
  await setHomework(ds, { schoolId: school, lessonId: L.m1130.id, homework: 'Повторить § 12', setAt: SET_AT }, actor);

  const mark = (i: Omit<SetMarkInput, 'schoolId'>) => setMark(ds, { schoolId: school, ...i }, actor);
  const anna = f.anna.id;
  // Анна, maths, 2 четверть: 5 (×1), 3 (×2), 4 (×1), 4 (×1.5), «зач» (not counted), 5 (×2).
  await mark({
    studentId: anna,
    subjectId: f.maths.id,
    workKindId: f.oral.id,
    lessonId: L.m1110.id,
    date: '2026-11-10',
    value: '5',
  });
  await mark({
    studentId: anna,
    subjectId: f.maths.id,
    workKindId: f.test.id,
    lessonId: L.m1112.id,
    date: '2026-11-12',
    value: '3',
    comment: 'Ошибка в вычислениях <см. № 3> & оформление',
  });
  await mark({
    studentId: anna,
    subjectId: f.maths.id,
    workKindId: f.oral.id,
    lessonId: L.m1116.id,
    date: '2026-11-16',
    value: '4',
  });
  await mark({
    studentId: anna,
    subjectId: f.maths.id,
    workKindId: x.independent.id,
    lessonId: L.m1118.id,
    date: '2026-11-18',
    value: '4',
  });
  await mark({
    studentId: anna,
    subjectId: f.maths.id,
    workKindId: f.oral.id,
    lessonId: L.m1120.id,
    date: '2026-11-20',
    value: 'pass',
  });
  await mark({
    studentId: anna,
    subjectId: f.maths.id,
    workKindId: f.test.id,
    lessonId: f.mathsLesson5a.id,
    date: '2026-11-23',
    value: '5',
  });
  // Анна, Russian: 2 (×1), 4 (×2).
  await mark({
    studentId: anna,
    subjectId: f.russian.id,
    workKindId: f.oral.id,
    lessonId: L.r1111.id,
    date: '2026-11-11',
    value: '2',
  });
  await mark({
    studentId: anna,
    subjectId: f.russian.id,
    workKindId: f.test.id,
    lessonId: L.r1117.id,
    date: '2026-11-17',
    value: '4',
  });
  // Анна, P.E.: exempt only.
  await mark({ studentId: anna, subjectId: x.pe.id, workKindId: f.oral.id, date: '2026-11-18', value: 'exempt' });
  // A mark of the first quarter stays out of the second's average.
  await mark({ studentId: anna, subjectId: f.maths.id, workKindId: f.test.id, date: '2026-10-20', value: '2' });
  await setPeriodMark(
    ds,
    { schoolId: school, studentId: anna, subjectId: f.maths.id, periodId: x.q1.id, value: '5' },
    actor,
  );
  await setPeriodMark(
    ds,
    { schoolId: school, studentId: anna, subjectId: f.russian.id, periodId: x.q1.id, value: 'notAttested' },
    actor,
  );
  await setPeriodMark(
    ds,
    { schoolId: school, studentId: anna, subjectId: x.pe.id, periodId: f.q2.id, value: 'exempt' },
    actor,
  );
  // Павел, 6Б: one test, 5.
  await mark({
    studentId: f.pavel.id,
    subjectId: f.maths.id,
    workKindId: f.test.id,
    lessonId: L.p1112.id,
    date: '2026-11-12',
    value: '5',
  });

  // Absences of Анна: a whole day ill, a Russian lesson unexcused, a maths lesson without a reason, late today.
  const absent = (
    lessonId: number,
    reason: 'illness' | 'excused' | 'unexcused' | 'unknown',
    status: 'absent' | 'late' = 'absent',
  ) => recordAttendance(ds, { schoolId: school, studentId: anna, lessonId, status, reason }, actor);
  await absent(L.m1113.id, 'illness');
  await absent(L.r1113.id, 'illness');
  await absent(L.r1119.id, 'unexcused');
  await absent(L.m1124.id, 'unknown');
  await absent(L.m1125.id, 'unknown', 'late');
  await recordAttendance(
    ds,
    { schoolId: school, studentId: f.mila.id, lessonId: f.lesson1a.id, status: 'absent', reason: 'illness' },
    actor,
  );
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
 * A bot on the diary school with the clock at NOW; remembers the id of the
 * last message the bot sent, so a test can press buttons under it as Telegram would.
 */
export function diaryHarness(ds: DataSource, at: string = NOW) {
  const clock = manualClock(at);
  const h = new BotHarness(ds, { clock });
  const last = new Map<number, number>();
  h.bot.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    const chat = (payload as { chat_id?: number }).chat_id;
    if (res.ok && chat !== undefined && method.startsWith('send'))
      last.set(chat, (res.result as { message_id: number }).message_id);
    return res;
  });
  return { h, clock, lastMessage: (user: number) => last.get(user) ?? 1 };
}

export async function linkFamilies(h: BotHarness, ds: DataSource, f: DiarySchool) {
  const school = f.school.id;
  await linkAs(h, ds, MOTHER, { schoolId: school, role: 'guardian', studentId: f.anna.id, guardianId: f.mother.id });
  await linkAs(h, ds, MOTHER, { schoolId: school, role: 'guardian', studentId: f.pavel.id, guardianId: f.mother.id });
  await linkAs(h, ds, ANNA, { schoolId: school, role: 'student', studentId: f.anna.id });
  await linkAs(h, ds, BORIS_FATHER, {
    schoolId: school,
    role: 'guardian',
    studentId: f.boris.id,
    guardianId: f.borisFather.id,
  });
  await linkAs(h, ds, PETROVA, { schoolId: school, role: 'classTeacher', staffId: f.petrova.id, classId: f.c5a.id });
  await linkAs(h, ds, MILA_MOTHER, {
    schoolId: school,
    role: 'guardian',
    studentId: f.mila.id,
    guardianId: f.milaMother.id,
  });
}

/** The texts of the calls, joined (a view split into several messages reads as one). */
export const textOf = (calls: ApiCall[]) => BotHarness.texts(calls).join('\n');

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
