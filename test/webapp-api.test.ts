import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { guardianOf, setupBotTest, staffOf, type BotTest } from './helpers/bot-test.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import { launchData, webTest, type WebTest } from './helpers/webapp.js';

const TEACHER = 501;
const MOTHER = 502;
const DEPUTY = 503;
const STRANGER = 509;
const clock = manualClock('2026-11-23T12:00:00+03:00');

let t: BotTest<SchoolFixture>;
let web: WebTest;

beforeAll(async () => {
  t = await setupBotTest({
    fixture: makeSchool,
    clock,
    people: (f) => [
      [TEACHER, staffOf(f, f.mathTeacher, 'teacher')],
      [MOTHER, guardianOf(f, f.anna, f.mother)],
      [DEPUTY, staffOf(f, f.deputy, 'deputy')],
    ],
  });
  web = webTest(t.h);
});
afterAll(() => t.db.close());

describe('the Mini App signs in by Telegram launch data only', () => {
  it('refuses a call without launch data, with a Russian message the page shows', async () => {
    const res = await web.app.request('/app/api/me');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: 'unauthorized',
      message: 'Не удалось подтвердить вход. Закройте и откройте приложение из чата с ботом.',
    });
  });

  it('refuses launch data signed with another token, or changed after signing', async () => {
    const forged = launchData('42:ANOTHER-token-of-another-bot', MOTHER, clock.now());
    expect((await web.call({ initData: forged }, 'me')).status).toBe(401);
    const tampered = launchData(t.h.token, STRANGER, clock.now()).replace(
      `%22id%22%3A${STRANGER}`,
      `%22id%22%3A${TEACHER}`,
    );
    expect(tampered).not.toBe(launchData(t.h.token, STRANGER, clock.now()));
    expect((await web.call({ initData: tampered }, 'me')).status).toBe(401);
  });

  it('refuses launch data older than an hour by the product clock, and takes it just before', async () => {
    const old = launchData(t.h.token, MOTHER, new Date(clock.now().getTime() - 3601_000));
    const res = await web.call({ initData: old }, 'me');
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('expired');
    const recent = launchData(t.h.token, MOTHER, new Date(clock.now().getTime() - 3500_000));
    expect((await web.call({ initData: recent }, 'me')).status).toBe(200);
  });

  it('refuses an account that is not linked to the school', async () => {
    const { status, body } = await web.json(STRANGER, 'me');
    expect(status).toBe(403);
    expect(body.message).toContain('не привязан');
  });

  it('tells each role which screens it may open', async () => {
    expect((await web.json(TEACHER, 'me')).body).toMatchObject({ screens: ['grid'], children: [] });
    const mother = (await web.json(MOTHER, 'me')).body;
    expect(mother).toMatchObject({ staff: null, screens: ['term'] });
    expect(mother.children).toEqual([{ studentId: t.f.anna.id, name: 'Анна Иванова', className: '5А' }]);
    expect((await web.json(DEPUTY, 'me')).body.screens).toEqual(['panel']);
  });

  it('answers an unknown API path with JSON 404 and a too large body with 413', async () => {
    expect((await web.json(MOTHER, 'no-such-thing')).status).toBe(404);
    const res = await web.call(MOTHER, 'me', { pad: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
  });
});

describe('the page is served so that Telegram can frame it and nothing else runs in it', () => {
  it('serves index.html with a strict CSP whose frame-ancestors are Telegram web clients, no X-Frame-Options', async () => {
    const res = await web.app.request('/app/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<script type="module" src="\.\/assets\/app-[A-Z0-9]+\.js"><\/script>/);
    expect(html).not.toMatch(/<script>(?!<)/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https://web.telegram.org");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the bundles it names, cached for a year', async () => {
    const html = await (await web.app.request('/app/')).text();
    const js = /src="\.\/(assets\/app-[A-Z0-9]+\.js)"/.exec(html)![1];
    const res = await web.app.request(`/app/${js}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await web.app.request('/app/assets/../../package.json')).status).not.toBe(200);
  });
});
