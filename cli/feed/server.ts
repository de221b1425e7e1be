import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CLOSE,
  encode,
  entityKind,
  parseClientMessage,
  UPSTREAM_VERSION,
  type ClientMessage,
  type Entry,
  type FeedChange,
} from '../../core/feed/protocol.js';
import { decideEntry, naturalKey } from './judge.js';
import {
  loggedEvent,
  newSchoolLog,
  type ChangeInput,
  type LoggedEvent,
  type ReferenceServerOptions,
  type SchoolLog,
  type Session,
} from './server-types.js';

/**
 * The reference e-journal: the server side of docs/journal-feed.md over a
 * real WebSocket. It keeps each school's event log and the latest state of
 * every entity (for snapshots), and streams to subscribed clients. Used by
 * `feed serve --demo`, the end-to-end tests and the benchmark; an e-journal
 * vendor can read it as the contract's executable form.
 */

export type { ChangeInput, LoggedEvent, ReferenceServerOptions } from './server-types.js';

export class ReferenceFeedServer {
  private readonly schools = new Map<string, SchoolLog>();
  private readonly sessions = new Set<Session>();
  private wss: WebSocketServer | null = null;
  private paused = false;
  port = 0;
  /** Frames received, by type (tests). */
  received: Record<string, number> = {};
  /** Entries received, in order (tests). */
  entries: Entry[] = [];
  /** Called when an entry has been decided, before its answer is sent (tests: a client dying in between). */
  onEntry?: (entry: Entry, answer: Record<string, unknown>) => void;
  /** While true, entries are decided and published but their answers are not sent (a lost answer). */
  dropAnswers = false;

  constructor(private readonly opts: ReferenceServerOptions = {}) {}

  /** Closes the periods through `date` (an administrator's act in the e-journal): later entries for them are refused. */
  closeThrough(date: string): void {
    this.opts.rules = { ...this.opts.rules, closedThrough: date };
  }

  addSchool(school: string, token: string): void {
    this.schools.set(school, newSchoolLog(token));
  }

  private log(school: string): SchoolLog {
    const s = this.schools.get(school);
    if (!s) throw new Error(`unknown school ${school}`);
    return s;
  }

  head(school: string): number {
    const s = this.log(school);
    return s.events.length ? s.events[s.events.length - 1].seq : s.retainedFrom - 1;
  }

  acked(school: string): number {
    return this.log(school).acked;
  }

  /** Appends a change to the school's log and streams it to its live clients; returns the event. */
  publish(school: string, input: ChangeInput): LoggedEvent {
    const s = this.log(school);
    const key = `${entityKind(input.event)}:${input.externalId}`;
    const now = new Date().toISOString();
    const version = input.version ?? (s.versions.get(key) ?? 0) + 1;
    s.versions.set(key, Math.max(version, s.versions.get(key) ?? 0));
    const change = {
      ...input,
      version,
      updatedAt: input.updatedAt ?? now,
      changedAt: input.changedAt ?? now,
    } as FeedChange;
    const seq = this.head(school) + 1;
    const event = loggedEvent(`${school}:${seq}`, seq, change);
    s.events.push(event);
    if ((s.state.get(key)?.version ?? 0) <= version) s.state.set(key, change);
    const natural = naturalKey(change);
    if (natural) s.natural.set(natural, change.externalId);
    for (const session of this.sessions)
      if (session.school === school && session.live && session.next === seq) this.pump(session, s);
    return event;
  }

  /** Forgets events before `seq`: clients behind it must take a snapshot. */
  truncate(school: string, beforeSeq: number): void {
    const s = this.log(school);
    s.events = s.events.filter((e) => e.seq >= beforeSeq);
    s.retainedFrom = beforeSeq;
  }

  async listen(): Promise<string> {
    this.wss = new WebSocketServer({
      host: this.opts.host ?? '127.0.0.1',
      port: this.opts.port ?? 0,
      maxPayload: 2 ** 20,
    });
    await new Promise<void>((resolve, reject) => {
      this.wss!.once('listening', resolve);
      this.wss!.once('error', reject);
    });
    this.port = (this.wss.address() as AddressInfo).port;
    this.wss.on('connection', (socket) => this.accept(socket));
    return this.url;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Drops every connection without a closing handshake (a network failure). */
  dropConnections(): void {
    for (const s of this.sessions) s.socket.terminate();
  }

  /** Stops answering anything (a hung e-journal); `resume()` undoes it. */
  pause = () => void (this.paused = true);
  resume = () => void (this.paused = false);

  async close(): Promise<void> {
    for (const s of this.sessions) s.socket.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
  }

  private send(session: Session, m: Record<string, unknown> & { type: string }): void {
    if (session.socket.readyState === 1) session.socket.send(encode(m));
  }

  private accept(socket: WebSocket): void {
    const session: Session = { socket, school: null, generation: 0, live: false, next: 1, version: 1 };
    this.sessions.add(session);
    let lastFrame = Date.now();
    const pinger = this.opts.pingMs
      ? setInterval(() => {
          if (Date.now() - lastFrame > this.opts.pingMs! * 3) socket.terminate();
          else if (!this.paused) this.send(session, { type: 'ping', t: Date.now() });
        }, this.opts.pingMs)
      : null;
    socket.on('close', () => {
      if (pinger) clearInterval(pinger);
      this.sessions.delete(session);
    });
    socket.on('message', (data) => {
      lastFrame = Date.now();
      if (this.paused) return;
      this.onMessage(
        session,
        (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Uint8Array)).toString('utf8'),
      );
    });
  }

