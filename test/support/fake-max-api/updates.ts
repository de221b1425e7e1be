import { MaxError, badRequest } from './types.js';

interface Subscription {
  url: string;
  secret?: string;
  update_types?: string[];
  time: number;
}

export interface WebhookDelivery {
  update: Record<string, any>;
  /** HTTP status of each try (0 = no answer). */
  statuses: number[];
  delivered: boolean;
}

/**
 * The bot's updates: a numbered queue read by GET /updates (long polling; `marker` commits what came
 * before it), or, while a webhook subscription exists, POSTed one by one to its URL with
 * X-Max-Bot-Api-Secret, retried until 200 as MAX does (a few quick tries here).
 */
export class UpdateQueue {
  private readonly queue: { seq: number; update: Record<string, any> }[] = [];
  private next = 1;
  private committed = 1;
  private waiters: (() => void)[] = [];
  subscription?: Subscription;
  readonly deliveries: WebhookDelivery[] = [];
  private pending: Promise<void>[] = [];

  push(update: Record<string, any>): void {
    if (this.subscription) {
      const types = this.subscription.update_types;
      if (!types?.length || types.includes(update.update_type as string)) this.deliver(update, this.subscription);
      return;
    }
    this.queue.push({ seq: this.next++, update });
    for (const w of this.waiters.splice(0)) w();
  }

  async poll(q: Record<string, string>, closed: () => boolean): Promise<{ updates: unknown[]; marker: number }> {
    if (this.subscription)
      throw new MaxError(
        405,
        'method.not.allowed',
        'Long polling is not available while a webhook subscription is active',
      );
    const limit = q.limit !== undefined ? Number(q.limit) : 100;
    const timeout = q.timeout !== undefined ? Number(q.timeout) : 30;
    if (!(limit >= 1 && limit <= 1000)) throw badRequest('limit must be 1..1000');
    if (!(timeout >= 0 && timeout <= 90)) throw badRequest('timeout must be 0..90');
    if (q.marker !== undefined && q.marker !== 'null') this.committed = Math.max(this.committed, Number(q.marker));
    const types = q.types ? new Set(q.types.split(',')) : undefined;
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const ready = this.queue.filter((u) => u.seq >= this.committed).slice(0, limit);
      const wanted = ready.filter((u) => !types || types.has(u.update.update_type as string));
      if (wanted.length || Date.now() >= deadline || closed()) {
        const marker = ready.length ? ready[ready.length - 1].seq + 1 : this.committed;
        return { updates: wanted.map((u) => u.update), marker };
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  subscribe(body: unknown): void {
    const b = (body ?? {}) as Record<string, any>;
    for (const k of Object.keys(b))
      if (!['url', 'secret', 'update_types'].includes(k))
        throw badRequest(`SubscriptionRequestBody: unknown field '${k}'`);
    const url = typeof b.url === 'string' ? b.url : '';
    // MAX takes HTTPS only; plain HTTP to 127.0.0.1 is taken for the tests and the demo.
    if (!/^https:\/\//.test(url) && !/^http:\/\/127\.0\.0\.1[:/]/.test(url))
      throw badRequest('url must start with https://');
    if (b.secret !== undefined && (typeof b.secret !== 'string' || !/^[\w-]{5,256}$/.test(b.secret)))
      throw badRequest('secret must be 5-256 characters of A-Z, a-z, 0-9, _ and -');
    this.subscription = {
      url,
      secret: b.secret as string | undefined,
      update_types: b.update_types as string[],
      time: Date.now(),
    };
  }

  unsubscribe(url: string | undefined): void {
    if (this.subscription && this.subscription.url === url) this.subscription = undefined;
  }

  /** Waits for the webhook deliveries under way. */
  async settle(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending.splice(0));
  }

  wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private deliver(update: Record<string, any>, s: Subscription): void {
    const d: WebhookDelivery = { update, statuses: [], delivered: false };
    this.deliveries.push(d);
    const run = async () => {
      for (let attempt = 0; attempt < 5 && !d.delivered; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        try {
          const res = await fetch(s.url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', ...(s.secret ? { 'X-Max-Bot-Api-Secret': s.secret } : {}) },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          d.statuses.push(res.status);
          d.delivered = res.status === 200;
        } catch {
          d.statuses.push(0);
        }
      }
    };
    this.pending.push(run());
  }
}
