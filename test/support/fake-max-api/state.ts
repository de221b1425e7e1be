import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { validateBody } from './validate.js';
import {
  MaxError,
  badRequest,
  notFound,
  type CallbackAnswerRecord,
  type FakeMaxApiEvents,
  type FakeMaxApiOptions,
  type FakeMaxUser,
  type SentMessage,
} from './types.js';

/** A dialog's chat id in the fake (MAX gives each bot–user dialog its own chat id). */
export const dialogChatId = (userId: number) => 9_000_000_000 + userId;

/** The fake's chats and messages: who may be written to, what was sent, callbacks, uploads. */
export class MaxState {
  readonly users = new Map<number, FakeMaxUser>();
  readonly groups = new Set<number>();
  readonly blocked = new Set<number>();
  readonly removedChats = new Set<number>();
  readonly messages = new Map<string, SentMessage>();
  readonly answers: CallbackAnswerRecord[] = [];
  /** callback_id → the message its button is on. */
  readonly callbacks = new Map<string, string>();
  /** Upload tokens handed out, and whether MAX has "finished processing" them. */
  readonly uploads = new Map<string, { filename: string; size: number; ready: boolean; data?: Buffer }>();
  private seq = 0;

  get uploadsNotReadyOnce(): boolean {
    return !!this.opts.uploadsNotReadyOnce;
  }

  constructor(
    private readonly opts: FakeMaxApiOptions,
    private readonly events: EventEmitter<FakeMaxApiEvents>,
  ) {}

  /** Where POST /messages?user_id|chat_id goes: 'user:<id>' or 'chat:<id>'; 403/404 as MAX answers. */
  resolve(q: Record<string, string>): { chat: string; recipient: SentMessage['recipient'] } {
    const userId = q.user_id !== undefined ? Number(q.user_id) : undefined;
    const chatId = q.chat_id !== undefined ? Number(q.chat_id) : undefined;
    if ((userId === undefined) === (chatId === undefined))
      throw badRequest('exactly one of user_id or chat_id is required');
    const id = (userId ?? chatId)!;
    if (!Number.isSafeInteger(id)) throw badRequest('user_id/chat_id must be an integer');
    const dialogUser = userId ?? this.userOfDialog(chatId!);
    if (dialogUser !== undefined) {
      if (this.opts.strictRecipients && !this.users.has(dialogUser)) throw notFound(`User ${dialogUser} not found`);
      if (this.blocked.has(dialogUser)) throw new MaxError(403, 'chat.denied', 'error.dialog.suspended');
      return {
        chat: `user:${dialogUser}`,
        recipient: userId !== undefined ? { user_id: userId } : { chat_id: chatId },
      };
    }
    if (this.removedChats.has(id)) throw new MaxError(403, 'chat.denied', 'error.chat.bot.removed');
    if (this.opts.strictRecipients && !this.groups.has(id)) throw notFound(`Chat ${id} not found`);
    return { chat: `chat:${id}`, recipient: { chat_id: id } };
  }

  private userOfDialog(chatId: number): number | undefined {
    if (chatId > 9_000_000_000) return chatId - 9_000_000_000;
    return undefined;
  }

  /** Checks a NewMessageBody and the upload tokens in it (first use "not ready" when asked). */
  checkBody(body: unknown): Record<string, any> {
    const b = validateBody(body, (t) => this.uploads.has(t));
    for (const a of (b.attachments ?? []) as Record<string, any>[]) {
      const u = typeof a.payload?.token === 'string' ? this.uploads.get(a.payload.token as string) : undefined;
      if (u && !u.ready) {
        u.ready = true;
        throw badRequest('Key: errors.process.attachment.file.not.processed', 'attachment.not.ready');
      }
    }
    return b;
  }

  send(q: Record<string, string>, body: unknown): SentMessage {
    const { chat, recipient } = this.resolve(q);
    const b = this.checkBody(body);
    const m: SentMessage = {
      mid: `mid.${randomBytes(8).toString('hex')}`,
      seq: ++this.seq,
      chat,
      recipient,
      text: (b.text as string | null | undefined) ?? null,
      format: (b.format as SentMessage['format'] | undefined) ?? null,
      attachments: (b.attachments as Record<string, any>[] | undefined) ?? [],
      notify: (b.notify as boolean | undefined) ?? true,
      at: Date.now(),
      edits: 0,
      deleted: false,
    };
    this.messages.set(m.mid, m);
    this.events.emit('sent', m);
    return m;
  }

  edit(mid: string | undefined, body: unknown): void {
    const m = this.live(mid);
    const b = this.checkBody(body);
    if (b.text !== undefined) m.text = (b.text as string | null) ?? null;
    if (b.format !== undefined) m.format = (b.format as SentMessage['format']) ?? null;
    // `attachments: null` keeps them; an empty list removes them (schema, PUT /messages).
    if (b.attachments != null) m.attachments = b.attachments as Record<string, any>[];
    m.edits++;
    m.at = Date.now();
  }

  remove(mid: string | undefined): void {
    this.live(mid).deleted = true;
  }

  answer(callbackId: string | undefined, body: unknown): void {
    if (!callbackId) throw badRequest('callback_id is required');
    const mid = this.callbacks.get(callbackId);
    if (!mid) throw notFound(`Callback ${callbackId} not found`);
    const b = (body ?? {}) as Record<string, any>;
    if (typeof b !== 'object' || Array.isArray(b)) throw badRequest('request body must be a JSON object');
    for (const k of Object.keys(b))
      if (k !== 'message' && k !== 'notification') throw badRequest(`CallbackAnswer: unknown field '${k}'`);
    if (b.message == null && b.notification == null) throw badRequest('message or notification is required');
    if (b.message != null) this.edit(mid, b.message);
    this.answers.push({ callback_id: callbackId, notification: b.notification, message: b.message, at: Date.now() });
  }

  /** The message as GET /messages/{mid} shows it (schema Message). */
  view(m: SentMessage, bot: FakeMaxUser): Record<string, any> {
    const [kind, id] = m.chat.split(':');
    return {
      sender: bot,
      recipient:
        kind === 'user'
          ? { chat_id: dialogChatId(Number(id)), chat_type: 'dialog', user_id: Number(id) }
          : { chat_id: Number(id), chat_type: 'chat' },
      timestamp: m.at,
      body: { mid: m.mid, seq: m.seq, text: m.text, attachments: m.attachments.length ? m.attachments : null },
    };
  }

  private live(mid: string | undefined): SentMessage {
    const m = mid ? this.messages.get(mid) : undefined;
    if (!m || m.deleted) throw notFound(`Message ${mid ?? ''} not found`);
    return m;
  }
}
