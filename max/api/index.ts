export { MaxApi, type MaxApiOptions } from './client.js';
export { MaxApiError } from './errors.js';
export type {
  BotInfo,
  MaxAttachmentRequest,
  MaxButton,
  MaxMessage,
  MaxRecipient,
  MaxUpdate,
  MaxUser,
  NewMessageBody,
  SimpleResult,
  UploadType,
} from './types.js';
