import { MaxApiError } from './api/index.js';

/** Telegram's error answer (grammY throws it as a GrammyError the features already handle). */
export interface TelegramError {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export const badRequest = (what: string): TelegramError => ({
  ok: false,
  error_code: 400,
  description: `Bad Request: ${what}`,
});

/**
 * MAX's refusals in Telegram's words, so the features' handling stays one: 429 → retry after MAX's
 * Retry-After (1 s when absent), 403 → the user blocked the bot, 404 → the chat or message is gone
 * (Telegram's 400 "not found"), the rest Telegram's 400 or 5xx with MAX's error code (never its message:
 * it may quote the input). Anything that is not MAX's answer is thrown on.
 */
export function telegramError(e: unknown, target: 'chat' | 'message'): TelegramError {
  if (!(e instanceof MaxApiError)) throw e;
  if (e.isRateLimited) {
    const after = Math.max(1, Math.ceil(e.retryAfter ?? 1));
    return {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${after}`,
      parameters: { retry_after: after },
    };
  }
  if (e.status === 403) return { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
  if (e.status === 404) return badRequest(target === 'message' ? 'message to edit not found' : 'chat not found');
  if (e.isTransient) return { ok: false, error_code: 502, description: `MAX unavailable (${e.code})` };
  return badRequest(`MAX refused the call (${e.code})`);
}
