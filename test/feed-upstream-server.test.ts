import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ReferenceFeedServer, type ChangeInput } from '../cli/feed/server.js';
import { FEED_TOKEN, until } from './helpers/feed.js';

/** The reference e-journal's side of protocol v2: negotiation, its rules for entries, one change per client id. */
const SCHOOL = 'up-srv';
const year = { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' };
const lesson = (key: string, cls: string, teacher: string, date = '2026-11-23'): ChangeInput => ({
  event: 'lesson.set',
  externalId: key,
  data: { class: cls, subject: 'maths', teacher, date, slot: 1, startsAt: '08:30', endsAt: '09:15' },
});
const school: ChangeInput[] = [
  { event: 'class.set', externalId: 'c5a', data: { grade: 5, letter: 'А', year } },
  { event: 'class.set', externalId: 'c1a', data: { grade: 1, letter: 'А', year } },
  { event: 'subject.set', externalId: 'maths', data: { name: 'Математика' } },
  { event: 'workKind.set', externalId: 'oral', data: { code: 'oral', name: 'Устный ответ', weight: 1 } },
  { event: 'staff.set', externalId: 't1', data: { lastName: 'А', firstName: 'Б', roles: [{ role: 'teacher' }] } },
  { event: 'student.set', externalId: 's1', data: { class: 'c5a', lastName: 'Иванова', firstName: 'Анна' } },
  { event: 'student.set', externalId: 's2', data: { class: 'c1a', lastName: 'Петров', firstName: 'Пётр' } },
  lesson('l1', 'c5a', 't1'),
  lesson('l-old', 'c5a', 't1', '2026-10-20'),
  lesson('l-1a', 'c1a', 't1'),
];
const markData = (lessonKey: string, student: string, value: '2' | '3' | '4' | '5') => ({
  student,
  subject: 'maths',
  workKind: 'oral',
  lesson: lessonKey,
  date: '2026-11-23',
  value,
});
const entry = (clientId: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  v: 2,
  type: 'entry',
  clientId,
  entry: 'mark.set',
  externalId: null,
  baseVersion: 0,
  teacher: 't1',
  enteredAt: '2026-11-23T09:00:00+03:00',
  data,
  ...extra,
});

let server: ReferenceFeedServer;
afterEach(() => server?.close());

async function connect(protocol: 1 | 2) {
  server = new ReferenceFeedServer({ protocol, rules: { closedThrough: '2026-10-31' } });
  server.addSchool(SCHOOL, FEED_TOKEN);
  for (const c of school) server.publish(SCHOOL, c);
  await server.listen();
  const ws = new WebSocket(server.url);
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse((d as Buffer).toString('utf8'))));
  await new Promise((r) => ws.once('open', r));
  const send = (m: Record<string, unknown>) => ws.send(JSON.stringify({ v: 1, ...m }));
  send({ type: 'hello', school: SCHOOL, token: FEED_TOKEN });
  send({ type: 'subscribe', since: server.head(SCHOOL), versions: [1, 2] });
  await until(() => frames.some((f) => f.type === 'subscribed'), 'subscribed');
  const next = async (type: string, n = 1) => {
    await until(() => frames.filter((f) => f.type === type).length >= n, type);
    return frames.filter((f) => f.type === type)[n - 1];
  };
  return { ws, frames, send, next };
}

describe('the reference e-journal, protocol v2', () => {
  it('negotiates v2, accepts an entry, publishes it once with the client id; a resubmission gets the same answer', async () => {
    const c = await connect(2);
    expect(c.frames.find((f) => f.type === 'subscribed')).toMatchObject({ v: 1, version: 2 });
    const head = server.head(SCHOOL);
    c.send(entry('client-0001', markData('l1', 's1', '5')));
    const accepted = await c.next('entry.accepted');
    expect(accepted).toEqual({
      v: 2,
      type: 'entry.accepted',
      clientId: 'client-0001',
      externalId: 'mark-client-0001',
      version: 1,
      seq: head + 1,
    });
    const event = await c.next('event');
    expect(event).toMatchObject({ v: 2, seq: head + 1, event: 'mark.set', clientId: 'client-0001' });
    c.send(entry('client-0001', markData('l1', 's1', '5')));
    expect(await c.next('entry.accepted', 2)).toEqual(accepted);
    expect(server.head(SCHOOL)).toBe(head + 1);
    // A change of that mark based on the version it has is accepted as version 2.
    c.send(entry('client-0002', markData('l1', 's1', '4'), { externalId: 'mark-client-0001', baseVersion: 1 }));
    expect(await c.next('entry.accepted', 3)).toMatchObject({ externalId: 'mark-client-0001', version: 2 });
    c.ws.close();
  });

  it('rejects by its rules, with the reason in Russian; a conflict carries the e-journal value', async () => {
    const c = await connect(2);
    server.publish(SCHOOL, { event: 'mark.set', externalId: 'm9', data: markData('l1', 's1', '3') });
    server.publish(SCHOOL, { event: 'mark.set', externalId: 'm9', data: markData('l1', 's1', '2') });
    c.send(entry('rej-00001', markData('l1', 's1', '5'), { teacher: 't-other' }));
    c.send(entry('rej-00002', markData('l-old', 's1', '5')));
    c.send(entry('rej-00003', markData('l-1a', 's2', '5')));
    c.send(entry('rej-00004', markData('l1', 's1', '5'), { externalId: 'm9', baseVersion: 1 }));
    const answers = await Promise.all([1, 2, 3, 4].map((n) => c.next('entry.rejected', n)));
    expect(answers.map((a) => [a.clientId, a.code, a.reason])).toEqual([
      ['rej-00001', 'not_teachers_lesson', 'Этот урок ведёт другой учитель.'],
      ['rej-00002', 'period_closed', 'Период закрыт: изменения за 20.10.2026 не принимаются.'],
      ['rej-00003', 'value_not_allowed', 'В 1-м классе отметки и домашние задания не ставятся.'],
      ['rej-00004', 'conflict', 'В журнале школы это значение уже изменили.'],
    ]);
    expect(answers[3].current).toMatchObject({ externalId: 'm9', version: 2, data: { value: '2' } });
    c.ws.close();
  });

  it('a v1 server answers without a version and refuses entries', async () => {
    const c = await connect(1);
    expect(c.frames.find((f) => f.type === 'subscribed').version).toBeUndefined();
    const head = server.head(SCHOOL);
    c.send(entry('v1-000001', markData('l1', 's1', '5')));
    expect(await c.next('error')).toMatchObject({ code: 'bad_request', message: 'entries need protocol version 2' });
    expect(server.head(SCHOOL)).toBe(head);
    c.ws.close();
  });
});
