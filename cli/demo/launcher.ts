import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/clock.js';
import { launchUrl, maxLaunchUrl, signLaunchData, signMaxLaunchData, type LaunchUser } from './launch.js';

/**
 * The demo's stand-in for the messenger opening the Mini App: a tiny server on
 * 127.0.0.1 (in the demo's process only — never in the bot's server) whose
 * link `/<user id>?…` answers with a redirect to the Mini App carrying launch
 * data signed at that moment with the demo's token, as that messenger signs
 * it. Launch data ages out (WEBAPP_INIT_DATA_MAX_AGE_SECONDS), a link printed
 * in the terminal does not: each open is signed afresh. Only the demo's people.
 * Telegram: `?screen=…` as a web_app button's address, `theme=dark` for the
 * night theme. MAX: `?payload=…`, an `open_app` button's payload (start_param).
 */
export interface DemoLauncher {
  /** The link that opens the Mini App as `userId` from a button: a web_app button's address (Telegram), an open_app button's payload (MAX). */
  linkFor(userId: number, opens?: string): string;
  stop(): Promise<void>;
}

export async function startDemoLauncher(o: {
  messenger: 'telegram' | 'max';
  token: string;
  /** The Mini App's address (WEBAPP_URL). */
  appUrl: string;
  /** The product's clock: launch data is dated by it, as the server checks it. */
  clock: Clock;
  users: LaunchUser[];
}): Promise<DemoLauncher> {
  const users = new Map(o.users.map((u) => [u.id, u]));
  const launch = (q: URLSearchParams, user: LaunchUser): string => {
    if (o.messenger === 'max')
      return maxLaunchUrl(o.appUrl, signMaxLaunchData(o.token, user, o.clock.now(), q.get('payload') || undefined));
    const theme = q.get('theme') === 'dark' ? 'dark' : 'light';
    q.delete('theme');
    const target = new URL(o.appUrl);
    target.search = q.toString();
    return launchUrl(target.toString(), signLaunchData(o.token, user, o.clock.now()), theme);
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const user = /^\/(\d{1,15})$/.test(url.pathname) ? users.get(Number(url.pathname.slice(1))) : undefined;
    if (req.method !== 'GET' || !user) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(302, { location: launch(url.searchParams, user), 'cache-control': 'no-store' }).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    linkFor: (userId, opens) =>
      `${root}/${userId}${!opens ? '' : o.messenger === 'max' ? `?payload=${encodeURIComponent(opens)}` : new URL(opens).search}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
