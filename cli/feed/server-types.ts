import type { WebSocket } from 'ws';
import type { z } from 'zod';
import {
  encode,
  UPSTREAM_VERSION,
  type EVENT_DATA,
  type EventName,
  type FeedChange,
} from '../../core/feed/protocol.js';

/** The reference e-journal's rules for teachers' entries (cli/feed/judge.ts). */
export interface JudgeRules {
  /** Entries for lessons on or before this date are refused (the period is closed). */
  closedThrough?: string;
}

/** What the server keeps to answer entries: the latest state, versions, natural keys and the answers given. */
export interface EntryBook {
  state: Map<string, FeedChange>;
  versions: Map<string, number>;
  natural: Map<string, string>;
  answers: Map<string, Record<string, unknown> & { type: string }>;
}

/** The reference e-journal's types: what a script publishes, the school's log, a client's session, the options. */

/** A change as a script writes it: the data as the schema accepts it (defaults may be left out); version and times are filled in by the server. */
export type ChangeInput = { [N in EventName]: { event: N; data: z.input<(typeof EVENT_DATA)[N]> } }[EventName] & {
  externalId: string;
} & Partial<Pick<FeedChange, 'version' | 'updatedAt' | 'changedAt' | 'clientId'>>;

export interface LoggedEvent {
  seq: number;
  id: string;
  change: FeedChange;
  /** The exact frame, built once (v1: without the client id). */
  frame: string;
  /** The frame for a v2 session, when the change carries out a teacher's entry (with its client id). */
  frame2?: string;
}

export interface SchoolLog extends EntryBook {
  token: Buffer;
  events: LoggedEvent[];
  /** Events before this seq are no longer kept: a client behind it gets a snapshot. */
  retainedFrom: number;
  state: Map<string, FeedChange>;
  versions: Map<string, number>;
  /** Natural keys (attendance of a student at a lesson, a lesson's homework, a period mark) → external ids. */
  natural: Map<string, string>;
  /** The answer given to each entry, by client id: a resubmitted entry gets it again and changes nothing. */
  answers: Map<string, Record<string, unknown> & { type: string }>;
  acked: number;
}

export interface Session {
  socket: WebSocket;
  school: string | null;
  /** Bumped on every (re)subscribe or snapshot: an older stream stops sending. */
  generation: number;
  live: boolean;
  next: number;
  /** The protocol version negotiated at subscribe (1 until then). */
  version: number;
}

export interface ReferenceServerOptions {
  port?: number;
  host?: string;
  /** Server → client pings, and how long a silent client lives. 0 = none. */
  pingMs?: number;
  /** At-least-once: a subscribe resumes after the last ack, even if the client says it has more. */
  redeliverUnacked?: boolean;
  /** The highest version it speaks: 1 is a read-only e-journal of before entries (default 2). */
  protocol?: 1 | 2;
  /** Its rules for teachers' entries (v2). */
  rules?: JudgeRules;
}

/** An event as logged: its frame for v1 sessions (no client id) and, for a teacher's entry, for v2 sessions. */
export function loggedEvent(id: string, seq: number, change: FeedChange): LoggedEvent {
  const { clientId, ...v1 } = change;
  const event: LoggedEvent = { seq, id, change, frame: encode({ type: 'event', seq, id, ...v1 }) };
  if (clientId) event.frame2 = encode({ v: UPSTREAM_VERSION, type: 'event', seq, id, ...change });
  return event;
}

export function newSchoolLog(token: string): SchoolLog {
  const [state, versions, natural, answers] = [new Map(), new Map(), new Map(), new Map()];
  return { token: Buffer.from(token), events: [], retainedFrom: 1, acked: 0, state, versions, natural, answers };
}
