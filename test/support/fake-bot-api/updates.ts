import { request as httpRequest, type ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { ApiError, badRequest, now, num, type Handler } from './types.js';

/** Updates for the bot: the queue, getUpdates' long poll, and the webhook they go to instead. */

/** What getUpdates sends when allowed_updates is empty (Telegram's default). */
const DEFAULT_UPDATE_TYPES_EXCLUDED = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i;

export interface Poller {
  finish(conflict: boolean): void;
}

export class UpdateQueue {
  /** Updates not yet confirmed by getUpdates (or not yet delivered to the webhook). */
  pending: Update[] = [];
  nextUpdateId: number;
  allowedUpdates: string[] = [];
  /** The long poll waiting for updates, if any. */
  poller?: Poller;
  webhook: { url: string; secret?: string; lastError?: { date: number; message: string } } | null = null;
  stopped = false;
  private delivering = false;

  constructor(
    firstUpdateId: number,
    private readonly retryMs: number,
  ) {
    this.nextUpdateId = firstUpdateId;
  }

  isAllowed(u: Update): boolean {
    const type = Object.keys(u).find((k) => k !== 'update_id') ?? '';
    return this.allowedUpdates.length ? this.allowedUpdates.includes(type) : !DEFAULT_UPDATE_TYPES_EXCLUDED.has(type);
  }

  /** Updates at or above `offset`, up to `limit`; the ones below are confirmed and forgotten, the ones not allowed dropped. */
  take(offset: number, limit: number): Update[] {
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
    this.pending = this.pending.filter((u) => this.isAllowed(u));
    return this.pending.slice(0, limit);
  }

  async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.webhook && !this.stopped) {
        const update = this.pending.find((u) => this.isAllowed(u));
        if (!update) break;
        const hook = this.webhook;
        const error = await postJson(hook.url, update, hook.secret).catch((e: Error) => e.message);
        if (error === null) {
          this.pending = this.pending.filter((u) => u !== update);
        } else {
          hook.lastError = { date: now(), message: error };
          await new Promise((r) => setTimeout(r, this.retryMs));
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}

/** getUpdates: what is waiting, or a long poll until an update comes, the timeout passes or a newer poll takes over. */
async function getUpdates(q: UpdateQueue, p: Record<string, any>, res: ServerResponse): Promise<Update[]> {
  if (q.webhook)
    throw new ApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  if (Array.isArray(p.allowed_updates)) q.allowedUpdates = p.allowed_updates.map(String);
  const offset = num(p.offset) ?? 0;
  const limit = Math.min(100, Math.max(1, num(p.limit) ?? 100));
  const timeout = Math.max(0, num(p.timeout) ?? 0);
  let batch = q.take(offset, limit);
  if (batch.length || timeout === 0 || q.stopped) return batch;
  // Long poll: a newer getUpdates ends this one with 409, as Telegram does.
  q.poller?.finish(true);
  const conflict = await new Promise<boolean>((resolve) => {
    let settled = false;
    const poller: Poller = {
      finish: (c) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        res.off('close', onClose);
        if (q.poller === poller) q.poller = undefined;
        resolve(c);
      },
    };
    const onClose = () => poller.finish(false);
    const timer = setTimeout(() => poller.finish(false), timeout * 1000);
    res.on('close', onClose);
    q.poller = poller;
  });
  if (conflict)
    throw new ApiError(
      409,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
  batch = q.take(offset, limit);
  return batch;
}

export function updateHandlers(q: UpdateQueue): Record<string, Handler> {
  return {
    getupdates: (p, _files, res) => getUpdates(q, p, res),

    setwebhook: (p) => {
      if (typeof p.url !== 'string') throw badRequest('bad webhook: URL must be provided');
      if (p.url === '') {
        q.webhook = null;
        return true;
      }
      let host: string;
      try {
        host = new URL(p.url).hostname;
      } catch {
        throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
      }
      if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token)))
        throw badRequest('bad webhook: secret token contains unallowed characters');
      if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') q.pending = [];
      if (Array.isArray(p.allowed_updates)) q.allowedUpdates = p.allowed_updates.map(String);
      q.poller?.finish(true);
      q.webhook = { url: p.url, ...(p.secret_token ? { secret: String(p.secret_token) } : {}) };
      // Updates go out only to this machine: the fake never calls another host.
      if (LOOPBACK.test(host)) void q.deliver();
      else q.webhook.lastError = { date: now(), message: 'the fake Bot API delivers to loopback addresses only' };
      return true;
    },

    deletewebhook: (p) => {
      q.webhook = null;
      if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') q.pending = [];
      return true;
    },

    getwebhookinfo: () => ({
      url: q.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: q.pending.length,
      ...(q.webhook?.lastError
        ? { last_error_date: q.webhook.lastError.date, last_error_message: q.webhook.lastError.message }
        : {}),
      ...(q.allowedUpdates.length ? { allowed_updates: q.allowedUpdates } : {}),
    }),
  };
}

/** POSTs an update to a webhook; null when it answered 2xx, else why not. */
function postJson(url: string, body: unknown, secret?: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = httpRequest(
      url,
      {
        method: 'POST',
        timeout: 10_000,
        headers: {
          'content-type': 'application/json',
          'content-length': data.length,
          ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const s = res.statusCode ?? 0;
          resolve(
            s >= 200 && s < 300 ? null : `Wrong response from the webhook: ${s} ${res.statusMessage ?? ''}`.trim(),
          );
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('Connection timed out')));
    req.on('error', reject);
    req.end(data);
  });
}
