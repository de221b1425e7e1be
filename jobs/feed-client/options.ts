import type { DataSource } from 'typeorm';
import type { ApplyOutcome } from '../../core/feed/apply.js';
import type { Logger } from '../../core/logger.js';

/** The part of the browser WebSocket API the client uses: `ws` in production, mock-socket in tests. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (ev: { message?: string }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code?: number }) => void): void;
}
export type SocketFactory = (url: string) => SocketLike;

export interface FeedSchool {
  /** The school's id in the e-journal (its externalId here), or our numeric id. */
  school: string;
  url: string;
  /** Sent in the first message only; never logged. */
  token: string;
}

export interface AppliedInfo {
  seq: number | null;
  event: string;
  outcome: ApplyOutcome | 'deadLetter';
  silent: boolean;
  /** performance.now() when the frame arrived, when its apply started and ended, and when its batch committed. */
  arrivedAt: number;
  startedAt: number;
  appliedAt: number;
  committedAt: number;
}

export interface FeedClientOptions {
  ds: DataSource;
  logger: Logger;
  schools: FeedSchool[];
  /** This replica's name in the lease. */
  holder?: string;
  socket?: SocketFactory;
  heartbeatMs?: number;
  /** No frame for this long: the connection is dead, reconnect (default 3 heartbeats). */
  heartbeatTimeoutMs?: number;
  backoff?: { baseMs: number; capMs: number };
  leaseMs?: number;
  /** Changes older than this (by the teacher's time) are written silently even when live. */
  notifyMaxAgeMs?: number;
  /** Events per batch at most. */
  batchMax?: number;
  /** Parallel transactions for a batch's changes of independent lessons (1: one transaction per batch). */
  lanes?: number;
  /** How often the queue of teachers' entries is looked at while live (v2; default 200 ms). */
  uplinkPollMs?: number;
  /** An entry the e-journal has not answered for this long is sent again (default 30 s). */
  answerTimeoutMs?: number;
  /** Test and benchmark hooks. */
  onApplied?: (schoolId: number, info: AppliedInfo) => void;
  /** After a batch commits, before its ack is sent. */
  afterCommit?: (schoolId: number, lastSeq: number) => void | Promise<void>;
  random?: () => number;
}

/** The options with every default filled in. */
export type ResolvedOptions = Required<
  Pick<
    FeedClientOptions,
    'heartbeatMs' | 'heartbeatTimeoutMs' | 'backoff' | 'leaseMs' | 'notifyMaxAgeMs' | 'batchMax' | 'lanes' | 'random'
  >
> &
  FeedClientOptions & { holder: string; socket: SocketFactory };
