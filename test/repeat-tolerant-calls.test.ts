import { describe, expect, it } from 'vitest';
import { repeatTolerantCalls } from '../bot/repeat-tolerant-calls.js';

/** An update handled again (its replica died midway) goes on past the calls that had already taken effect. */
const refused = (description: string) => () => Promise.resolve({ ok: false as const, error_code: 400, description });
const call = (description: string, method: string) =>
  repeatTolerantCalls(refused(description) as never, method as never, {} as never);
const STALE = 'Bad Request: query is too old and response timeout expired or query ID is invalid';
const SAME =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

describe('calls repeated by an update handled again', () => {
  it('a second answer to a button press, and an edit the message already shows, count as done', async () => {
    expect(await call(STALE, 'answerCallbackQuery')).toEqual({ ok: true, result: true });
    expect(await call(SAME, 'editMessageReplyMarkup')).toEqual({ ok: true, result: true });
    expect(await call(SAME, 'editMessageText')).toEqual({ ok: true, result: true });
  });

  it('other refusals, and those texts from other methods, stay errors', async () => {
    expect(await call('Bad Request: MESSAGE_TOO_LONG', 'answerCallbackQuery')).toMatchObject({ ok: false });
    expect(await call(STALE, 'sendMessage')).toMatchObject({ ok: false, error_code: 400 });
    expect(await call(SAME, 'sendMessage')).toMatchObject({ ok: false, error_code: 400 });
    expect(await call("Bad Request: can't parse entities", 'editMessageText')).toMatchObject({ ok: false });
  });
});
