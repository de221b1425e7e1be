import pino, { type DestinationStream, type Logger } from 'pino';
import { redactDeep, redactSecrets } from './redact.js';

export type { Logger };

/**
 * Structured logs without personal data: tokens, codes, names and message
 * texts are redacted wherever a caller passes them by these keys, and a bot
 * token, an Authorization header or a password in a URL wherever it appears in
 * a value or the message (core/redact.ts: error texts carry request URLs). Writes to
 * stdout unless given a destination (the CLI logs to stderr: its stdout is output).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: {
      paths: [
        'token',
        '*.token',
        'code',
        '*.code',
        'text',
        '*.text',
        'name',
        '*.name',
        'firstName',
        '*.firstName',
        'lastName',
        '*.lastName',
        'phone',
        '*.phone',
        'password',
        '*.password',
        'url',
        '*.url',
        'headers',
        '*.headers',
      ],
      censor: '[redacted]',
    },
    serializers: { err: (e: unknown) => redactDeep(e) },
    formatters: { log: (record) => redactDeep(record) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? redactSecrets(a) : a)) as Parameters<typeof method>,
        );
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
