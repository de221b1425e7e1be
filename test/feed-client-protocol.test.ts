import { describe, expect, it } from 'vitest';
import { encode } from '../core/feed/protocol.js';
import { FeedProtocol, type Action, type FrameContext } from '../jobs/feed-client/protocol.js';

/** The feed client's frame state machine on its own: frames in, actions out, no socket and no database. */
const T = '2026-11-23T06:00:00.000Z';
const NOW = Date.parse('2026-11-23T06:05:00.000Z');
const at = (extra: Partial<FrameContext> = {}): FrameContext => ({
  arrivedAt: 1,
  now: NOW,
  pending: 0,
  busy: false,
  ...extra,
});
const frame = (m: Record<string, unknown> & { type: string }) => encode(m);
const mark = (seq: number, value = '5') =>
  frame({
    type: 'event',
    seq,
    id: `e${seq}`,
    event: 'mark.set',
    externalId: `m${seq}`,
    version: 1,
    updatedAt: T,
    changedAt: T,
    data: { student: 's1', subject: 'maths', workKind: 'oral', lesson: 'l1', date: '2026-11-23', value },
  });

const sent = (actions: Action[]) => actions.flatMap((a) => (a.kind === 'send' ? [a.message] : []));
const queued = (actions: Action[]) => actions.flatMap((a) => (a.kind === 'enqueue' ? [a.item] : []));
const kinds = (actions: Action[]) => actions.map((a) => a.kind);

function liveProtocol(lastSeq: number): FeedProtocol {
  const p = new FeedProtocol({ school: 'sch-1', token: 'secret', notifyMaxAgeMs: 24 * 3600_000 });
  p.leased({ lastSeq, head: lastSeq, liveSince: new Date('2026-11-01T00:00:00Z') });
  p.connecting(false);
  p.onFrame(frame({ type: 'welcome', school: 'sch-1', head: lastSeq, serverTime: T }), at());
  p.onFrame(frame({ type: 'subscribed', since: lastSeq, head: lastSeq }), at());
  return p;
}

