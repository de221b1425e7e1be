import {
  parseServerMessage,
  UPSTREAM_VERSION,
  type EntryAccepted,
  type EntryRejected,
  type FeedChange,
  type ServerMessage,
} from '../../core/feed/protocol.js';
import type { FeedStatus } from '../../db/entities/index.js';

/**
 * The feed's frame state machine (docs/journal-feed.md), without a socket, a
 * database or a clock: it takes what happened (a frame, the socket opening, a
 * commit) and returns what to do, in order. The connection carries the actions out.
 */

/** What the batching applies: a change (live or from the snapshot), a frame we could not read, the snapshot's end. */
export type Item =
  | { kind: 'change'; seq: number | null; id: string | null; change: FeedChange; silent: boolean; arrivedAt: number }
  | { kind: 'invalid'; seq: number | null; reason: string; raw: string; arrivedAt: number }
  | { kind: 'snapshotEnd'; seq: number; arrivedAt: number };

export type OutgoingMessage = Record<string, unknown> & { type: string };
/** A feed_state status update (setStatus without the school and the holder). */
export interface StatusUpdate {
  status: FeedStatus;
  head?: number;
  error?: string | null;
  caughtUp?: boolean;
  /** The protocol version negotiated at subscribe (1: the e-journal takes no entries). */
  protocolVersion?: number;
}
export type LogLevel = 'info' | 'warn' | 'error';

export type Action =
  | { kind: 'send'; message: OutgoingMessage }
  | { kind: 'enqueue'; item: Item }
  /** Written to feed_state and awaited before the next action. */
  | { kind: 'status'; update: StatusUpdate }
  | { kind: 'close'; code: number }
  /** The server answered: the next reconnect starts its backoff from the beginning. */
  | { kind: 'resetBackoff' }
  /** The e-journal answered a teacher's entry (v2). */
  | { kind: 'answer'; message: EntryAccepted | EntryRejected }
  | { kind: 'log'; level: LogLevel; fields?: Record<string, unknown>; msg: string };
export type SendAction = Extract<Action, { kind: 'send' }>;
/** An action carried out on the spot (everything but a status write). */
export type ImmediateAction = Exclude<Action, { kind: 'status' }>;

/** What the protocol needs to know about the world when a frame arrives. */
export interface FrameContext {
  /** performance.now() when the frame arrived. */
  arrivedAt: number;
  /** Date.now(): how old a teacher's change is. */
  now: number;
  /** Items queued and not yet taken by a batch. */
  pending: number;
  /** A batch is being applied. */
  busy: boolean;
}

export interface ProtocolSettings {
  /** The school's id in the e-journal, sent in the hello. */
  school: string;
  /** Sent in the hello only; never logged. */
  token: string;
  /** Changes older than this (by the teacher's time) are written silently even when live. */
  notifyMaxAgeMs: number;
}

const send = (message: OutgoingMessage): SendAction => ({ kind: 'send', message });
/** The versions this client speaks, offered with every subscribe and snapshot. */
const VERSIONS = [1, UPSTREAM_VERSION];
const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>): ImmediateAction =>
  fields ? { kind: 'log', level, fields, msg } : { kind: 'log', level, msg };

/** One school's feed session: hello, subscribe or snapshot, events in seq order, gaps, acks. */
export class FeedProtocol {
  status: FeedStatus | 'waiting' | 'stopped' = 'connecting';
  lastApplied = 0;
  head = 0;
  /** The last seq handed to the batching (ahead of lastApplied while a batch runs). */
  lastQueued = 0;
  subscribed = false;
  inSnapshot = false;
  /** The server answered the hello (an unanswered hello times out like a silent connection). */
  welcomed = false;
  liveSince: Date | null = null;
  /** The version the e-journal chose at subscribe: 2 takes teachers' entries, 1 is read-only. */
  version = 1;
  private resync = false;

  constructor(private readonly settings: ProtocolSettings) {}

