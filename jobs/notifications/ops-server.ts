import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock.js';
import { deliveryMetrics, prometheusText } from '../../core/notifications/metrics.js';
import { feedMetricsText, feedStatus } from '../../core/feed/state.js';
import { lastBackup } from '../../core/backup/runs.js';
import type { Logger } from '../../core/logger.js';
import type { Redis } from '../../db/stores/redis.js';
import type { NotificationWorker } from './worker.js';

/**
 * GET /health: the database, Redis (when configured) and the delivery
 * worker's last round, as JSON; 200 when all are well, 503 otherwise.
 * GET /metrics: delivery counts, lag and the outbox in Prometheus text format.
 * There is no authentication, so it listens on 127.0.0.1 unless METRICS_HOST
 * says otherwise, and says only ok / fail per component: error texts (which
 * name hosts and users) and paths go to the log, not to whoever asks.
 */
export interface OpsServer {
  /** The interface it listens on. */
  address: string;
  port: number;
  close(): Promise<void>;
}

const STALE_TICK_SECONDS = 60;

export async function startOpsServer(o: {
  ds: DataSource;
  port: number;
  /** METRICS_HOST: the interface to listen on (default 127.0.0.1). */
  host?: string;
  redis?: Redis;
  worker: NotificationWorker;
  logger?: Logger;
  clock: Clock;
  correctionWindowMs?: number;
}): Promise<OpsServer> {
  const tickAge = () => (o.worker.lastTick ? (Date.now() - o.worker.lastTick.getTime()) / 1000 : null);
  const health = async () => {
    const failed = (component: string) => (e: Error) => {
      o.logger?.warn({ component, err: e.message }, 'health check failed');
      return 'fail';
    };
    const database = await o.ds.query('SELECT 1').then(() => 'ok', failed('database'));
    const redis = o.redis ? await o.redis.ping().then(() => 'ok', failed('redis')) : 'not configured';
    const age = tickAge();
    const worker = age === null ? 'starting' : age > STALE_TICK_SECONDS ? 'stalled' : 'ok';
    const ok = database === 'ok' && (redis === 'ok' || redis === 'not configured') && worker !== 'stalled';
    // When the last successful backup finished (docs/backup.md; where it is: `npm run cli -- backup status`).
    // Shown, not part of `ok`: a missing backup is not an outage.
    const last = database === 'ok' ? await lastBackup(o.ds).catch(() => null) : null;
    const backup = last ? { at: last.at } : null;
    return {
      ok,
      body: {
        status: ok ? 'ok' : 'fail',
        database,
        redis,
        worker,
        lastTick: o.worker.lastTick?.toISOString() ?? null,
        backup,
      },
    };
  };
  const server: Server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    if (url === '/health')
      return void health().then(({ ok, body }) =>
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      );
    if (url === '/metrics')
      return void Promise.all([deliveryMetrics(o.ds, o.clock.now(), o.correctionWindowMs ?? 0), feedStatus(o.ds)])
        .then(([m, feeds]) =>
          res
            .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
            .end(prometheusText(m, { lastTickAgeSeconds: tickAge() }) + feedMetricsText(feeds)),
        )
        .catch((e: Error) => {
          o.logger?.warn({ err: e.message }, 'metrics unavailable');
          res.writeHead(503, { 'content-type': 'text/plain' }).end('# metrics unavailable\n');
        });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', resolve);
  });
  return {
    address: (server.address() as AddressInfo).address,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