describe('FeedProtocol', () => {
  it('hello, welcome, subscribe; a committed batch is acked; a redelivered event is acked again', () => {
    const p = new FeedProtocol({ school: 'sch-1', token: 'secret', notifyMaxAgeMs: 24 * 3600_000 });
    p.leased({ lastSeq: 7, head: 9, liveSince: new Date('2026-11-01T00:00:00Z') });
    p.connecting(false);
    expect(sent(p.opened())).toEqual([{ type: 'hello', school: 'sch-1', token: 'secret', client: 'dnevnik' }]);
    expect(p.welcomed).toBe(false);

    const welcome = p.onFrame(frame({ type: 'welcome', school: 'sch-1', head: 10, serverTime: T }), at());
    expect(kinds(welcome)).toEqual(['resetBackoff', 'send']);
    expect(sent(welcome)).toEqual([{ type: 'subscribe', since: 7, versions: [1, 2] }]);
    expect(p.welcomed).toBe(true);
    expect(p.head).toBe(10);

    const subscribed = p.onFrame(frame({ type: 'subscribed', since: 7, head: 10 }), at());
    // A v1 server answers without `version`: the connection is read-only (protocolVersion 1).
    expect(subscribed).toEqual([
      { kind: 'status', update: { status: 'live', head: 10, error: null, caughtUp: false, protocolVersion: 1 } },
    ]);
    expect(p.status).toBe('live');

    expect(queued(p.onFrame(mark(8), at())).map((i) => i.seq)).toEqual([8]);
    expect(p.committed(8, false, new Date())).toEqual([{ kind: 'send', message: { type: 'ack', seq: 8 } }]);
    expect(p.lastApplied).toBe(8);
    // The same event again after a reconnect: nothing to apply, the server hears the ack once more.
    expect(p.onFrame(mark(8), at())).toEqual([{ kind: 'send', message: { type: 'ack', seq: 8 } }]);
    expect(p.onFrame(frame({ type: 'ping', t: 42 }), at())).toEqual([
      { kind: 'send', message: { type: 'pong', t: 42 } },
    ]);
  });

  it('a first connection asks for the snapshot; its items are silent, its end goes live', () => {
    const p = new FeedProtocol({ school: 'sch-1', token: 'secret', notifyMaxAgeMs: 24 * 3600_000 });
    p.leased({ lastSeq: 0, head: 0, liveSince: null });
    p.connecting(false);
    expect(sent(p.onFrame(frame({ type: 'welcome', school: 'sch-1', head: 3, serverTime: T }), at()))).toEqual([
      { type: 'snapshot', versions: [1, 2] },
    ]);
    const begin = p.onFrame(frame({ type: 'snapshot.begin', seq: 3, count: 1 }), at());
    expect(kinds(begin)).toEqual(['log', 'status']);
    expect(p.status).toBe('snapshot');
    const item = p.onFrame(
      frame({
        type: 'snapshot.item',
        event: 'subject.set',
        externalId: 'maths',
        version: 1,
        updatedAt: T,
        changedAt: T,
        data: { name: 'Математика' },
      }),
      at(),
    );
    expect(queued(item)).toMatchObject([{ kind: 'change', seq: null, silent: true }]);
    expect(queued(p.onFrame(frame({ type: 'snapshot.end', seq: 3, count: 1 }), at()))).toEqual([
      { kind: 'snapshotEnd', seq: 3, arrivedAt: 1 },
    ]);
    expect(p.status).toBe('live');
    const now = new Date(NOW);
    expect(p.committed(3, true, now)).toEqual([{ kind: 'send', message: { type: 'ack', seq: 3 } }]);
    expect(p.liveSince).toBe(now);
  });

  it('a batch of changes is queued in seq order; live changes notify, old ones stay silent', () => {
    const p = liveProtocol(5);
    const items = [6, 7, 8].flatMap((seq) => queued(p.onFrame(mark(seq), at({ pending: seq - 6 }))));
    expect(items.map((i) => [i.kind, i.seq])).toEqual([
      ['change', 6],
      ['change', 7],
      ['change', 8],
    ]);
    expect(items.map((i) => i.kind === 'change' && i.silent)).toEqual([false, false, false]);
    expect(p.lastQueued).toBe(8);
    expect(p.lastApplied).toBe(5);
    expect(p.head).toBe(8);
    // A week-old change arrives live: written, but no one is notified.
    const late = queued(p.onFrame(mark(9), at({ now: NOW + 7 * 24 * 3600_000 })));
    expect(late).toMatchObject([{ seq: 9, silent: true }]);
  });

  it('a gap resubscribes from the last queued seq and drops frames until subscribed; a resync asks for the snapshot', () => {
    const p = liveProtocol(5);
    queued(p.onFrame(mark(6), at()));
    const gap = p.onFrame(mark(8), at());
    expect(kinds(gap)).toEqual(['log', 'send']);
    expect(sent(gap)).toEqual([{ type: 'subscribe', since: 6, versions: [1, 2] }]);
    expect(p.onFrame(mark(9), at())).toEqual([]);
    p.onFrame(frame({ type: 'subscribed', since: 6, head: 9 }), at());
    expect(queued(p.onFrame(mark(7), at())).map((i) => i.seq)).toEqual([7]);

    expect(sent(p.resyncRequested())).toEqual([{ type: 'snapshot', versions: [1, 2] }]);
    expect(p.inSnapshot).toBe(true);
    expect(p.resyncRequested()).toEqual([]);
    expect(p.onFrame(mark(8), at())).toEqual([]);
  });

  it('a bad frame: dead-lettered with its seq when it is the next one, without one otherwise', () => {
    const p = liveProtocol(5);
    const notJson = p.onFrame('{"type":"event","seq":6,', at({ arrivedAt: 2 }));
    expect(notJson[0]).toMatchObject({ kind: 'log', level: 'warn', msg: 'invalid message from the feed' });
    expect(queued(notJson)).toEqual([
      { kind: 'invalid', seq: 6, reason: 'not JSON', raw: '{"type":"event","seq":6,', arrivedAt: 2 },
    ]);
    expect(p.lastQueued).toBe(6);
    // Already past it: only logged.
    expect(kinds(p.onFrame('{"seq":6', at()))).toEqual(['log']);
    // A frame without a seq is dead-lettered without one.
    expect(queued(p.onFrame(frame({ type: 'nonsense' }), at()))).toMatchObject([{ kind: 'invalid', seq: null }]);
    // An auth failure: status written, then the connection closed.
    const refused = p.onFrame(frame({ type: 'error', code: 'auth_failed', message: 'bad token' }), at());
    expect(kinds(refused)).toEqual(['log', 'status', 'close']);
    expect(p.status).toBe('authFailed');
  });
});
