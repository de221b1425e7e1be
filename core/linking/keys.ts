import { createHmac } from 'node:crypto';
import type { Config } from '../config.js';

/** The key a laptop runs with when CODE_HASH_KEY is unset; production refuses it (core/config.ts). */
export const DEV_HASH_KEY = 'dnevnik-dev-key-change-me';

/**
 * The keys of the code and account hashes: the current one hashes everything
 * new; previous ones (CODE_HASH_KEY_PREVIOUS) still check codes issued under
 * them until they are retired (README, "Rotating CODE_HASH_KEY").
 */
export interface HashKeys {
  current: string;
  previous: readonly string[];
  /** True when running on DEV_HASH_KEY. */
  dev: boolean;
}

export function hashKeysFrom(config: Pick<Config, 'CODE_HASH_KEY' | 'CODE_HASH_KEY_PREVIOUS'>): HashKeys {
  const current = config.CODE_HASH_KEY ?? DEV_HASH_KEY;
  return {
    current,
    previous: (config.CODE_HASH_KEY_PREVIOUS ?? []).filter((k) => k !== current),
    dev: !config.CODE_HASH_KEY,
  };
}

/**
 * A key's version as stored next to each hash: a keyed digest, so the rows say
 * which key made them without revealing anything about the key.
 */
export function keyId(key: string): string {
  return createHmac('sha256', key).update('dnevnik:key-id').digest('hex').slice(0, 12);
}
