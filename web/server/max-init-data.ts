import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * MAX's launch data (dev.max.ru/docs/webapps/validation): the `WebAppData` value of the URL's
 * fragment, a query string signed on Telegram's scheme — every key once, `hash` taken out, the
 * values URL-decoded, sorted by key, joined as `key=value` lines; secret_key = HMAC-SHA256 with the
 * key 'WebAppData' over the bot's token; hash = hex HMAC-SHA256 of the lines with secret_key.
 * Pure: the caller checks the age against its own clock.
 */
export interface MaxLaunch {
  userId: number;
  signedAt: Date;
  startParam?: string;
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The hex signature of the (decoded) fields with MAX's bot token. */
export function maxSignature(fields: [string, string][], token: string): string {
  const lines = [...fields]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  return hmac(hmac('WebAppData', token), lines).toString('hex');
}

/** auth_date in seconds as documented; 10^12 and over can only be milliseconds (year 33658 in seconds). */
const dateOf = (v: string | undefined): Date | null => {
  const n = Number(v);
  if (!v || !Number.isFinite(n) || n <= 0) return null;
  return new Date(n >= 1e12 ? n : n * 1000);
};

/** The signed user and time, or null: bad signature, a key twice, no hash, no user id or date. */
export function validateMaxInitData(raw: string, token: string): MaxLaunch | null {
  if (!token) return null;
  const params = new URLSearchParams(raw);
  const fields: [string, string][] = [];
  const seen = new Set<string>();
  let hash: string | undefined;
  for (const [k, v] of params) {
    if (seen.has(k)) return null;
    seen.add(k);
    if (k === 'hash') hash = v;
    else fields.push([k, v]);
  }
  if (!hash || !/^[0-9a-f]{64}$/i.test(hash)) return null;
  const mine = Buffer.from(maxSignature(fields, token), 'hex');
  if (!timingSafeEqual(mine, Buffer.from(hash.toLowerCase(), 'hex'))) return null;
  const data = Object.fromEntries(fields);
  let userId: unknown;
  try {
    userId = (JSON.parse(data.user ?? 'null') as { id?: unknown } | null)?.id;
  } catch {
    return null;
  }
  const signedAt = dateOf(data.auth_date);
  if (typeof userId !== 'number' || !Number.isSafeInteger(userId) || userId <= 0 || !signedAt) return null;
  return { userId, signedAt, ...(data.start_param ? { startParam: data.start_param } : {}) };
}
