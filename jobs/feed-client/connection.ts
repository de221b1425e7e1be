import { RefCache } from '../../core/feed/apply.js';
import { encode } from '../../core/feed/protocol.js';
import { acquireLease, ensureFeedState, LeaseLostError, releaseLease, setStatus } from '../../core/feed/state.js';
import type { Logger } from '../../core/logger.js';
import { Batching } from './batching.js';
import type { FeedSchool, ResolvedOptions, SocketLike } from './options.js';
import { FeedProtocol, type ImmediateAction, type OutgoingMessage, type StatusUpdate } from './protocol.js';
import { backoffDelay, sleep } from './timing.js';
import { Uplink } from './uplink.js';

export { backoffDelay, wsFactory } from './timing.js';

/** One school's connection: lease, connect, hello, subscribe or snapshot, apply, ack; reconnect with backoff. */
export class SchoolFeed {
  connected = false;
  reconnects = 0;
  private readonly protocol: FeedProtocol;
  private readonly batching: Batching;
  /** Teachers' entries to the e-journal (protocol v2). */
  readonly uplink: Uplink;
  private ws: SocketLike | null = null;
  private attempt = 0;
  private lastFrameAt = 0;
  /** When the socket opened: an unanswered hello times out too. */
  private connectedAt = 0;
  private timers: NodeJS.Timeout[] = [];
  private readonly cache = new RefCache();
  private readonly signal: { stopped: boolean; wake?: () => void } = { stopped: false };
  private closed: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private hasLease = false;
  private readonly log: Logger;

  constructor(
    private readonly o: ResolvedOptions,
    readonly schoolId: number,
    private readonly cfg: FeedSchool,
    externalSchool: string = cfg.school,
  ) {
    this.log = o.logger.child({ component: 'feed', schoolId });
    this.protocol = new FeedProtocol({ school: externalSchool, token: cfg.token, notifyMaxAgeMs: o.notifyMaxAgeMs });
    this.batching = new Batching({
      ds: o.ds,
      holder: o.holder,
      batchMax: o.batchMax,
      lanes: o.lanes,
      onApplied: o.onApplied,
      afterCommit: o.afterCommit,
      schoolId,
      log: this.log,
      cache: this.cache,
      protocol: this.protocol,
      isOpen: () => this.ws !== null,
      isStopped: () => this.signal.stopped,
      send: (a) => this.send(a.message),
      fail: (e) => this.fail(e),
    });
    this.uplink = new Uplink({
      ds: o.ds,
      schoolId,
      log: this.log,
      send: (m) => this.send(m),
      pollMs: o.uplinkPollMs ?? 200,
      answerTimeoutMs: o.answerTimeoutMs ?? 30_000,
      backoff: (attempts) => backoffDelay(attempts, o.backoff, o.random),
      batch: 100,
    });
  }

  get status(): FeedProtocol['status'] {
    return this.protocol.status;
  }
  get lastApplied(): number {
    return this.protocol.lastApplied;
  }
  get head(): number {
    return this.protocol.head;
  }

  start(): void {
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    await ensureFeedState(this.o.ds, this.schoolId);
    while (!this.signal.stopped) {
      let delay: number;
      try {
        const lease = await acquireLease(this.o.ds, this.schoolId, this.o.holder, this.o.leaseMs);
        if (!lease) {
          this.protocol.status = 'waiting';
          await sleep(Math.max(50, this.o.leaseMs / 3), this.signal);
          continue;
        }
        this.hasLease = true;
        this.protocol.leased(lease);
        await this.connectOnce(lease.resyncRequested);
        delay = this.status === 'authFailed' ? this.o.backoff.capMs : this.backoffDelay();
      } catch (e) {
        this.log.error({ err: String(e) }, 'feed connection failed');
        delay = this.backoffDelay();
      }
      if (this.signal.stopped) break;
      this.reconnects++;
      await sleep(delay, this.signal);
    }
  }

  private backoffDelay(): number {
    return backoffDelay(this.attempt++, this.o.backoff, this.o.random);
  }

  private async connectOnce(resync: boolean): Promise<void> {
    this.protocol.connecting(resync);
    this.batching.clear();
    await this.setStatus({ status: 'connecting' });
    // Stopped while the lease or the status was being written: there is no socket yet for stop() to close, so
    // opening one now would keep the connection (and stop()) waiting for ever.
    if (this.signal.stopped) return;
    const ws = this.o.socket(this.cfg.url);
    this.ws = ws;
    this.lastFrameAt = this.connectedAt = Date.now();
    const done = new Promise<void>((resolve) => (this.closed = resolve));
    let errorText: string | null = null;
    ws.addEventListener('open', () => {
      this.connected = true;
      this.perform(this.protocol.opened());
    });
    ws.addEventListener('message', (ev: { data: unknown }) => {
      if (this.ws !== ws) return;
      this.lastFrameAt = Date.now();
      this.onFrame(typeof ev.data === 'string' ? ev.data : String(ev.data)).catch((e) => this.fail(e));
    });
    ws.addEventListener('error', (ev: { message?: string }) => {
      errorText ??= ev?.message ? String(ev.message).slice(0, 200) : 'socket error';
    });
    ws.addEventListener('close', (ev: { code?: number }) => {
      if (this.ws !== ws) return;
      this.connected = false;
      this.log.info({ closeCode: ev?.code, lastSeq: this.lastApplied }, 'feed connection closed');
      this.closed?.();
    });
    this.timers.push(setInterval(() => this.heartbeat(), this.o.heartbeatMs));
    this.timers.push(setInterval(() => void this.renewLease(), Math.max(50, this.o.leaseMs / 3)));
    await done;
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.ws = null;
    this.uplink.stop();
    await this.uplink.settle();
    await this.batching.settle();
    if (this.hasLease && this.status !== 'authFailed') {
      this.protocol.status = 'down';
      await this.setStatus({ status: 'down', error: errorText ?? 'connection closed' }).catch(() => {});
    }
  }

