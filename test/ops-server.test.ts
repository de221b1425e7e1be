import { networkInterfaces } from 'node:os';
import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { startOpsServer } from '../jobs/notifications/ops-server.js';
import type { NotificationWorker } from '../jobs/notifications/worker.js';

/**
 * Row 9 of issue 14: /health and /metrics listened on every interface without
 * authentication and showed database errors and the backup path.
 */
const SECRET_ERROR = 'password authentication failed for user "dnevnik" at 10.0.0.5';
const brokenDb = { query: () => Promise.reject(new Error(SECRET_ERROR)) } as unknown as DataSource;
const worker = { lastTick: new Date() } as unknown as NotificationWorker;
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('the ops server', () => {
  it('listens on 127.0.0.1 unless METRICS_HOST says otherwise', async () => {
    const ops = await startOpsServer({ ds: brokenDb, port: 0, worker, clock: systemClock });
    try {
      expect(ops.address).toBe('127.0.0.1');
      if (outsideAddress)
        await expect(fetch(`http://${outsideAddress}:${ops.port}/health`)).rejects.toThrow(/fetch failed/);
    } finally {
      await ops.close();
    }
  });

  it('/health says fail per component without the error text; /metrics neither', async () => {
    const ops = await startOpsServer({ ds: brokenDb, port: 0, worker, clock: systemClock });
    try {
      const health = await fetch(`http://127.0.0.1:${ops.port}/health`);
      expect(health.status).toBe(503);
      const text = await health.text();
      expect(JSON.parse(text)).toEqual({
        status: 'fail',
        database: 'fail',
        redis: 'not configured',
        worker: 'ok',
        lastTick: expect.any(String),
        backup: null,
      });
      const metrics = await fetch(`http://127.0.0.1:${ops.port}/metrics`);
      expect(metrics.status).toBe(503);
      for (const body of [text, await metrics.text()]) expect(body).not.toMatch(/password|10\.0\.0\.5|dnevnik"/);
    } finally {
      await ops.close();
    }
  });
});
