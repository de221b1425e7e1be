import type { ApiCall, ChatMessage } from '../support/fake-bot-api/index.js';
import { labels, type ClusterDriver } from './cluster-driver.js';

/**
 * What the users of test/e2e-cluster.test.ts do, with the demo school's codes:
 * class teachers link; parents link with consent, open two diary views,
 * report an absence in six steps and write to the class teacher (14 updates);
 * students link and open three views (5 updates).
 */
export interface Person {
  user: number;
  code: string;
  class: string | null;
}
type Code = { code: string; role: string; name: string; student: string | null; class: string | null };

/** Class teachers, `parents` parents of one child (spread over the classes) and `students` students. */
export function clusterUsers(codes: Code[], parents: number, students: number) {
  const teachers = codes.filter((c) => c.role === 'class_teacher');
  const classes = teachers.map((t) => t.class);
  // Parents of one child, one parent per child (two would report the same absence).
  const single = codes.filter(
    (c, i) =>
      c.role === 'parent' &&
      codes.filter((x) => x.role === 'parent' && x.name === c.name).length === 1 &&
      codes.findIndex((x) => x.role === 'parent' && x.student === c.student) === i,
  );
  const byClass = classes.map((cls) => single.filter((p) => p.class === cls));
  const picked: Code[] = [];
  for (let i = 0; picked.length < parents; i++) {
    const from = byClass[i % byClass.length];
    const next = from[Math.floor(i / byClass.length)];
    if (!next) throw new Error(`the demo school has fewer than ${parents} parents of one child`);
    picked.push(next);
  }
  const person = (base: number) => (c: Code, i: number) => ({ user: base + i, code: c.code, class: c.class });
  return {
    teachers: teachers.map(person(7_100_001)),
    parents: picked.map(person(7_110_001)),
    students: codes
      .filter((c) => c.role === 'student')
      .slice(0, students)
      .map(person(7_120_001)),
  };
}

const starts = (prefix: string) => (m: ChatMessage) => !!m.text?.startsWith(prefix);
const any = () => true;

async function link(d: ClusterDriver, p: Person): Promise<void> {
  const first = await d.say(p.user, `/start ${p.code}`, (m) => labels(m).includes('Согласен') || starts('Готово!')(m));
  if (labels(first).includes('Согласен')) await d.press(p.user, first, 'Согласен', starts('Готово!'));
}

/** The next school day after `day`, as «дд.мм». */
function nextSchoolDay(day: string): string {
  const d = new Date(new Date(day).getTime() + 24 * 3600_000);
  while ([0, 6].includes(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The six steps of an absence report; returns their update ids. */
async function reportAbsence(d: ClusterDriver, u: number, day: string): Promise<number[]> {
  const before = d.byUser.get(u)?.length ?? 0;
  const dates = await d.say(u, '📝 Сообщить об отсутствии', starts('Когда'));
  await d.press(u, dates, 'Несколько дней', starts('Напишите даты'));
  const reason = await d.say(u, nextSchoolDay(day), (m) => m.text === 'Причина отсутствия?' || starts('На эти')(m));
  if (reason.text !== 'Причина отсутствия?') throw new Error(`user ${u}: ${reason.text}`);
  const cert = await d.press(u, reason, 'Болезнь', starts('Если есть справка'));
  const confirm = await d.press(u, cert, 'Справку пришлю позже', starts('Сообщение об отсутствии'));
  await d.press(u, confirm, 'Отправить', starts('✅ Сообщение отправлено классному'));
  return d.byUser.get(u)!.slice(before);
}

async function writeToTeacher(d: ClusterDriver, u: number): Promise<void> {
  const list = await d.say(u, '✉️ Сообщения', starts('✉️ Сообщения'));
  const teachers = await d.press(u, list, '✏️ Написать учителю', starts('Кому написать?'));
  const ct = labels(teachers).find((l) => l.includes('классный руководитель'));
  if (!ct) throw new Error(`user ${u}: no class teacher among ${labels(teachers).join(', ')}`);
  await d.press(u, teachers, ct, starts('Напишите сообщение для'));
  await d.say(u, `Вопрос от семьи ${u}: когда собрание?`, starts('✅ Сообщение отправлено:'));
}

async function parentFlow(d: ClusterDriver, p: Person, day: string): Promise<number[]> {
  await link(d, p);
  await d.say(p.user, '/marks', any);
  await d.say(p.user, '/schedule', any);
  const absence = await reportAbsence(d, p.user, day);
  await writeToTeacher(d, p.user);
  return absence;
}

async function studentFlow(d: ClusterDriver, p: Person): Promise<void> {
  await link(d, p);
  for (const view of ['/marks', '/homework', '/schedule']) await d.say(p.user, view, any);
}

/** Runs `jobs` with at most `limit` at a time. */
async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return out;
}

/** The longest run of sends within one second. */
export function peakPerSecond(calls: ApiCall[]): number {
  const at = calls.map((c) => c.at).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i] - at[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

/** Sends by the workers to `chats` closer than a second apart (Telegram's limit for one chat). */
export function perChatViolations(calls: ApiCall[], chats: number[]): { chat: number; gapMs: number }[] {
  const set = new Set(chats);
  const byChat = new Map<number, number[]>();
  for (const c of calls)
    if (c.method === 'sendMessage' && set.has(Number(c.params.chat_id)))
      byChat.set(Number(c.params.chat_id), [...(byChat.get(Number(c.params.chat_id)) ?? []), c.at]);
  const out: { chat: number; gapMs: number }[] = [];
  for (const [chat, at] of byChat) {
    at.sort((a, b) => a - b);
    for (let i = 1; i < at.length; i++) if (at[i] - at[i - 1] < 1000) out.push({ chat, gapMs: at[i] - at[i - 1] });
  }
  return out;
}

/** Teachers link first (the families' reports and messages go to them); then everyone else at once, 32 at a time. */
export async function runFlows(d: ClusterDriver, users: ReturnType<typeof clusterUsers>, day: string) {
  for (const t of users.teachers) await link(d, t);
  const absences = new Map<number, number[]>();
  const jobs = [
    ...users.parents.map((p) => async () => {
      absences.set(p.user, await parentFlow(d, p, day));
    }),
    ...users.students.map((s) => () => studentFlow(d, s)),
  ];
  await pool(jobs, 32);
  return { completed: jobs.length, absences };
}
