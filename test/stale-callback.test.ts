import { describe, expect, it } from 'vitest';
import { staleCallbackAnswers } from '../bot/stale-callback.js';

/** A button press handled again (its replica died after answering it) goes on past the refused answer. */
const refused = (description: string) => () => Promise.resolve({ ok: false as const, error_code: 400, description });
const STALE = 'Bad Request: query is too old and response timeout expired or query ID is invalid';

describe('answers to stale button presses', () => {
  it('a refused answer to a press Telegram no longer waits for counts as answered', async () => {
    expect(
      await staleCallbackAnswers(refused(STALE) as never, 'answerCallbackQuery', { callback_query_id: '1' }),
    ).toEqual({
      ok: true,
      result: true,
    });
  });

  it('other refusals, and the same text from another method, stay errors', async () => {
    const other = await staleCallbackAnswers(
      refused('Bad Request: MESSAGE_TOO_LONG') as never,
      'answerCallbackQuery',
      {} as never,
    );
    expect(other).toMatchObject({ ok: false, error_code: 400 });
    const send = await staleCallbackAnswers(refused(STALE) as never, 'sendMessage', {} as never);
    expect(send).toMatchObject({ ok: false, error_code: 400 });
  });
});
