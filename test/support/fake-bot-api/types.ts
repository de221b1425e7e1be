import type { ServerResponse } from 'node:http';
import type { Message, Update, UserFromGetMe } from 'grammy/types';

/** The fake Bot API's public types, its errors and the small helpers every method group uses. */

export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface UploadedFile {
  /** The parameter the file was sent as (`document`, `photo`, …). */
  param: string;
  filename: string;
  contentType?: string;
  size: number;
  data: Buffer;
}

export interface ApiCall {
  seq: number;
  /** ms since the epoch when the request arrived. */
  at: number;
  method: string;
  httpMethod: string;
  /** Parameters with JSON-valued ones (reply_markup, commands…) parsed. */
  params: Record<string, any>;
  files: UploadedFile[];
  /** Filled in when answered. */
  response?: ApiResponse;
}

export type ApiResponse =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number; migrate_to_chat_id?: number };
    };

/** A message of a chat as the user sees it now (edits applied, deleted ones gone). */
export interface ChatMessage {
  chatId: number;
  messageId: number;
  fromBot: boolean;
  date: number;
  /** Plain text (HTML already rendered) of a text message. */
  text?: string;
  caption?: string;
  /** The text exactly as the bot sent it, and its parse_mode. */
  rawText?: string;
  parseMode?: string;
  /** Inline keyboard under the message, if any. */
  inlineKeyboard?: InlineButton[][];
  /** A file sent with the message; `data` holds its bytes (none for a file_id or URL the fake does not hold). */
  document?: { file_name: string; file_size: number; mime_type?: string; data?: Buffer };
  photo?: { file_size: number; data?: Buffer };
  editCount: number;
  /** What the last edit changed: the text (and keyboard), or only the inline keyboard. */
  lastEdit?: 'text' | 'markup';
  /** The Bot API Message object as last returned to the bot. */
  message: Message;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  [other: string]: unknown;
}

export interface ReplyKeyboard {
  buttons: string[][];
  oneTime: boolean;
  placeholder?: string;
}

export interface CallbackAnswer {
  queryId: string;
  chatId?: number;
  messageId?: number;
  text?: string;
  showAlert: boolean;
  url?: string;
}

export interface FailureOptions {
  /** How many of the next calls of the method fail (default 1). */
  times?: number;
  /** Error code to answer (default 500); 429 adds `retry_after`. */
  code?: number;
  description?: string;
  /** Seconds, for 429 (default 1). */
  retryAfter?: number;
}

/** Telegram's broadcast limits when a test asks for them (FakeBotApiOptions.broadcastLimits). */
export interface BroadcastLimitOptions {
  /** Sends a second without allow_paid_broadcast (Telegram: about 30). */
  freePerSecond?: number;
  /** Sends a second in all, for a send with allow_paid_broadcast (Telegram: up to 1,000). */
  paidPerSecond?: number;
}

export interface FakeBotApiOptions {
  /** The one token accepted; others get 401. */
  token?: string;
  /** What getMe answers. */
  bot?: Partial<UserFromGetMe>;
  /** Port on 127.0.0.1; 0 (default) takes a free one. */
  port?: number;
  /** Accept sends to chats that never wrote to the bot (Telegram says "chat not found"). Default false. */
  allowUnknownChats?: boolean;
  /** First update_id handed out (default 1). */
  firstUpdateId?: number;
  /** Delay between webhook delivery retries, ms (default 500). */
  webhookRetryMs?: number;
  /** Enforce Telegram's broadcast limits: 30 sends a second, 1,000 with allow_paid_broadcast (off by default). */
  broadcastLimits?: BroadcastLimitOptions;
}

export interface FakeBotApiEvents {
  /** A request arrived (parameters read, not answered yet). */
  request: [ApiCall];
  /** A request was answered. */
  call: [ApiCall];
  /** A new message from the bot. */
  message: [ChatMessage];
  /** A bot message changed (text or keyboard). */
  edit: [ChatMessage];
  delete: [{ chatId: number; messageId: number }];
  callbackAnswer: [CallbackAnswer];
  /** The reply keyboard of a chat changed (null: removed). */
  keyboard: [{ chatId: number; keyboard: ReplyKeyboard | null }];
  update: [Update];
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}
export const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);

/** A Bot API method: its parameters (JSON ones parsed), its uploads, the response (for long polls). */
export type Handler = (p: Record<string, any>, files: UploadedFile[], res: ServerResponse) => unknown;

export interface ChatState {
  id: number;
  nextMessageId: number;
  messages: Map<number, ChatMessage>;
  keyboard: ReplyKeyboard | null;
  menuButton?: unknown;
}

/** Telegram's clock: seconds since the epoch. */
export function now(): number {
  return Math.floor(Date.now() / 1000);
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

export function commandKey(scope: unknown, languageCode: unknown): string {
  const s = (scope && typeof scope === 'object' ? scope : { type: 'default' }) as Record<string, unknown>;
  return JSON.stringify([s.type ?? 'default', s.chat_id ?? null, s.user_id ?? null, languageCode ?? '']);
}