  /** The lease was taken: resume from what the database has. */
  leased(lease: { lastSeq: number; head: number; liveSince: Date | null }): void {
    this.lastApplied = this.lastQueued = lease.lastSeq;
    this.head = Math.max(this.head, lease.head);
    this.liveSince = lease.liveSince;
  }

  /** A new connection; `resync`: an administrator asked for a full snapshot. */
  connecting(resync: boolean): void {
    this.status = 'connecting';
    this.subscribed = false;
    this.inSnapshot = false;
    this.welcomed = false;
    this.version = 1;
    this.resync = resync;
  }

  opened(): ImmediateAction[] {
    return [send({ type: 'hello', school: this.settings.school, token: this.settings.token, client: 'dnevnik' })];
  }

  /** An administrator asked for a full resync while the connection is live. */
  resyncRequested(): ImmediateAction[] {
    if (!this.subscribed || this.inSnapshot) return [];
    this.inSnapshot = true;
    return [log('info', 'full resync requested by an administrator'), send({ type: 'snapshot', versions: VERSIONS })];
  }

  caughtUp(pending: number): boolean {
    return this.subscribed && !this.inSnapshot && pending === 0 && this.lastApplied >= this.head;
  }

  /** Whether a batch that brings the feed to `applied` leaves it caught up (stored with the batch). */
  caughtUpAt(applied: number, pending: number): boolean {
    return this.subscribed && !this.inSnapshot && applied >= this.head && pending === 0;
  }

  /** A batch committed: `lastSeq` (if it had one) is applied; the ack to send. */
  committed(lastSeq: number | null, snapshotDone: boolean, now: Date): SendAction[] {
    if (snapshotDone && !this.liveSince) this.liveSince = now;
    if (lastSeq === null) return [];
    this.lastApplied = lastSeq;
    return [send({ type: 'ack', seq: lastSeq })];
  }

  onFrame(raw: string, at: FrameContext): Action[] {
    const parsed = parseServerMessage(raw);
    if (parsed.ok) return this.onMessage(parsed.message, at);
    const out = [
      log('warn', 'invalid message from the feed', { seq: parsed.seq, reason: parsed.reason.slice(0, 200) }),
    ];
    const live = this.subscribed && !this.inSnapshot;
    if (parsed.seq !== null && live) {
      if (parsed.seq <= this.lastQueued) return out;
      if (parsed.seq > this.lastQueued + 1) return [...out, ...this.gap(parsed.seq)];
      this.lastQueued = parsed.seq;
    }
    const item: Item = {
      kind: 'invalid',
      seq: live ? parsed.seq : null,
      reason: parsed.reason,
      raw: parsed.raw,
      arrivedAt: at.arrivedAt,
    };
    return [...out, { kind: 'enqueue', item }];
  }

