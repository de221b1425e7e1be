import type { AccessProfile } from '../../core/access/profile.js';
import type { Logger } from '../../core/logger.js';
import type { Messenger } from '../../core/messenger.js';
import type { Services } from '../../core/services/index.js';

/** What the chat sends for the Mini App: the frame itself cannot download files (docs/webapp.md). */
export interface ChatSender {
  /** Sends a file Telegram already holds (by its file id) to the person's private chat with the bot. */
  sendDocument(chatId: number, telegramFileId: string, caption: string): Promise<void>;
  /** Uploads a file Telegram does not hold yet (as the chat's diary does); returns Telegram's file id for the next time. */
  sendFile(chatId: number, file: { content: Buffer; fileName: string }, caption: string): Promise<string | null>;
}

/** What the Mini App's server is built from (createWebApp). */
export interface WebDeps {
  services: Services;
  /** Telegram's bot token: Telegram's launch data (`tma …`) is signed with it; empty: none is taken. */
  botToken: string;
  /** MAX's bot token: MAX's launch data (`max …`) is signed with it; unset: none is taken. */
  maxBotToken?: string;
  logger: Logger;
  /** The built client (npm run build → dist/web). */
  staticDir: string;
  /** Telegram's chat; unset when this process runs MAX alone (Telegram's launch data is then refused). */
  chat?: ChatSender;
  /** The same for MAX's chat (files are always uploaded there: a Telegram file id means nothing to MAX). */
  maxChat?: ChatSender;
}

/** One context type for every route: the signed-in account, read fresh on each request. */
export interface WebEnv {
  Variables: {
    /** The messenger's user id from the validated launch data. */
    userId: number;
    /** Whose launch data it was: the chat files go to and the profile were that messenger's. */
    messenger: Messenger;
    profile: AccessProfile;
  };
}
