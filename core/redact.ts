/**
 * Secrets never leave the process: error texts from HTTP clients carry the
 * request URL, and a Bot API URL carries the bot token (`/bot<token>/method`).
 * Everything written to logs, to `notification_delivery.lastError` or to a
 * terminal goes through this first.
 */
const PATTERNS: [RegExp, string][] = [
  // The token in a Bot API path, and a bare token anywhere (digits:35 characters).
  [/\/bot\d+:[A-Za-z0-9_-]+/g, '/bot[redacted]'],
  [/\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g, '[redacted-token]'],
  // Authorization headers and bearer tokens as they appear in error texts and dumped headers.
  [/(authorization["']?\s*[:=]\s*["']?)[^"',}\n]+/gi, '$1[redacted]'],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer [redacted]'],
  // Credentials in URLs (postgres://user:password@host, redis://:password@host).
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]*:[^/\s@]*@/gi, '$1[redacted]@'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, to] of PATTERNS) out = out.replace(re, to);
  return out;
}

/** The same for every string inside a log record (objects and arrays, a few levels deep). */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error)
    return {
      type: value.name,
      message: redactSecrets(value.message),
      stack: value.stack && redactSecrets(value.stack),
    };
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}