  private onMessage(m: ServerMessage, at: FrameContext): Action[] {
    switch (m.type) {
      case 'welcome':
        this.welcomed = true;
        this.head = Math.max(this.head, m.head);
        if (this.lastApplied === 0 || this.resync) {
          this.inSnapshot = true;
          return [{ kind: 'resetBackoff' }, send({ type: 'snapshot', versions: VERSIONS })];
        }
        return [{ kind: 'resetBackoff' }, send({ type: 'subscribe', since: this.lastApplied, versions: VERSIONS })];
      case 'error':
        this.welcomed = true;
        if (m.code !== 'auth_failed')
          return [
            log('error', 'the e-journal reported an error', { errorCode: m.code }),
            { kind: 'close', code: 1000 },
          ];
        this.status = 'authFailed';
        return [
          log('error', 'the e-journal refused the school token (auth_failed); check FEED_SCHOOLS'),
          { kind: 'status', update: { status: 'authFailed', error: 'auth_failed' } },
          { kind: 'close', code: 1000 },
        ];
      case 'subscribed':
        return this.onSubscribed(m, at);
      case 'snapshot.begin':
        this.inSnapshot = true;
        this.subscribed = false;
        this.status = 'snapshot';
        this.head = Math.max(this.head, m.seq);
        this.version = m.version === UPSTREAM_VERSION ? UPSTREAM_VERSION : 1;
        return [
          log('info', 'snapshot started', { seq: m.seq, count: m.count }),
          { kind: 'status', update: { status: 'snapshot', head: this.head, protocolVersion: this.version } },
        ];
      case 'snapshot.item':
        if (!this.inSnapshot) return [];
        return [
          {
            kind: 'enqueue',
            item: { kind: 'change', seq: null, id: null, change: m, silent: true, arrivedAt: at.arrivedAt },
          },
        ];
      case 'snapshot.end':
        this.inSnapshot = false;
        this.subscribed = true;
        this.status = 'live';
        this.lastQueued = m.seq;
        if (this.version === UPSTREAM_VERSION)
          return [
            { kind: 'enqueue', item: { kind: 'snapshotEnd', seq: m.seq, arrivedAt: at.arrivedAt } },
            { kind: 'status', update: { status: 'live', head: this.head, protocolVersion: this.version } },
          ];
        return [{ kind: 'enqueue', item: { kind: 'snapshotEnd', seq: m.seq, arrivedAt: at.arrivedAt } }];
      case 'event':
        return this.onEvent(m, at);
      case 'ping':
        return [send({ type: 'pong', t: m.t })];
      case 'pong':
        if (m.head !== undefined) this.head = Math.max(this.head, m.head);
        if (!this.caughtUp(at.pending) || at.busy) return [];
        return [{ kind: 'status', update: { status: 'live', head: this.head, caughtUp: true } }];
      case 'entry.accepted':
      case 'entry.rejected':
        return this.version === UPSTREAM_VERSION ? [{ kind: 'answer', message: m }] : [];
    }
  }

  /** The stream (re)starts after `since`; the version the server chose says whether it takes entries. */
  private onSubscribed(m: Extract<ServerMessage, { type: 'subscribed' }>, at: FrameContext): Action[] {
    this.subscribed = true;
    this.inSnapshot = false;
    this.head = Math.max(this.head, m.head);
    this.status = 'live';
    this.version = m.version === UPSTREAM_VERSION ? UPSTREAM_VERSION : 1;
    return [
      {
        kind: 'status',
        update: {
          status: 'live',
          head: this.head,
          error: null,
          caughtUp: this.caughtUp(at.pending),
          protocolVersion: this.version,
        },
      },
    ];
  }

  private onEvent(m: Extract<ServerMessage, { type: 'event' }>, at: FrameContext): Action[] {
    if (!this.subscribed || this.inSnapshot) return [];
    this.head = Math.max(this.head, m.seq);
    if (m.seq <= this.lastQueued) {
      // A duplicate (redelivered after a reconnect): nothing to apply; tell the server we have it.
      if (m.seq <= this.lastApplied && !at.pending) return [send({ type: 'ack', seq: this.lastApplied })];
      return [];
    }
    if (m.seq > this.lastQueued + 1) return this.gap(m.seq);
    this.lastQueued = m.seq;
    const silent = this.silentFor(m.changedAt, at.now);
    return [
      { kind: 'enqueue', item: { kind: 'change', seq: m.seq, id: m.id, change: m, silent, arrivedAt: at.arrivedAt } },
    ];
  }

  /** A seq was skipped: ask again from the last one we have; frames until `subscribed` are dropped. */
  private gap(seq: number): Action[] {
    const warn = log('warn', 'gap in the feed; resubscribing from the last seq', {
      expected: this.lastQueued + 1,
      got: seq,
    });
    this.subscribed = false;
    return [warn, send({ type: 'subscribe', since: this.lastQueued, versions: VERSIONS })];
  }

  /** Only what a teacher changed after the feed went live, and recently, reaches families. */
  private silentFor(changedAt: string, now: number): boolean {
    if (!this.liveSince) return true;
    const t = Date.parse(changedAt);
    return t < this.liveSince.getTime() || now - t > this.settings.notifyMaxAgeMs;
  }
}
