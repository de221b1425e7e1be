import { parse, validate } from '@tma.js/init-data-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.js';
import { startDemoLauncher, type DemoLauncher } from '../cli/demo/launcher.js';
import { THEME_PARAMS } from '../cli/demo/launch.js';
import { parseDemoArgs } from '../cli/demo/args.js';
import { CliError } from '../cli/io.js';
import { validateMaxInitData } from '../web/server/max-init-data.js';

/** The demo's launcher (cli/demo/launcher.ts): a link that opens the Mini App as a demo person, signed on each open. */
const TOKEN = '100000001:DEMO-launcher-test-token-000000';
const APP = 'http://127.0.0.1:8090/app/';
const clock = manualClock('2026-11-25T10:00:00+03:00');
let launcher: DemoLauncher;

beforeAll(async () => {
  launcher = await startDemoLauncher({
    messenger: 'telegram',
    token: TOKEN,
    appUrl: APP,
    clock,
    users: [{ id: 910000004, firstName: 'Елена', lastName: 'Волкова' }],
  });
});
afterAll(() => launcher.stop());

async function follow(link: string) {
  const res = await fetch(link, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get('location')!);
  const fragment = new URLSearchParams(to.hash.slice(1));
  return { res, to, fragment, initData: fragment.get('tgWebAppData')! };
}

describe('the demo launcher', () => {
  it("redirects to the Mini App with the button's screen and launch data signed now by the demo's token", async () => {
    const link = launcher.linkFor(910000004, `${APP}?screen=grid&class=2&lesson=887`);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/910000004\?screen=grid&class=2&lesson=887$/);
    const { res, to, fragment, initData } = await follow(link);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(`${to.origin}${to.pathname}${to.search}`).toBe(`${APP}?screen=grid&class=2&lesson=887`);
    expect(() => validate(initData, TOKEN, { expiresIn: 0 })).not.toThrow();
    expect(() => validate(initData, '100000001:another-token-000000000000', { expiresIn: 0 })).toThrow();
    const data = parse(initData);
    expect(data.user).toMatchObject({ id: 910000004, first_name: 'Елена', last_name: 'Волкова' });
    expect(data.auth_date.getTime()).toBe(Math.floor(clock.now().getTime() / 1000) * 1000);
    expect(fragment.get('tgWebAppVersion')).toBe('8.0');
    expect(fragment.get('tgWebAppPlatform')).toBe('web');
    expect(JSON.parse(fragment.get('tgWebAppThemeParams')!)).toEqual(THEME_PARAMS.light);
  });

  it('signs afresh on each open: a link printed an hour ago still opens with fresh launch data', async () => {
    const link = launcher.linkFor(910000004);
    clock.advance(2 * 3600_000);
    const { to, initData } = await follow(link);
    expect(to.search).toBe('');
    expect(parse(initData).auth_date.getTime()).toBe(Math.floor(clock.now().getTime() / 1000) * 1000);
  });

  it("opens in the night theme with ?theme=dark, which is the launcher's and not passed on", async () => {
    const { to, fragment } = await follow(`${launcher.linkFor(910000004)}?theme=dark`);
    expect(to.search).toBe('');
    expect(JSON.parse(fragment.get('tgWebAppThemeParams')!)).toEqual(THEME_PARAMS.dark);
  });

  it("signs for the demo's people only", async () => {
    for (const path of ['/123', '/', '/910000004/x', '/abc'])
      expect(
        (await fetch(launcher.linkFor(910000004).replace(/\/910000004$/, path), { redirect: 'manual' })).status,
      ).toBe(404);
    const post = await fetch(launcher.linkFor(910000004), { method: 'POST', redirect: 'manual' });
    expect(post.status).toBe(404);
  });
});

describe('the demo launcher in MAX (npm run demo -- --messenger max)', () => {
  const MAX_TOKEN = 'DEMO-launcher-test-max-token-0000';
  it("opens the app as MAX does: the open_app button's payload as start_param, signed now by the demo's MAX token", async () => {
    const max = await startDemoLauncher({
      messenger: 'max',
      token: MAX_TOKEN,
      appUrl: APP,
      clock,
      users: [{ id: 910000004, firstName: 'Елена', lastName: 'Волкова' }],
    });
    try {
      const link = max.linkFor(910000004, 'term_student-42');
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/910000004\?payload=term_student-42$/);
      const res = await fetch(link, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const to = new URL(res.headers.get('location')!);
      expect(`${to.origin}${to.pathname}${to.search}`).toBe(APP);
      const initData = new URLSearchParams(to.hash.slice(1)).get('WebAppData')!;
      expect(validateMaxInitData(initData, MAX_TOKEN)).toEqual({
        userId: 910000004,
        signedAt: clock.now(),
        startParam: 'term_student-42',
      });
      expect(validateMaxInitData(initData, TOKEN)).toBeNull();
      expect(new URLSearchParams(initData).get('start_param')).toBe('term_student-42');
      // A button without a payload opens the app's home: no start_param.
      const home = await fetch(max.linkFor(910000004), { redirect: 'manual' });
      const plain = new URLSearchParams(new URL(home.headers.get('location')!).hash.slice(1)).get('WebAppData')!;
      expect(new URLSearchParams(plain).has('start_param')).toBe(false);
    } finally {
      await max.stop();
    }
  });
});

describe("the demo's arguments (npm run demo -- --messenger …)", () => {
  it('plays Telegram unless MAX is asked for', () => {
    expect(parseDemoArgs([])).toEqual({ messenger: 'telegram' });
    expect(parseDemoArgs(['--messenger', 'telegram'])).toEqual({ messenger: 'telegram' });
    expect(parseDemoArgs(['--messenger', 'max'])).toEqual({ messenger: 'max' });
    expect(parseDemoArgs(['--messenger=max'])).toEqual({ messenger: 'max' });
  });

  it('names the option in a one-line error for a wrong messenger, a missing value or an unknown option', () => {
    const error = (argv: string[]) => {
      try {
        parseDemoArgs(argv);
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        return (e as Error).message;
      }
      throw new Error(`no error for ${argv.join(' ')}`);
    };
    expect(error(['--messenger', 'MAX'])).toBe('--messenger: must be telegram or max');
    expect(error(['--messenger', 'whatsapp'])).toBe('--messenger: must be telegram or max');
    expect(error(['--messenger'])).toMatch(/--messenger/);
    expect(error(['--mesenger', 'max'])).toMatch(/Unknown option '--mesenger'/);
    expect(error(['max'])).toBe("Unexpected argument 'max'");
  });
});
