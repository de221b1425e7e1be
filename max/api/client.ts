import type { z } from 'zod';
import { MaxApiError, retryAfterSeconds } from './errors.js';
import {
  botInfoSchema,
  sendMessageResultSchema,
  simpleResultSchema,
  updateListSchema,
  uploadEndpointSchema,
  uploadedSchema,
  type BotInfo,
  type MaxAttachmentRequest,
  type MaxRecipient,
  type MaxUpdate,
  type NewMessageBody,
  type SimpleResult,
  type UploadType,
} from './types.js';

export interface MaxApiOptions {
  token: string;
  /** https://platform-api2.max.ru in production; the fake's address in tests and the demo. */
  apiRoot: string;
  /** Per request, long polling excepted (it waits its own timeout plus this). Default 30 s. */
  timeoutMs?: number;
  /** How often to try again a message whose uploaded file MAX is still processing (400 attachment.not.ready). */
  attachmentRetries?: number;
  /** Waits between those tries (ms); tests pass 0. Default 1000. */
  attachmentRetryDelayMs?: number;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * A thin client for the MAX Bot API on `fetch` (docs/max.md says why not the official SDK): JSON in,
 * answers checked with zod, every failure a MaxApiError with MAX's status and code. The token goes in
 * the Authorization header (MAX no longer takes it in the query string).
 */
export class MaxApi {
  private readonly root: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly opts: MaxApiOptions) {
    this.root = opts.apiRoot.replace(/\/+$/, '');
    this.doFetch = opts.fetch ?? fetch;
  }

  getMe(): Promise<BotInfo> {
    return this.call('GET', '/me', {}, undefined, botInfoSchema);
  }

  /** Long polling: waits up to `timeout` seconds for updates after `marker` (null = not yet received). */
  async getUpdates(
    p: { marker?: number | null; timeout?: number; types?: readonly string[]; limit?: number },
    signal?: AbortSignal,
  ): Promise<{ updates: MaxUpdate[]; marker: number | null }> {
    const timeout = p.timeout ?? 30;
    const query: Query = { marker: p.marker ?? undefined, timeout, limit: p.limit, types: p.types?.join(',') };
    const r = await this.call('GET', '/updates', query, undefined, updateListSchema, {
      signal,
      timeoutMs: timeout * 1000 + (this.opts.timeoutMs ?? 30_000),
    });
    return { updates: r.updates, marker: r.marker ?? null };
  }

  /** POST /messages?user_id|chat_id; retried while an attached upload is still being processed. */
  async sendMessage(to: MaxRecipient, body: NewMessageBody, opts: { disableLinkPreview?: boolean } = {}) {
    const query: Query = { ...to, disable_link_preview: opts.disableLinkPreview || undefined };
    const tries = body.attachments?.some((a) => a.type !== 'inline_keyboard') ? (this.opts.attachmentRetries ?? 5) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.call('POST', '/messages', query, body, sendMessageResultSchema);
        return r.message;
      } catch (e) {
        if (!(e instanceof MaxApiError) || e.code !== 'attachment.not.ready' || attempt >= tries) throw e;
        await sleep((this.opts.attachmentRetryDelayMs ?? 1000) * (attempt + 1));
      }
    }
  }

  editMessage(mid: string, body: NewMessageBody): Promise<SimpleResult> {
    return this.call('PUT', '/messages', { message_id: mid }, body, simpleResultSchema);
  }

  deleteMessage(mid: string): Promise<SimpleResult> {
    return this.call('DELETE', '/messages', { message_id: mid }, undefined, simpleResultSchema);
  }

  /** POST /answers: a one-time notification to the user and/or the pressed message replaced. */
  answerCallback(callbackId: string, answer: { message?: NewMessageBody; notification?: string }) {
    return this.call('POST', '/answers', { callback_id: callbackId }, answer, simpleResultSchema);
  }

  editMyCommands(commands: { name: string; description?: string }[]): Promise<BotInfo> {
    return this.call('PATCH', '/me/commands', {}, { commands }, botInfoSchema);
  }

  /** Webhook: MAX posts updates to `url` with `secret` in X-Max-Bot-Api-Secret. */
  subscribe(s: { url: string; secret?: string; update_types?: readonly string[] }): Promise<SimpleResult> {
    return this.call('POST', '/subscriptions', {}, s, simpleResultSchema);
  }

  unsubscribe(url: string): Promise<SimpleResult> {
    return this.call('DELETE', '/subscriptions', { url }, undefined, simpleResultSchema);
  }

  /**
   * Uploads one file (POST /uploads?type=… gives the upload address, the file goes there as multipart
   * field `data`) and returns the attachment to put in a message.
   */
  async upload(type: UploadType, data: Uint8Array<ArrayBuffer>, filename: string): Promise<MaxAttachmentRequest> {
    const endpoint = await this.call('POST', '/uploads', { type }, undefined, uploadEndpointSchema);
    const form = new FormData();
    form.append('data', new Blob([data]), filename);
    const res = await this.send(endpoint.url, { method: 'POST', body: form });
    const json = await readJson(res);
    if (!res.ok) throw toError(res, json);
    if (type === 'image') return { type, payload: json as { photos?: Record<string, { token: string }> } };
    // Video and audio get their token with the upload address; files get it from the upload's answer.
    const token = endpoint.token ?? parse(uploadedSchema, json, res.status).token;
    return { type, payload: { token } };
  }

  private async call<S extends z.ZodType>(
    method: string,
    path: string,
    query: Query,
    body: unknown,
    schema: S,
    o: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<z.infer<S>> {
    const url = new URL(this.root + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const res = await this.send(
      url.toString(),
      {
        method,
        headers: {
          Authorization: this.opts.token,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      o,
    );
    const json = await readJson(res);
    if (!res.ok) throw toError(res, json);
    return parse(schema, json, res.status);
  }

  private async send(url: string, init: RequestInit, o: { signal?: AbortSignal; timeoutMs?: number } = {}) {
    const timeout = AbortSignal.timeout(o.timeoutMs ?? this.opts.timeoutMs ?? 30_000);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    try {
      return await this.doFetch(url, { ...init, signal });
    } catch (e) {
      if (o.signal?.aborted) throw e;
      const timedOut = timeout.aborted;
      throw new MaxApiError(0, timedOut ? 'timeout' : 'network', e instanceof Error ? e.message : String(e));
    }
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toError(res: Response, json: unknown): MaxApiError {
  const o = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const code = typeof o.code === 'string' ? o.code : `http.${res.status}`;
  const message = typeof o.message === 'string' ? o.message : res.statusText || code;
  const retryAfter = res.status === 429 ? retryAfterSeconds(res.headers.get('retry-after'), Date.now()) : undefined;
  return new MaxApiError(res.status, code, message, retryAfter);
}

function parse<S extends z.ZodType>(schema: S, json: unknown, status: number): z.infer<S> {
  const r = schema.safeParse(json);
  if (!r.success) throw new MaxApiError(status, 'bad.response', `unexpected answer: ${r.error.message}`);
  return r.data;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
