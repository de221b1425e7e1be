import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs without personal data: tokens, codes, names and message
 * texts are redacted wherever a caller passes them by these keys. Writes to
 * stdout unless given a destination (the CLI logs to stderr: its stdout is output).
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
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
  };
  return destination ? pino(options, destination) : pino(options);
}
