import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import type { WebEnv } from './context.js';

/**
 * The built client under /app/: content-hashed bundles cached for a year,
 * index.html never (it names the current bundles). Any other path under /app/
 * gets index.html: the screen is chosen by the page's query string.
 */
export function staticFiles(dir: string): MiddlewareHandler<WebEnv> {
  if (!existsSync(path.join(dir, 'index.html')))
    throw new Error(`The Mini App is not built: ${dir}/index.html is missing. Run npm run build.`);
  const root = path.relative(process.cwd(), dir) || '.';
  const asset = serveStatic<WebEnv>({ root, rewriteRequestPath: (p) => p.replace(/^\/app/, '') });
  const index = serveStatic<WebEnv>({ path: path.join(root, 'index.html') });
  return async (c, next) => {
    const bundle = c.req.path.startsWith('/app/assets/');
    const res = await (bundle ? asset : index)(c, next);
    if (res?.ok) res.headers.set('cache-control', bundle ? 'public, max-age=31536000, immutable' : 'no-store');
    return res;
  };
}
