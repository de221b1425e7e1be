import type { AccessProfile } from '../../core/access/profile.js';
import type { Logger } from '../../core/logger.js';
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
  /** The bot's token: the launch data is signed with it. */
  botToken: string;
  logger: Logger;
  /** The built client (npm run build → dist/web). */
  staticDir: string;
  chat: ChatSender;
}

/** One context type for every route: the signed-in account, read fresh on each request. */
export interface WebEnv {
  Variables: {
    /** Telegram's user id from the validated launch data. */
    userId: number;
    profile: AccessProfile;
  };
}
