import { createHmac, randomInt } from 'node:crypto';
import type { Messenger } from '../messenger.js';

/**
 * Invitation codes people can read aloud and type: 31 symbols without 0/O,
 * 1/I/L; 16 of them = 16·log2(31) ≈ 79 bits of entropy, shown in blocks of
 * four (ABCD-EFGH-JKMN-PQRS, 19 characters: fits a deep-link payload).
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 16;
export const CODE_ENTROPY_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);

export function generateCode(): string {
  let raw = '';
  for (let i = 0; i < CODE_LENGTH; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return formatCode(raw);
}

export function formatCode(raw: string): string {
  return raw.match(/.{1,4}/g)!.join('-');
}

/**
 * What the user typed → the canonical code, or null if it cannot be one.
 * Case, dashes, spaces and underscores do not matter; a Cyrillic letter typed
 * by a Russian keyboard layout for its Latin twin is mapped back.
 */
const CYRILLIC_TWINS: Record<string, string> = {
  '\u0410': 'A',
  '\u0412': 'B',
  '\u0415': 'E',
  '\u041a': 'K',
  '\u041c': 'M',
  '\u041d': 'H',
  '\u0420': 'P',
  '\u0421': 'C',
  '\u0422': 'T',
  '\u0423': 'Y',
  '\u0425': 'X',
};
export function normalizeCode(input: string): string | null {
  const cleaned = input
    .trim()
    .toUpperCase()
    .replace(/[\s\-_\u2010-\u2015]/g, '')
    .replace(/[\u0410-\u042f]/g, (c) => CYRILLIC_TWINS[c] ?? c);
  if (cleaned.length !== CODE_LENGTH) return null;
  for (const c of cleaned) if (!CODE_ALPHABET.includes(c)) return null;
  return cleaned;
}

/** Keyed hash: a leaked table alone cannot be checked against guesses. */
export function hashCode(canonical: string, key: string): string {
  return createHmac('sha256', key).update(`code:${canonical}`).digest('hex');
}

/**
 * The account's id in the audit: a keyed hash of the messenger's user id, never the id itself. Telegram's
 * input is unchanged since before MAX (existing rows keep their hash); MAX's differs, as the same number
 * in MAX is another person.
 */
export function hashAccount(userId: number | string, key: string, messenger: Messenger = 'telegram'): string {
  const input = messenger === 'telegram' ? `tg:${userId}` : `${messenger}:${userId}`;
  return createHmac('sha256', key).update(input).digest('hex').slice(0, 32);
}
