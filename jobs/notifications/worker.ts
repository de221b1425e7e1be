import { randomInt } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import {
  claimDeliveries,
  handBack,
  nextDeliveryDue,
  releaseOrphans,
  reschedule,
  strandedDeliveries,
  WORKER_LOCK_CLASS,
  type ClaimedDelivery,
} from '../../core/notifications/delivery-queue.js';
import {
  nextEventDue,
  processMarkWindows,
  processNextEvents,
  type OutboxDeps,
} from '../../core/notifications/outbox.js';
import type { SendPacer } from '../../db/stores/send-pacer.js';
import type { PaidBudget } from '../../core/notifications/paid-budget.js';
import { settleGone } from './outcomes.js';
import { chatKey, deliverOne, type DeliverContext } from './deliver.js';
import { Signal, sleep } from './signal.js';
import type { MessageSender } from './telegram.js';
import type { Messenger } from '../../core/messenger.js';

/**
 * The delivery worker (docs/notifications.md). Two loops:
 * - planning: outbox events → deliveries (woken by NOTIFY 'outbox' within a
 *   moment, else by a timer at the next due event or the slow poll);
 * - sending: `concurrency` senders take claimed deliveries, each paced by the
 *   shared SendPacer, and write every outcome back. A sender never holds a
 *   chat that is busy: the delivery goes back to pending for later.
 * The worker holds an advisory lock under its id for as long as it lives; rows
 * it claimed go back to pending as soon as that lock is gone (a crash).
 */
export interface WorkerOptions {
  ds: DataSource;
  /** For the LISTEN connection (which also holds the liveness lock). */
  databaseUrl: string;
  logger: Logger;
  clock: Clock;
  /** Telegram's sender (absent when the bot runs on MAX alone). */
  sender?: MessageSender;
  /** MAX's sender (MAX_BOT_TOKEN set): its rows go on the pacer's 'max' lane. Absent: MAX rows wait. */
  maxSender?: MessageSender;
  pacer: SendPacer;
  outbox: Omit<OutboxDeps, 'ds' | 'clock' | 'logger'>;
  concurrency: number;
  maxAttempts: number;
  pollMs: number;
  /** Messages per second (sizes the claim batches). */
  ratePerSecond: number;
  /** NOTIFY_PAID_BROADCAST: bulk goes on the paid lane with allow_paid_broadcast while the day's Stars last. */
  paidBudget?: PaidBudget;
  /** Gap after an answer before the same chat gets its next message: private chats, groups. */
  privateIntervalMs?: number;
  groupIntervalMs?: number;
}

export class NotificationWorker {
  readonly id = randomInt(1, 2 ** 31 - 1);
  /** When a loop last completed a round (for /health). */
  lastTick: Date | null = null;
  private running = false;
  private listener?: pg.Client;
  private readonly planSignal = new Signal();
  private readonly sendSignal = new Signal();
  private queue: ClaimedDelivery[] = [];
  /** Chats with a send under way in this worker. */
  private readonly inFlight = new Set<string>();
  private claiming: Promise<void> | null = null;
  private loops: Promise<void>[] = [];
  private orphanTimer?: NodeJS.Timeout;
  private readonly log: Logger;
  private readonly outboxDeps: OutboxDeps;
  private readonly privateIntervalMs: number;
  private readonly groupIntervalMs: number;
  private readonly batch: number;
  /** The messengers this worker has a sender for: it claims only their rows. */
  private readonly messengers: Messenger[];
  private strandedLoggedAt = 0;

  constructor(private readonly o: WorkerOptions) {
    this.log = o.logger.child({ component: 'notifications', worker: this.id });
    this.outboxDeps = { ...o.outbox, ds: o.ds, clock: o.clock, logger: this.log };
    // 1 s per private chat and 20 per minute per group are Telegram's; a small margin covers clock granularity.
    this.privateIntervalMs = o.privateIntervalMs ?? 1050;
    this.groupIntervalMs = o.groupIntervalMs ?? 3050;
    this.messengers = [...(o.sender ? ['telegram' as const] : []), ...(o.maxSender ? ['max' as const] : [])];
    this.batch = Math.max(o.concurrency * 2, Math.min(o.paidBudget ? 1000 : 200, Math.ceil(o.ratePerSecond)));
  }

  async start(): Promise<void> {
    this.running = true;
    await this.connectListener();
    await this.recoverOrphans();
    this.orphanTimer = setInterval(() => void this.recoverOrphans(), 10_000);
    this.orphanTimer.unref();
    this.loops = [this.planLoop(), ...Array.from({ length: this.o.concurrency }, () => this.sendLoop())];
    this.log.info({ concurrency: this.o.concurrency, rate: this.o.ratePerSecond }, 'notification worker started');
  }

  /** Wakes both loops (after an event the process wrote itself, or a moved test clock). */
  wake(): void {
    this.planSignal.notify();
    this.sendSignal.notify();
  }

