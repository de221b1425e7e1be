/**
 * The parts of MAX's updates the adapter reads (dev.max.ru/docs-api; schema
 * max-messenger/api-schema). Only what the diary uses: anything else in an update is ignored.
 */
import type { MaxUser } from './api/index.js';

export type { MaxUser };

export type MaxChatType = 'dialog' | 'chat' | 'channel';

export interface MaxMessage {
  sender?: MaxUser | null;
  recipient: { chat_id: number | null; chat_type: MaxChatType; user_id?: number | null };
  timestamp: number;
  body: { mid: string; seq?: number; text?: string | null; attachments?: MaxInboundAttachment[] | null };
}

/**
 * An attachment of a user's message (schema Attachment): an image (`payload.photo_id`, `token`, `url`) or a
 * file (`payload.fileId`, `token`, `url`, with `filename` and `size`); other types are not read.
 */
export interface MaxInboundAttachment {
  type: string;
  payload?: { token?: string; url?: string; photo_id?: number; fileId?: number } | null;
  filename?: string;
  size?: number;
}

export type { MaxButton, MaxAttachmentRequest as MaxAttachment, NewMessageBody as MaxNewMessage } from './api/index.js';

/** An update as the adapter reads it (max/api checks its type and time; the rest per update type). */
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
