import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/clock.js';
import { launchUrl, signLaunchData, type LaunchUser } from './launch.js';

/**
 * The demo's stand-in for Telegram opening the Mini App: a tiny server on
 * 127.0.0.1 (in the demo's process only — never in the bot's server) whose
 * link `/<telegram user id>?screen=…` answers with a redirect to the Mini App
 * carrying launch data signed at that moment with the demo's token. Launch
 * data ages out (WEBAPP_INIT_DATA_MAX_AGE_SECONDS), a link printed in the
 * terminal does not: each open is signed afresh. Only the demo's people.
 * `theme=dark` in the link opens the app in Telegram's night theme.
 */
export interface DemoLauncher {
  /** The link that opens the Mini App as `userId`, at `appUrl`'s screen and parameters (the query of a web_app button's address). */
  linkFor(userId: number, appUrl?: string): string;
  stop(): Promise<void>;
}

export async function startDemoLauncher(o: {
  token: string;
  /** The Mini App's address (WEBAPP_URL). */
  appUrl: string;
  /** The product's clock: launch data is dated by it, as the server checks it. */
  clock: Clock;
  users: LaunchUser[];
}): Promise<DemoLauncher> {
  const users = new Map(o.users.map((u) => [u.id, u]));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const user = /^\/(\d{1,15})$/.test(url.pathname) ? users.get(Number(url.pathname.slice(1))) : undefined;
    if (req.method !== 'GET' || !user) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const theme = url.searchParams.get('theme') === 'dark' ? 'dark' : 'light';
    url.searchParams.delete('theme');
    const target = new URL(o.appUrl);
    target.search = url.search;
    const initData = signLaunchData(o.token, user, o.clock.now());
    res.writeHead(302, { location: launchUrl(target.toString(), initData, theme), 'cache-control': 'no-store' }).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    linkFor: (userId, appUrl) => `${root}/${userId}${appUrl ? new URL(appUrl).search : ''}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
