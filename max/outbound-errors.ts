import type { MaxResult } from './types.js';

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
 * MAX's refusals in Telegram's words, so the features' handling stays one: 429 → retry after a second,
 * 403 → the user blocked the bot, 404 → the chat or message is gone (Telegram's 400 "not found"), the
 * rest as Telegram's 400 or 5xx with MAX's error code (never its message text: it may quote the input).
 */
export function telegramError(r: Extract<MaxResult, { ok: false }>, target: 'chat' | 'message'): TelegramError {
  if (r.status === 429)
    return { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
  if (r.status === 403) return { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
  if (r.status === 404) return badRequest(target === 'message' ? 'message to edit not found' : 'chat not found');
  if (r.status >= 500) return { ok: false, error_code: r.status, description: `MAX error ${r.code ?? r.status}` };
  return badRequest(`MAX refused the call (${r.code ?? r.status})`);
}