  private onMessage(session: Session, raw: string): void {
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      const version = /unsupported protocol version/.test(parsed.reason);
      this.send(session, {
        type: 'error',
        code: version ? 'unsupported_version' : 'bad_request',
        message: parsed.reason.slice(0, 300),
      });
      if (!session.school || version) session.socket.close(version ? CLOSE.unsupportedVersion : CLOSE.badRequest);
      return;
    }
    const m = parsed.message;
    this.received[m.type] = (this.received[m.type] ?? 0) + 1;
    if (m.type === 'hello') {
      const s = this.schools.get(m.school);
      const given = Buffer.from(m.token);
      if (!s || given.length !== s.token.length || !timingSafeEqual(given, s.token)) {
        this.send(session, { type: 'error', code: 'auth_failed', message: 'unknown school or wrong token' });
        session.socket.close(CLOSE.authFailed, 'auth failed');
        return;
      }
      session.school = m.school;
      this.send(session, {
        type: 'welcome',
        school: m.school,
        head: this.head(m.school),
        serverTime: new Date().toISOString(),
      });
      return;
    }
    if (!session.school) {
      this.send(session, { type: 'error', code: 'auth_failed', message: 'say hello first' });
      session.socket.close(CLOSE.authFailed, 'auth failed');
      return;
    }
    const s = this.log(session.school);
    switch (m.type) {
      case 'subscribe':
        this.negotiate(session, m);
        if (m.since + 1 < s.retainedFrom) return this.snapshot(session, s);
        session.generation++;
        session.live = true;
        session.next = (this.opts.redeliverUnacked ? Math.min(m.since, s.acked) : m.since) + 1;
        this.send(session, {
          type: 'subscribed',
          since: session.next - 1,
          head: this.head(session.school),
          ...(session.version === UPSTREAM_VERSION ? { version: UPSTREAM_VERSION } : {}),
        });
        this.pump(session, s);
        return;
      case 'snapshot':
        this.negotiate(session, m);
        return this.snapshot(session, s);
      case 'entry':
        return this.onEntryMessage(session, s, m as Entry);
      case 'ack':
        s.acked = Math.max(s.acked, m.seq);
        return;
      case 'ping':
        this.send(session, { type: 'pong', t: m.t, head: this.head(session.school) });
        return;
      case 'pong':
        return;
      default:
        this.send(session, {
          type: 'error',
          code: 'bad_request',
          message: `unexpected ${(m as { type: string }).type}`,
        });
    }
  }

  /** v2 when both sides speak it (the client lists the versions it speaks with subscribe and snapshot). */
  private negotiate(session: Session, m: Extract<ClientMessage, { type: 'subscribe' | 'snapshot' }>): void {
    session.version = (this.opts.protocol ?? 2) === 2 && m.versions?.includes(2) ? UPSTREAM_VERSION : 1;
  }

  /** A teacher's entry: the answer given before if it was seen, else judged by the rules and, if accepted, published. */
  private onEntryMessage(session: Session, s: SchoolLog, e: Entry): void {
    if (session.version !== UPSTREAM_VERSION || !session.school)
      return this.send(session, { type: 'error', code: 'bad_request', message: 'entries need protocol version 2' });
    this.entries.push(e);
    const { answer, publish } = decideEntry(s, e, this.opts.rules ?? {}, this.head(session.school) + 1);
    this.onEntry?.(e, answer);
    if (!this.dropAnswers) this.send(session, answer);
    if (publish) this.publish(session.school, publish);
  }

  /** The latest state of every entity, then live events after it. */
  private snapshot(session: Session, s: SchoolLog): void {
    session.generation++;
    const head = this.head(session.school!);
    const items = [...s.state.values()];
    this.send(session, {
      type: 'snapshot.begin',
      seq: head,
      count: items.length,
      ...(session.version === UPSTREAM_VERSION ? { version: UPSTREAM_VERSION } : {}),
    });
    for (const { clientId: _, ...item } of items) this.send(session, { type: 'snapshot.item', ...item });
    this.send(session, { type: 'snapshot.end', seq: head, count: items.length });
    session.live = true;
    session.next = head + 1;
    this.pump(session, s);
  }

  /** Sends the session's events from `next` on, yielding to the event loop when the socket's buffer fills. */
  private pump(session: Session, s: SchoolLog): void {
    const generation = session.generation;
    const step = () => {
      if (session.generation !== generation || session.socket.readyState !== 1 || this.paused) return;
      const first = s.events.length ? s.events[0].seq : s.retainedFrom;
      let i = session.next - first;
      while (i >= 0 && i < s.events.length) {
        if (session.socket.bufferedAmount > 4 * 2 ** 20) return void setTimeout(step, 5);
        const ev = s.events[i];
        session.socket.send(session.version === UPSTREAM_VERSION && ev.frame2 ? ev.frame2 : ev.frame);
        session.next++;
        i++;
      }
    };
    step();
  }
}
