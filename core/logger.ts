import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs without personal data: tokens, codes, names and message
 * texts are redacted wherever a caller passes them by these keys.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: [
        'token', '*.token', 'code', '*.code', 'text', '*.text', 'name', '*.name',
        'firstName', '*.firstName', 'lastName', '*.lastName', 'phone', '*.phone',
        'password', '*.password', 'url', '*.url', 'headers', '*.headers',
      ],
      censor: '[redacted]',
    },
  });
}
