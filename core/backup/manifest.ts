import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** A backup's manifest (docs/backup.md) and its check against the files and SHA256SUMS. */
export const FORMAT = 'dnevnik-backup';
/** State that is not the journal's: sessions, rate limits, send pacing, and the backup log itself. */
export const SKIPPED_TABLES = [
  'migrations',
  'backup_run',
  'bot_session',
  'rate_limit_counter',
  'notification_throttle',
  'typeorm_metadata',
];
export interface ManifestTable {
  name: string;
  columns: string[];
  rows: number;
  file: string;
  bytes: number;
  sha256: string;
}
export interface Manifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  serverVersion: string;
  /** Every migration applied to the database the backup is of, in order; a restore needs the same. */
  migrations: string[];
  /** In the order to load them (a table after every table it references). */
  tables: ManifestTable[];
  skipped: string[];
}

const sha256File = async (file: string) => {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
};

/** Reads a backup's manifest and checks every file against SHA256SUMS and the manifest. */
export async function verifyBackup(directory: string): Promise<Manifest> {
  const manifestText = await readFile(path.join(directory, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Manifest;
  if (manifest.format !== FORMAT || manifest.version !== 1)
    throw new Error(`${directory} is not a ${FORMAT} of version 1`);
  const sums = new Map(
    (await readFile(path.join(directory, 'SHA256SUMS'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => {
        const [hash, file] = l.split(/\s+/);
        return [file, hash] as const;
      }),
  );
  if (sums.get('manifest.json') !== createHash('sha256').update(manifestText).digest('hex'))
    throw new Error('manifest.json does not match its checksum');
  for (const t of manifest.tables) {
    const actual = await sha256File(path.join(directory, t.file));
    if (actual !== t.sha256 || sums.get(t.file) !== t.sha256) throw new Error(`${t.file} does not match its checksum`);
  }
  return manifest;
}