  /** Stops taking work, lets sends in flight finish (5 s at most), hands claimed rows back. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.orphanTimer);
    this.wake();
    await Promise.race([Promise.all(this.loops), sleep(5000)]);
    await this.claiming?.catch(() => undefined);
    const left = this.queue.splice(0);
    for (const d of left) await reschedule(this.o.ds, d.id, this.o.clock.now(), null, false).catch(() => undefined);
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
    this.log.info('notification worker stopped');
  }

  // ── LISTEN/NOTIFY and liveness ────────────────────────────────────────────

  private async connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: this.o.databaseUrl, application_name: 'dnevnik-notifications' });
    client.on('error', (e) => {
      this.log.warn({ err: e.message }, 'notification listener lost; reconnecting');
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      setTimeout(() => void this.reconnect(), 1000).unref();
    });
    client.on('notification', (m) => (m.channel === 'outbox' ? this.planSignal.notify() : this.sendSignal.notify()));
    await client.connect();
    await client.query('SELECT pg_advisory_lock($1, $2)', [WORKER_LOCK_CLASS, this.id]);
    await client.query('LISTEN outbox');
    await client.query('LISTEN notification');
    this.listener = client;
  }

  private async reconnect(): Promise<void> {
    if (!this.running || this.listener) return;
    try {
      await this.connectListener();
      this.wake();
    } catch (e) {
      this.log.warn({ err: String(e) }, 'notification listener reconnect failed');
      setTimeout(() => void this.reconnect(), 2000).unref();
    }
  }

  private async recoverOrphans(): Promise<void> {
    await this.reportStranded();
    try {
      const n = await releaseOrphans(this.o.ds);
      if (n) {
        this.log.warn({ deliveries: n }, 'took back deliveries of a worker that is gone');
        this.sendSignal.notify();
      }
    } catch (e) {
      this.log.warn({ err: String(e) }, 'orphan recovery failed');
    }
  }

  /** Rows of a messenger without a sender stay pending (not lost): said in the log every 10 minutes. */
  private async reportStranded(): Promise<void> {
    if (this.messengers.length === 2 || Date.now() - this.strandedLoggedAt < 600_000) return;
    try {
      const n = await strandedDeliveries(this.o.ds, this.messengers);
      if (!n) return;
      this.strandedLoggedAt = Date.now();
      const missing = this.messengers.includes('max') ? 'BOT_TOKEN' : 'MAX_BOT_TOKEN';
      this.log.warn(
        { deliveries: n, messengers: this.messengers },
        `deliveries waiting for a messenger this worker cannot send on: ${missing} is not set; they stay pending`,
      );
    } catch (e) {
      this.log.warn({ err: String(e) }, 'counting stranded deliveries failed');
    }
  }

  // ── planning: outbox → deliveries ─────────────────────────────────────────

  private async planLoop(): Promise<void> {
    while (this.running) {
      try {
        let n = await processNextEvents(this.outboxDeps);
        n += await processMarkWindows(this.outboxDeps);
        this.lastTick = new Date();
        if (n) {
          this.sendSignal.notify();
          continue;
        }
        const next = await nextEventDue(this.o.ds, this.o.outbox.correctionWindowMs);
        const wait = next ? Math.min(this.o.pollMs, next.getTime() - this.o.clock.now().getTime() + 5) : this.o.pollMs;
        await this.planSignal.wait(wait);
      } catch (e) {
        this.log.error({ err: String(e) }, 'planning notifications failed');
        await this.planSignal.wait(Math.min(this.o.pollMs, 2000));
      }
    }
  }

  // ── sending ───────────────────────────────────────────────────────────────

  private refill(): Promise<void> {
    this.claiming ??= (async () => {
      try {
        const rows = await claimDeliveries(this.o.ds, this.id, this.o.clock.now(), this.batch, this.messengers);
        await settleGone(this.o.ds, rows, this.o.clock.now());
        // One message per chat at a time: the chat's others wait for its interval, without a pacer round trip each.
        const busy = new Set([...this.queue.map(chatKey), ...this.inFlight]);
        const later: ClaimedDelivery[] = [];
        for (const r of rows.filter((x) => x.linkOk)) {
          if (busy.has(chatKey(r))) later.push(r);
          else {
            busy.add(chatKey(r));
            this.queue.push(r);
          }
        }
        if (later.length) {
          const wait = Math.min(...later.map((r) => this.intervalOf(r.chatId)));
          await handBack(
            this.o.ds,
            later.map((r) => r.id),
            new Date(this.o.clock.now().getTime() + wait),
          );
        }
      } finally {
        this.claiming = null;
      }
    })();
    return this.claiming;
  }

  private async next(): Promise<ClaimedDelivery | null> {
    while (this.running) {
      const d = this.queue.shift();
      if (d) return d;
      try {
        await this.refill();
        this.lastTick = new Date();
        if (this.queue.length) continue;
        const due = await nextDeliveryDue(this.o.ds, this.messengers);
        const wait = due ? Math.min(this.o.pollMs, due.getTime() - this.o.clock.now().getTime() + 5) : this.o.pollMs;
        if (wait > 0) await this.sendSignal.wait(wait);
      } catch (e) {
        this.log.error({ err: String(e) }, 'claiming deliveries failed');
        await this.sendSignal.wait(Math.min(this.o.pollMs, 2000));
      }
    }
    return null;
  }

  private async sendLoop(): Promise<void> {
    // The previous chat's release, on its way while this sender takes its next delivery.
    let released: Promise<void> | void = undefined;
    for (let d = await this.next(); d; d = await this.next()) {
      this.inFlight.add(chatKey(d));
      try {
        const sent = await this.deliverOne(d);
        await released;
        released = sent?.released;
      } catch (e) {
        this.log.error({ delivery: d.id, err: String(e) }, 'delivery bookkeeping failed');
      } finally {
        this.inFlight.delete(chatKey(d));
      }
    }
    await released;
  }

  private intervalOf(chat: string): number {
    return Number(chat) < 0 ? this.groupIntervalMs : this.privateIntervalMs;
  }

  /** What each send needs, built once (not per delivery). */
  private context?: DeliverContext;

  private deliverOne(d: ClaimedDelivery): Promise<{ released: Promise<void> } | void> {
    this.context ??= {
      ...this.o,
      log: this.log,
      running: () => this.running,
      intervalOf: (c) => this.intervalOf(c),
    };
    return deliverOne(this.context, d);
  }
}
