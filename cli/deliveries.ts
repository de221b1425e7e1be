import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { systemClock } from '../core/clock.js';
import { deliveryMetrics, failedDeliveries, failedEvents, retryDelivery } from '../core/notifications/metrics.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './command.js';
import { withDatabase } from './database.js';
import { CliError, type Io } from './io.js';

/** What went wrong with notifications, for staff: failed deliveries with their reasons, events set aside. */
export async function runDeliveriesFailed(ds: DataSource, args: { limit: number; json: boolean }, io: Io) {
  const deliveries = await failedDeliveries(ds, args.limit);
  const events = await failedEvents(ds, args.limit);
  if (args.json) return void io.out(JSON.stringify({ deliveries, events }));
  if (!deliveries.length && !events.length) return void io.out('No failed deliveries.');
  if (deliveries.length) {
    io.out(`Failed deliveries (${deliveries.length}, newest first):`);
    for (const d of deliveries)
      io.out(
        `  #${d.id}  ${d.at.toISOString()}  ${d.kind}  school ${d.schoolId}  link ${d.linkId ?? '-'}  student ${d.studentId ?? '-'}  attempts ${d.attempts}  ${d.reason ?? ''}`,
      );
  }
  if (events.length) {
    io.out(`Journal events set aside (${events.length}):`);
    for (const e of events) io.out(`  event #${e.id}  ${e.type}  attempts ${e.attempts}  ${e.reason}`);
  }
}

export async function runDeliveriesStats(ds: DataSource, args: { json: boolean }, io: Io, correctionWindowMs: number) {
  const m = await deliveryMetrics(ds, systemClock.now(), correctionWindowMs);
  if (args.json) return void io.out(JSON.stringify(m));
  const d = m.deliveries;
  io.out(
    `Deliveries: pending ${d.pending}, sending ${d.sending}, sent ${d.sent}, failed ${d.failed}, blocked ${d.blocked}, cancelled ${d.cancelled}`,
  );
  io.out(
    `Lag: ${m.lagSeconds.toFixed(1)} s; outbox pending ${m.outboxPending} (lag ${m.outboxLagSeconds.toFixed(1)} s); digest lines waiting ${m.digestWaiting}`,
  );
}

const USAGE = 'deliveries failed [--limit <n>] [--json] | stats [--json] | retry --id <n>';

export const command: CliCommand = {
  summary: 'notification deliveries: failed ones with their reasons, counts and lag, send a failed one again',
  usage: USAGE,
  async main(argv, io) {
    const [action, ...rest] = argv;
    if (action === 'failed') {
      const args = parseCommandArgs(
        rest,
        { limit: { type: 'string' }, json: { type: 'boolean' } },
        z.object({ limit: z.coerce.number().int().min(1).max(10000).default(50), json: z.boolean().default(false) }),
      );
      return void (await withDatabase(io, (ds) => runDeliveriesFailed(ds, args, io)));
    }
    if (action === 'stats') {
      const args = parseCommandArgs(
        rest,
        { json: { type: 'boolean' } },
        z.object({ json: z.boolean().default(false) }),
      );
      return void (await withDatabase(io, (ds, config) =>
        runDeliveriesStats(ds, args, io, config.NOTIFY_CORRECTION_WINDOW_SECONDS * 1000),
      ));
    }
    if (action === 'retry') {
      const args = parseCommandArgs(
        rest,
        { id: { type: 'string' } },
        z.object({ id: z.coerce.number().int().positive() }),
      );
      return void (await withDatabase(io, async (ds) => {
        if (!(await retryDelivery(ds, args.id))) throw new CliError(`no failed delivery with id ${args.id}`);
        io.out(`Delivery ${args.id} will be sent again.`);
      }));
    }
    throw new CliError(`usage: ${USAGE}`);
  },
};
