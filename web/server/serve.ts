import { existsSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import type { WebDeps } from './context.js';
import { createWebApp } from './index.js';

/** The built page: dist/webapp from the sources, webapp/ beside the compiled server in dist/. */
export function webappDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiled = path.join(here, '..', '..', 'webapp');
  return existsSync(path.join(compiled, 'index.html')) ? compiled : path.join(here, '..', '..', 'dist', 'webapp');
}

/** The Mini App as a Node request handler, for the webhook's server or its own. */
export const webappListener = (deps: Omit<WebDeps, 'staticDir'> & { staticDir?: string }): RequestListener =>
  getRequestListener(createWebApp({ ...deps, staticDir: deps.staticDir ?? webappDir() }).fetch);

/** Serves `handler` on `port` (0: any free port); close() ends keep-alive connections too. */
export async function listen(
  handler: RequestListener,
  port: number,
  host?: string,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open until they time out.
        server.closeIdleConnections();
      }),
  };
}
