import type { z, ZodTypeAny } from 'zod';

/**
 * Errors a use case raises for the caller to turn into a polite answer.
 * `code` is stable (tests and handlers switch on it); the message is for logs.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, ref: string | number) {
    super('not_found', `${entity} ${ref} not found`, { entity });
  }
}

/** Checks a use case's input against its zod schema; the message lists every problem with its field. */
export function parseInput<S extends ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '));
  return parsed.data;
}

export class ValidationError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('invalid', message, details);
  }
}
