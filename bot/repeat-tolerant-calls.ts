import type { Transformer } from 'grammy';

/** Telegram's refusal of an answer to a button press it no longer waits for (answered already, or too old). */
const STALE_QUERY = /query is too old|query ID is invalid/i;
/** Telegram's refusal of an edit that changes nothing: the message already shows it. */
const NOT_MODIFIED = /message is not modified/i;
const EDITS = new Set(['editMessageText', 'editMessageReplyMarkup', 'editMessageCaption']);

/**
 * An update handled again — Telegram re-sent it after the replica handling it
 * died midway (bot/middleware/dedupe-updates.ts) — repeats calls that already
 * took effect: the answer to the button press (400, the query was answered or
 * is too old) and edits the message already shows (400, not modified). Without
 * this the handler would stop at the first of them, and the user's action (an
 * absence report's next step, a message) would be lost. Both refusals count as
 * done: the press is answered, the message shows the edit.
 */
export const repeatTolerantCalls: Transformer = async (prev, method, payload, signal) => {
  const res = await prev(method, payload, signal);
  if (res.ok || res.error_code !== 400) return res;
  if (method === 'answerCallbackQuery' && STALE_QUERY.test(res.description)) return { ok: true, result: true as never };
  if (EDITS.has(method) && NOT_MODIFIED.test(res.description)) return { ok: true, result: true as never };
  return res;
};
