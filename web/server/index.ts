import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { initDataAuth } from './auth.js';
import type { WebDeps, WebEnv } from './context.js';
import { ApiRefusal, errorBody } from './http-errors.js';
import { glanceRoutes } from './routes/glance.js';
import { gridRoutes } from './routes/grid.js';
import { meRoutes } from './routes/me.js';
import { termRoutes } from './routes/term.js';
import { panelRoutes } from './routes/panel.js';
import { securityHeaders } from './security.js';
import { staticFiles } from './static.js';

export type { ChatSender, WebDeps } from './context.js';

/** A JSON body is a cell, a reason or a request for a file: a few hundred bytes. */
export const MAX_API_BODY_BYTES = 16 * 1024;

/**
 * The Mini App's server (docs/webapp.md): the built page under /app/ and its
 * JSON API under /app/api/, every call signed in by Telegram's launch data and
 * answered through the services facade with the chat's access policy.
 */
export function createWebApp(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('*', securityHeaders());
  app.use('/app/api/*', bodyLimit({ maxSize: MAX_API_BODY_BYTES, onError: (c) => c.json(errorBody('tooLarge'), 413) }));
  app.use('/app/api/*', initDataAuth(deps));
  app.route('/app/api', meRoutes(deps));
  app.route('/app/api', termRoutes(deps));
  app.route('/app/api', glanceRoutes(deps));
  app.route('/app/api', panelRoutes(deps));
  app.route('/app/api', gridRoutes(deps));
  app.all('/app/api/*', (c) => c.json(errorBody('notFound'), 404));
  app.get('/app', (c) => c.redirect('/app/'));
  app.get('/app/*', staticFiles(deps.staticDir));
  app.onError((err, c) => {
    if (err instanceof ApiRefusal) return c.json(err.body(), err.status);
    deps.logger.error({ err: err.message, path: c.req.routePath }, 'web api error');
    return c.json(errorBody('internal'), 500);
  });
  app.notFound((c) => c.json(errorBody('notFound'), 404));
  return app;
}
