import type { Transformer } from 'grammy';

/** Telegram's refusal of an answer to a button press it no longer waits for (answered already, or too old). */
const STALE_QUERY = /query is too old|query ID is invalid/i;

/**
 * Answering a button press only stops the spinner on the user's screen. A press
 * handled again — Telegram re-sent it after the replica handling it died, after
 * that replica had answered it, or once the query is too old — gets 400 for the
 * answer; without this the handler would stop there and the user's action (an
 * absence report sent, a message) would be lost. The refusal counts as answered.
 */
export const staleCallbackAnswers: Transformer = async (prev, method, payload, signal) => {
  const res = await prev(method, payload, signal);
  if (method === 'answerCallbackQuery' && !res.ok && res.error_code === 400 && STALE_QUERY.test(res.description))
    return { ok: true, result: true as never };
  return res;
};
