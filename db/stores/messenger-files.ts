import type { DataSource } from 'typeorm';
import { MessengerFileEntity } from '../entities/index.js';

/** The messenger a copy is for: Telegram's file_id of a MAX file, or MAX's "max:<token>" of a Telegram one. */
export type CopyTarget = 'telegram' | 'max';

export interface MessengerFileRow {
  maxUrl: string | null;
  fileName: string | null;
  copy: string | null;
}

/** Where MAX's files can be downloaded, and the copies files got in the other messenger (table messenger_file). */
export interface MessengerFileStore {
  /** MAX's download addresses of files users sent (the newest address wins: MAX's may expire). */
  rememberMaxFiles(files: { fileId: string; url: string; fileName?: string | null }[]): Promise<void>;
  /** What is known of a file, with its copy in `target`. */
  find(fileId: string, target: CopyTarget): Promise<MessengerFileRow | null>;
  /** The file's id in `target`; a copy already there stays (two workers racing upload the same file). */
  rememberCopy(fileId: string, target: CopyTarget, copyId: string): Promise<void>;
}

const COLUMN: Record<CopyTarget, string> = { telegram: '"telegramCopy"', max: '"maxCopy"' };

export function postgresMessengerFileStore(ds: DataSource): MessengerFileStore {
  const repo = ds.getRepository(MessengerFileEntity);
  return {
    async rememberMaxFiles(files) {
      for (const f of files)
        await repo.query(
          `INSERT INTO messenger_file ("fileId", "maxUrl", "fileName") VALUES ($1, $2, $3)
           ON CONFLICT ("fileId") DO UPDATE SET "maxUrl" = EXCLUDED."maxUrl",
             "fileName" = COALESCE(EXCLUDED."fileName", messenger_file."fileName"), "updatedAt" = now()`,
          [f.fileId, f.url, f.fileName ?? null],
        );
    },
    async find(fileId, target) {
      const row = await repo.findOneBy({ fileId });
      if (!row) return null;
      return {
        maxUrl: row.maxUrl,
        fileName: row.fileName,
        copy: target === 'telegram' ? row.telegramCopy : row.maxCopy,
      };
    },
    async rememberCopy(fileId, target, copyId) {
      const col = COLUMN[target];
      await repo.query(
        `INSERT INTO messenger_file ("fileId", ${col}) VALUES ($1, $2)
         ON CONFLICT ("fileId") DO UPDATE SET ${col} = COALESCE(messenger_file.${col}, EXCLUDED.${col}), "updatedAt" = now()`,
        [fileId, copyId],
      );
    },
  };
}
