/**
 * MAX's error answer ({ code, message } with the HTTP status, schema "Error") as one typed error, so a
 * caller tells a flood limit from a chat that is gone without reading strings.
 */
export class MaxApiError extends Error {
  constructor(
    /** HTTP status (0 when the request never got an answer: network error, timeout). */
    readonly status: number,
    /** MAX's error key, e.g. `chat.denied`, `not.found`, `too.many.requests`, `verify.token`. */
    readonly code: string,
    message: string,
    /** Seconds to wait before trying again, from a 429's Retry-After header when MAX sends one. */
    readonly retryAfter?: number,
  ) {
    super(`MAX API ${status} ${code}: ${message}`);
    this.name = 'MaxApiError';
  }

  /** 429: too many requests; try again after retryAfter (or a pause of the caller's choosing). */
  get isRateLimited(): boolean {
    return this.status === 429;
  }

  /** 403/404: the user stopped or blocked the bot, the bot left the chat, or the chat is no more. */
  get isChatGone(): boolean {
    return this.status === 403 || this.status === 404;
  }

  /** 401: the bot's token is wrong or revoked; nothing will work until it is fixed. */
  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  /** A network failure, a timeout or a 5xx: the same request may succeed later. */
  get isTransient(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** Reads Retry-After (seconds or an HTTP date) into seconds; undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
