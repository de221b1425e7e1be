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
import { PRIORITY } from '../../core/notifications/priority.js';
import { recordOutcome, settleGone } from './outcomes.js';
import { Signal, sleep } from './signal.js';
import type { MessageSender } from './telegram.js';

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
  sender: MessageSender;
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

  constructor(private readonly o: WorkerOptions) {
    this.log = o.logger.child({ component: 'notifications', worker: this.id });
    this.outboxDeps = { ...o.outbox, ds: o.ds, clock: o.clock, logger: this.log };
    // 1 s per private chat and 20 per minute per group are Telegram's; a small margin covers clock granularity.
    this.privateIntervalMs = o.privateIntervalMs ?? 1050;
    this.groupIntervalMs = o.groupIntervalMs ?? 3050;
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
        const rows = await claimDeliveries(this.o.ds, this.id, this.o.clock.now(), this.batch);
        await settleGone(this.o.ds, rows, this.o.clock.now());
        // One message per chat at a time: the chat's others wait for its interval, without a pacer round trip each.
        const busy = new Set([...this.queue.map((d) => d.chatId), ...this.inFlight]);
        const later: ClaimedDelivery[] = [];
        for (const r of rows.filter((x) => x.linkOk)) {
          if (busy.has(r.chatId)) later.push(r);
          else {
            busy.add(r.chatId);
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
        const due = await nextDeliveryDue(this.o.ds);
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
    for (let d = await this.next(); d; d = await this.next()) {
      this.inFlight.add(d.chatId);
      try {
        await this.deliverOne(d);
      } catch (e) {
        this.log.error({ delivery: d.id, err: String(e) }, 'delivery bookkeeping failed');
      } finally {
        this.inFlight.delete(d.chatId);
      }
    }
  }

  private intervalOf(chat: string): number {
    return Number(chat) < 0 ? this.groupIntervalMs : this.privateIntervalMs;
  }

  private async deliverOne(d: ClaimedDelivery): Promise<void> {
    const { ds, pacer, clock } = this.o;
    const chat = d.chatId;
    // Bulk goes paid (its own lane of slots, beyond the free rate) while the day's budget lasts.
    const paid = d.priority === PRIORITY.bulk && !!this.o.paidBudget && (await this.o.paidBudget.take());
    const unpaid = () => (paid ? this.o.paidBudget!.giveBack() : undefined);
    for (;;) {
      if (!this.running) {
        unpaid();
        return void (await reschedule(ds, d.id, clock.now(), null, false));
      }
      const a = await pacer.acquire(chat, paid ? 'paid' : 'free');
      // Busy (a send in flight, released within its interval after the answer) or too soon: later, not now.
      if (a.state === 'chat') {
        unpaid();
        return void (await reschedule(
          ds,
          d.id,
          new Date(clock.now().getTime() + Math.min(a.waitMs, this.intervalOf(chat))),
          null,
          false,
        ));
      }
      if (a.state !== 'go') {
        await sleep(a.waitMs);
        continue;
      }
      // A slot due now was just checked against the pause by acquire itself: no second round trip.
      if (a.waitMs <= 0) break;
      await sleep(a.waitMs);
      const paused = await pacer.pausedFor();
      if (!paused) break;
      await pacer.release(chat, 0);
      await sleep(paused);
    }
    const outcome = await this.o.sender.send(chat, d.text, d.extra, { paid });
    if (outcome.kind !== 'sent') unpaid();
    const interval = this.intervalOf(chat);
    // The row's outcome and the chat's release are independent: one wait, not two.
    await Promise.all([
      recordOutcome({ ds, pacer, clock, log: this.log, maxAttempts: this.o.maxAttempts }, d, outcome),
      pacer.release(chat, interval).catch((e) => this.log.warn({ err: String(e) }, 'pacer release failed')),
    ]);
  }
}
