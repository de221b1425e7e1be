import { z } from 'zod';

/**
 * MAX Bot API shapes (OpenAPI schema max-messenger/api-schema, dev.max.ru/docs-api): zod schemas for
 * what the client reads back (checked, unknown fields kept), TypeScript types for what it sends.
 */

export const maxUserSchema = z.looseObject({
  user_id: z.number().int(),
  first_name: z.string().optional(),
  last_name: z.string().nullish(),
  name: z.string().optional(),
  username: z.string().nullish(),
  is_bot: z.boolean().optional(),
});
export type MaxUser = z.infer<typeof maxUserSchema>;

export const botInfoSchema = maxUserSchema;
export type BotInfo = MaxUser;

export const recipientSchema = z.looseObject({
  chat_id: z.number().int().nullish(),
  chat_type: z.string().optional(),
  user_id: z.number().int().nullish(),
});

export const messageSchema = z.looseObject({
  sender: maxUserSchema.nullish(),
  recipient: recipientSchema,
  timestamp: z.number(),
  body: z.looseObject({
    mid: z.string().min(1),
    seq: z.number().optional(),
    text: z.string().nullish(),
    attachments: z.array(z.looseObject({ type: z.string() })).nullish(),
  }),
});
export type MaxMessage = z.infer<typeof messageSchema>;

export const sendMessageResultSchema = z.looseObject({ message: messageSchema });

export const simpleResultSchema = z.looseObject({ success: z.boolean(), message: z.string().optional() });
export type SimpleResult = z.infer<typeof simpleResultSchema>;

/** An update: its type and time checked, the rest kept as MAX sent it (the adapter reads it per type). */
export const updateSchema = z.looseObject({ update_type: z.string(), timestamp: z.number() });
export type MaxUpdate = z.infer<typeof updateSchema> & Record<string, unknown>;

export const updateListSchema = z.looseObject({
  updates: z.array(updateSchema),
  marker: z.number().int().nullish(),
});

export const uploadEndpointSchema = z.looseObject({ url: z.string().min(1), token: z.string().nullish() });
export const uploadedSchema = z.looseObject({ token: z.string().min(1) });

/** Inline keyboard buttons (schema "Button" and its kinds). */
export type MaxButton =
  | { type: 'callback'; text: string; payload: string }
  | { type: 'link'; text: string; url: string }
  | { type: 'message'; text: string }
  | { type: 'open_app'; text: string; web_app: string; payload?: string; contact_id?: number }
  | { type: 'clipboard'; text: string; payload: string }
  | { type: 'request_contact'; text: string }
  | { type: 'request_geo_location'; text: string; quick?: boolean };

export type MaxAttachmentRequest =
  | { type: 'inline_keyboard'; payload: { buttons: MaxButton[][] } }
  | { type: 'file' | 'video' | 'audio'; payload: { token: string } }
  | { type: 'image'; payload: { token?: string; url?: string; photos?: Record<string, { token: string }> } };

/** NewMessageBody: what POST /messages and PUT /messages take. */
export interface NewMessageBody {
  text?: string | null;
  format?: 'html' | 'markdown' | null;
  attachments?: MaxAttachmentRequest[] | null;
  notify?: boolean;
  link?: { type: 'forward' | 'reply'; mid: string } | null;
}

/** Who a message goes to: a user's dialog (user_id) or a group chat/channel (chat_id). */
export type MaxRecipient = { user_id: number } | { chat_id: number };

export type UploadType = 'image' | 'video' | 'audio' | 'file';
