import { createHmac, randomInt } from 'node:crypto';
import { CODE_ALPHABET } from '../linking/codes.js';

/**
 * The one-time codes that link a group to a class: 10 symbols of the invitation
 * alphabet (≈ 50 bits) — short enough to type after `/link`, and a valid
 * `startgroup` payload as they are. They live one hour and serve once; only a
 * keyed hash is stored, under a prefix of its own, so a group code can never be
 * mistaken for an invitation.
 */
export const GROUP_CODE_LENGTH = 10;
export const GROUP_CODE_TTL_MS = 60 * 60_000;

export function generateGroupCode(): string {
  let raw = '';
  for (let i = 0; i < GROUP_CODE_LENGTH; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return raw;
}

/** What was typed (any case, spaces and dashes) → the canonical code, or null when it cannot be one. */
export function normalizeGroupCode(input: string): string | null {
  const cleaned = input
    .trim()
    .toUpperCase()
    .replace(/[\s\-_]/g, '');
  if (cleaned.length !== GROUP_CODE_LENGTH) return null;
  for (const c of cleaned) if (!CODE_ALPHABET.includes(c)) return null;
  return cleaned;
}

export const hashGroupCode = (canonical: string, key: string): string =>
  createHmac('sha256', key).update(`group:${canonical}`).digest('hex');
