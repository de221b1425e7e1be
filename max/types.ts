/**
 * The parts of MAX's Bot API objects the adapter reads and writes (dev.max.ru/docs-api; schema
 * max-messenger/api-schema). Only what the diary uses: anything else in an update is ignored.
 */
export interface MaxUser {
  user_id: number;
  first_name?: string;
  last_name?: string | null;
  name?: string;
  username?: string | null;
  is_bot?: boolean;
}

export type MaxChatType = 'dialog' | 'chat' | 'channel';

export interface MaxMessage {
  sender?: MaxUser;
  recipient: { chat_id: number | null; chat_type: MaxChatType; user_id?: number | null };
  timestamp: number;
  body: { mid: string; seq?: number; text?: string | null; attachments?: MaxAttachment[] | null };
}

export type MaxButton =
  | { type: 'callback'; text: string; payload: string }
  | { type: 'link'; text: string; url: string }
  | { type: 'message'; text: string }
  | { type: 'open_app'; text: string; web_app: string };

export type MaxAttachment =
  | { type: 'inline_keyboard'; payload: { buttons: MaxButton[][] } }
  | { type: 'file' | 'image'; payload: { token?: string; url?: string } }
  | { type: string; payload?: unknown };

export interface MaxUpdate {
  update_type: string;
  timestamp: number;
  message?: MaxMessage | null;
  callback?: { callback_id: string; payload?: string | null; user: MaxUser; timestamp?: number };
  chat_id?: number;
  user?: MaxUser;
  payload?: string | null;
  is_channel?: boolean;
}

/** A new message as MAX takes it (POST /messages, PUT /messages, the answer to a button). */
export interface MaxNewMessage {
  text?: string | null;
  format?: 'html' | 'markdown' | null;
  attachments?: MaxAttachment[] | null;
  link?: { type: 'reply' | 'forward'; mid: string } | null;
  notify?: boolean;
}

/** One call to MAX's API: the adapter's only way out (the client in max/api/ answers it). */
export interface MaxCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Ends a long poll early (shutdown). */
  signal?: AbortSignal;
}

/** MAX's answer: its JSON on success, or the HTTP status and MAX's error code and message. */
export type MaxResult = { ok: true; result: unknown } | { ok: false; status: number; code?: string; message?: string };

export type MaxRequest = (call: MaxCall) => Promise<MaxResult>;
