import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signMaxLaunchData } from '../cli/demo/launch.js';
import { queryOfStartParam, startParamOf } from '../core/webapp-start.js';
import { validateMaxInitData } from '../web/server/max-init-data.js';
import { keyboardOf } from '../max/keyboard.js';

/**
 * MAX's launch data check (dev.max.ru/docs/webapps/validation) on a vector computed apart from this
 * code (Python's hmac: secret = HMAC-SHA256(key 'WebAppData', token); hash = hex HMAC-SHA256(secret,
 * the decoded fields sorted by key as key=value lines)).
 */
const TOKEN = 'max-vector-token-0001';
const HASH = 'ea5f485abc2b39f4ab4a64a54d5366f2e65501483211cb2e8f50a3456cca50d9';
const USER =
  '%7B%22id%22%3A8001%2C%22first_name%22%3A%22%D0%9C%D0%B0%D1%80%D0%B8%D1%8F%22%2C%22last_name%22%3A%22%D0%9A%D0%BE%D1%82%D0%BE%D0%B2%D0%B0%22%7D';
const RAW = `query_id=q-1&auth_date=1764662400&user=${USER}&start_param=term_student-5_period-3&hash=${HASH}`;

describe("MAX's launch data", () => {
  it('takes the documented vector: the user, the time in seconds, the start parameter', () => {
    expect(validateMaxInitData(RAW, TOKEN)).toEqual({
      userId: 8001,
      signedAt: new Date('2025-12-02T08:00:00Z'),
      startParam: 'term_student-5_period-3',
    });
    // The order of the fields on the wire does not matter: they are sorted before signing.
    const shuffled = RAW.split('&').reverse().join('&');
    expect(validateMaxInitData(shuffled, TOKEN)?.userId).toBe(8001);
  });

  it('refuses another token, a changed field, a key twice, no hash, a hash not hex', () => {
    expect(validateMaxInitData(RAW, 'max-vector-token-0002')).toBeNull();
    expect(validateMaxInitData(RAW.replace('8001', '8002'), TOKEN)).toBeNull();
    expect(validateMaxInitData(RAW.replace('auth_date=1764662400', 'auth_date=1764662401'), TOKEN)).toBeNull();
    expect(validateMaxInitData(`${RAW}&query_id=q-1`, TOKEN)).toBeNull();
    expect(validateMaxInitData(`${RAW}&hash=${HASH}`, TOKEN)).toBeNull();
    expect(validateMaxInitData(RAW.replace(`&hash=${HASH}`, ''), TOKEN)).toBeNull();
    expect(validateMaxInitData(RAW.replace(HASH, 'zz'.repeat(32)), TOKEN)).toBeNull();
    expect(validateMaxInitData(RAW, '')).toBeNull();
  });

  it('refuses well-signed data without a user id', () => {
    const raw = signMaxLaunchData(TOKEN, { id: 0, firstName: 'Нет' }, new Date('2025-12-02T08:00:00Z'));
    expect(validateMaxInitData(raw, TOKEN)).toBeNull();
  });

  it("the demo's signer agrees with the vector's algorithm", () => {
    const raw = signMaxLaunchData(
      TOKEN,
      { id: 8001, firstName: 'Мария' },
      new Date('2025-12-02T08:00:05.900Z'),
      'term',
    );
    expect(validateMaxInitData(raw, TOKEN)).toEqual({
      userId: 8001,
      signedAt: new Date('2025-12-02T08:00:05Z'),
      startParam: 'term',
    });
  });

  it('reads an auth_date in milliseconds as such (10^12 and over cannot be seconds)', () => {
    const user = encodeURIComponent(JSON.stringify({ id: 8001 }));
    const fields = `auth_date=1764662400000&user=${user}`;
    // Signed here by the same documented steps (node:crypto), to see only the date's reading.
    const secret = createHmac('sha256', 'WebAppData').update(TOKEN).digest();
    const hash = createHmac('sha256', secret)
      .update(`auth_date=1764662400000\nuser=${JSON.stringify({ id: 8001 })}`)
      .digest('hex');
    expect(validateMaxInitData(`${fields}&hash=${hash}`, TOKEN)?.signedAt).toEqual(new Date('2025-12-02T08:00:00Z'));
  });
});

describe("a screen's address in an open_app button's payload", () => {
  it('goes there and back in the characters MAX allows', () => {
    const q = new URLSearchParams('screen=grid&class=12&subject=3&lesson=4005');
    expect(startParamOf(q)).toBe('grid_class-12_subject-3_lesson-4005');
    expect(queryOfStartParam('grid_class-12_subject-3_lesson-4005').toString()).toBe(q.toString());
    expect(startParamOf(new URLSearchParams(''))).toBe('');
    expect(queryOfStartParam('').toString()).toBe('');
  });

  it('leaves out what MAX would refuse and reads nothing from a foreign parameter', () => {
    expect(startParamOf(new URLSearchParams('screen=term&student=5&note=a b'))).toBe('term_student-5');
    expect(queryOfStartParam('term_student-5_x=1').toString()).toBe('screen=term&student=5');
    expect(queryOfStartParam('%%%').toString()).toBe('');
  });
});

const buttonsOf = (a: ReturnType<typeof keyboardOf>) => (a?.type === 'inline_keyboard' ? a.payload.buttons : null);

describe("a Telegram web_app button in MAX's keyboard", () => {
  const markup = {
    inline_keyboard: [
      [
        { text: 'Журнал', web_app: { url: 'https://school.example.test/app/?screen=grid&class=12&lesson=40' } },
        { text: 'Назад', callback_data: 'b' },
      ],
    ],
  };

  it('becomes an open_app button of the bot, the screen in the payload', () => {
    expect(buttonsOf(keyboardOf(markup, { webApp: 'dnevnik_max_bot', contactId: 900001 }))).toEqual([
      [
        {
          type: 'open_app',
          text: 'Журнал',
          web_app: 'dnevnik_max_bot',
          contact_id: 900001,
          payload: 'grid_class-12_lesson-40',
        },
        { type: 'callback', text: 'Назад', payload: 'b' },
      ],
    ]);
  });

  it('is left out, never a plain link, while the bot does not know itself', () => {
    expect(buttonsOf(keyboardOf(markup))).toEqual([[{ type: 'callback', text: 'Назад', payload: 'b' }]]);
  });
});