  private setStatus(update: StatusUpdate): Promise<void> {
    return setStatus(this.o.ds, { schoolId: this.schoolId, holder: this.o.holder, ...update });
  }

  private async onFrame(raw: string): Promise<void> {
    const actions = this.protocol.onFrame(raw, {
      arrivedAt: performance.now(),
      now: Date.now(),
      pending: this.batching.pending,
      busy: this.batching.draining !== null,
    });
    for (const a of actions) {
      if (a.kind !== 'status') this.perform([a]);
      else {
        await this.setStatus(a.update);
        // The e-journal takes entries (v2) and the stream is live: the queue starts moving.
        if (a.update.status === 'live' && a.update.protocolVersion === 2) await this.uplink.start();
      }
    }
  }

  /** Carries out the protocol's actions that need no waiting. */
  private perform(actions: ImmediateAction[]): void {
    for (const a of actions) {
      if (a.kind === 'send') this.send(a.message);
      else if (a.kind === 'enqueue') this.batching.enqueue(a.item);
      else if (a.kind === 'close') this.close(a.code);
      else if (a.kind === 'resetBackoff') this.attempt = 0;
      else if (a.kind === 'answer') this.onAnswer(a.message);
      else if (a.fields) this.log[a.level](a.fields, a.msg);
      else this.log[a.level](a.msg);
    }
  }

  /** The e-journal's answer to a teacher's entry (v2). */
  private onAnswer(m: Extract<ImmediateAction, { kind: 'answer' }>['message']): void {
    this.uplink.onAnswer(m).catch((e) => this.log.error({ err: String(e).slice(0, 300) }, 'entry answer failed'));
  }

  private send(m: OutgoingMessage): void {
    if (this.ws && this.ws.readyState === 1) this.ws.send(encode(m));
  }

  /** Closes the connection; `hard` drops it without the closing handshake (a dead peer would not answer). */
  private close(code = 1000, reason = '', hard = false): void {
    const ws = this.ws;
    if (!ws) return;
    const terminate = (ws as unknown as { terminate?: () => void }).terminate;
    try {
      if (hard && typeof terminate === 'function') terminate.call(ws);
      else ws.close(code, reason);
    } catch {
      // Already closing.
    }
    // Some sockets never report "close" for a dead peer: do not wait for it.
    const resolve = this.closed;
    setTimeout(() => resolve?.(), 1000).unref();
  }

  private fail(e: unknown): void {
    if (e instanceof LeaseLostError) {
      this.hasLease = false;
      this.log.warn('lease lost to another replica; closing the connection');
    } else
      this.log.error(
        { err: String(e).slice(0, 300), lastSeq: this.lastApplied },
        'feed apply failed; reconnecting to resume from the last applied seq',
      );
    this.close(1011, 'client error');
  }

  private heartbeat(): void {
    const now = Date.now();
    if (!this.protocol.welcomed && now - this.connectedAt > this.o.heartbeatTimeoutMs) {
      this.log.warn('the e-journal did not answer the hello; reconnecting');
      this.close(1000, 'handshake timeout', true);
      return;
    }
    if (now - this.lastFrameAt > this.o.heartbeatTimeoutMs) {
      this.log.warn({ lastSeq: this.lastApplied }, 'feed heartbeat timed out; reconnecting');
      this.close(1000, 'heartbeat timeout', true);
      return;
    }
    this.send({ type: 'ping', t: Date.now() });
  }

  private async renewLease(): Promise<void> {
    try {
      const lease = await acquireLease(this.o.ds, this.schoolId, this.o.holder, this.o.leaseMs);
      if (!lease) {
        this.hasLease = false;
        this.log.warn('lease lost to another replica; closing the connection');
        this.close(1000, 'lease lost');
      } else if (lease.resyncRequested) this.perform(this.protocol.resyncRequested());
    } catch (e) {
      this.log.error({ err: String(e) }, 'lease renewal failed');
    }
  }

  /** Stops: closes the socket, waits for the batch in flight, gives the lease back. */
  async stop(): Promise<void> {
    this.signal.stopped = true;
    this.uplink.stop();
    this.signal.wake?.();
    this.close(1000, 'client stopping');
    await this.loop;
    this.protocol.status = 'stopped';
    if (this.hasLease) await releaseLease(this.o.ds, this.schoolId, this.o.holder).catch(() => {});
  }

  /** As if the process died: no ack, no goodbye, the lease left to expire (crash tests). */
  async kill(): Promise<void> {
    this.signal.stopped = true;
    this.uplink.stop();
    this.signal.wake?.();
    const ws = this.ws;
    this.ws = null;
    for (const t of this.timers.splice(0)) clearInterval(t);
    const terminate = (ws as unknown as { terminate?: () => void } | null)?.terminate;
    if (ws && typeof terminate === 'function') terminate.call(ws);
    else ws?.close();
    this.closed?.();
    this.hasLease = false;
    await this.loop?.catch(() => {});
  }
}
