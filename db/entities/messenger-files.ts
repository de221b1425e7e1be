import { EntitySchema } from 'typeorm';
import { text, updatedAt } from './columns.js';

/**
 * A file stored by its id (a Telegram file_id or MAX's "max:<token>") as the other messenger knows it:
 * where MAX lets it be downloaded, and the id it got once uploaded to the other messenger, so a file
 * going to a thousand families is uploaded there once (max/file-bridge.ts).
 */
export interface MessengerFile {
  fileId: string;
  /** A MAX file's download address, as MAX gave it with the user's message. */
  maxUrl: string | null;
  /** A MAX file's name, as its sender's message gave it. */
  fileName: string | null;
  /** The file_id a MAX file got in Telegram. */
  telegramCopy: string | null;
  /** The "max:<token>" a Telegram file got in MAX. */
  maxCopy: string | null;
  updatedAt: Date;
}

export const MessengerFileEntity = new EntitySchema<MessengerFile>({
  name: 'MessengerFile',
  tableName: 'messenger_file',
  columns: {
    fileId: { type: 'text', primary: true },
    maxUrl: text(true),
    fileName: text(true),
    telegramCopy: text(true),
    maxCopy: text(true),
    updatedAt: updatedAt(),
  },
});

export const messengerFileEntities = [MessengerFileEntity];
