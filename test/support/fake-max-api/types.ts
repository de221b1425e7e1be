/** Shapes shared by the fake MAX API's modules. */

/** MAX's error answer: the HTTP status with `{ code, message }` (schema "Error"). */
export class MaxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Sent as a Retry-After header (seconds) when set. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'proto.payload') => new MaxError(400, code, message);
export const notFound = (message: string) => new MaxError(404, 'not.found', message);

export interface FakeMaxUser {
  user_id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  is_bot?: boolean;
}

/** A message the bot sent (or a user wrote), as the chat shows it. */
export interface SentMessage {
  mid: string;
  seq: number;
  /** 'user:<id>' for a dialog, 'chat:<id>' for a group chat. */
  chat: string;
  recipient: { user_id?: number; chat_id?: number };
  text: string | null;
  format: 'html' | 'markdown' | null;
  attachments: Record<string, any>[];
  notify: boolean;
  /** Date.now() when it was sent or last edited (the bench reads the pacing from it). */
  at: number;
  edits: number;
  deleted: boolean;
}

export interface CallbackAnswerRecord {
  callback_id: string;
  notification?: string | null;
  message?: Record<string, any> | null;
  at: number;
}

/** One request, in arrival order, with its answer's status. */
export interface MaxCall {
  seq: number;
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  status?: number;
}

export interface FailureSpec {
  /** 'POST /messages', 'GET /updates', … or '*'. */
  route: string;
  status: number;
  code?: string;
  message?: string;
  retryAfter?: number;
  times?: number;
}

export interface FakeMaxApiOptions {
  token?: string;
  bot?: FakeMaxUser;
  /** Requests a second the bot may make (GET /updates not counted); beyond that 429. Unset = no limit. */
  rps?: number;
  /** Only users/chats made known (addUser, addChat, an update from them) may be written to; others 404. */
  strictRecipients?: boolean;
  /** The first send with each fresh upload token answers 400 attachment.not.ready (MAX still processing). */
  uploadsNotReadyOnce?: boolean;
}

export interface FakeMaxApiEvents {
  call: [MaxCall];
  sent: [SentMessage];
}

export const ROUTE_KEY = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
