import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import { unhookEmbeddedExitEvents } from '../../db/embedded.js';
import { FakeBotApi } from '../../test/support/fake-bot-api/index.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { CliError, type Io } from '../io.js';
import { startCluster, type Cluster } from './index.js';

/**
 * `npm run cluster` (`cli cluster`): README's "Running at scale" on one
 * machine without Docker — bot replicas in webhook mode behind a round-robin
 * forwarder, and workers, all on the PostgreSQL server and Redis of
 * DATABASE_URL and REDIS_URL. With Telegram, WEBHOOK_URL is the public HTTPS
 * address that reaches the forwarder's port. With --fake-telegram it runs
 * against a local fake Bot API instead and checks one /start end to end.
 */
const USAGE = 'cluster [--replicas 3] [--workers 2] [--port 8080] [--fake-telegram]';
const FAKE_TOKEN = '100000002:CLUSTER-local-token-never-sent-to-telegram';

const Args = z.object({
  replicas: z.coerce.number().int().min(1).max(16).default(3),
  workers: z.coerce.number().int().min(0).max(16).default(2),
  port: z.coerce.number().int().min(1).max(65535).default(8080),
  'fake-telegram': z.boolean().default(false),
});

/** Where the shared services are, without user names or passwords. */
const where = (url: string) => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
};

function required(env: NodeJS.ProcessEnv, fake: boolean): void {
  const missing = ['DATABASE_URL', 'REDIS_URL', ...(fake ? [] : ['BOT_TOKEN', 'WEBHOOK_URL', 'WEBHOOK_SECRET'])].filter(
    (k) => !env[k],
  );
  if (missing.length)
    throw new CliError(
      `${missing.join(', ')} must be set: the replicas and workers share one PostgreSQL server (DATABASE_URL) and one Redis (REDIS_URL)${fake ? '' : '; with Telegram, WEBHOOK_URL is the public HTTPS address that reaches the forwarder, or try it with --fake-telegram'}`,
      2,
    );
}

function describe(cluster: Cluster, env: NodeJS.ProcessEnv, fake: FakeBotApi | undefined, io: Io): void {
  io.out(`Forwarder (the load balancer): ${cluster.forwarderUrl} → replicas round-robin`);
  for (const r of cluster.replicas)
    io.out(`  ${r.name}: webhook on http://127.0.0.1:${r.port}/telegram (pid ${r.pid()}), RUN_JOBS=false`);
  for (const w of cluster.workers)
    io.out(`  ${w.name}: deliveries, schedules, feed; health http://127.0.0.1:${w.port}/health (pid ${w.pid()})`);
  io.out(`PostgreSQL: ${where(env.DATABASE_URL!)}   Redis: ${where(env.REDIS_URL!)}`);
  io.out(fake ? `Bot API: the local fake at ${fake.url} (no Telegram)` : `Telegram posts to ${env.WEBHOOK_URL}`);
}

/** One /start through the fake Telegram, the forwarder and a replica: what a person trying it sees work. */
async function checkStart(cluster: Cluster, fake: FakeBotApi, io: Io): Promise<void> {
  const started = Date.now();
  const { update, message } = fake.injectMessage(100_000_001, '/start');
  const reply = await fake.waitForMessage(100_000_001, () => true, 60_000, message.messageId).catch(() => undefined);
  if (!reply) return void io.out('Check: /start from a test user got no answer within 60 s (see the log above).');
  const answered = () => cluster.forwarder.log.find((l) => l.updateId === update.update_id && l.status === 200);
  // The forwarder logs the request when the replica's answer (sent after the reply) has come back.
  for (let i = 0; i < 100 && !answered(); i++) await new Promise((r) => setTimeout(r, 50));
  const port = answered()?.port;
  const replica = cluster.replicas.find((r) => r.port === port)?.name ?? 'a replica';
  io.out(`Check: /start from a test user answered by ${replica} in ${Date.now() - started} ms:`);
  io.out(`  «${(reply.text ?? '').split('\n')[0]}»`);
}

async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(
    argv,
    {
      replicas: { type: 'string' },
      workers: { type: 'string' },
      port: { type: 'string' },
      'fake-telegram': { type: 'boolean' },
    },
    Args,
  );
  const fakeMode = args['fake-telegram'];
  required(io.env, fakeMode);
  // Update ids from a random start: the shared store remembers the ids an earlier run handled.
  const fake = fakeMode ? new FakeBotApi({ token: FAKE_TOKEN, firstUpdateId: randomInt(1, 2 ** 40) }) : undefined;
  const signalled = new Promise<string>((resolve) => {
    unhookEmbeddedExitEvents(['SIGTERM', 'SIGINT']);
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => resolve(s));
  });
  const secret = fake ? randomBytes(24).toString('base64url') : io.env.WEBHOOK_SECRET!;
  const env = fake ? { ...io.env, BOT_TOKEN: FAKE_TOKEN, BOT_API_ROOT: await fake.start() } : io.env;
  io.err(`Starting ${args.replicas} bot replica(s) and ${args.workers} worker(s)…`);
  let cluster: Cluster;
  try {
    cluster = await startCluster({
      replicas: args.replicas,
      workers: args.workers,
      env,
      webhookSecret: secret,
      webhookUrl: fake ? `http://127.0.0.1:${args.port}/telegram` : io.env.WEBHOOK_URL,
      forwarderPort: args.port,
      onLine: (name, line) => io.err(`[${name}] ${line}`),
    });
  } catch (e) {
    await fake?.stop();
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  describe(cluster, env, fake, io);
  if (fake) await Promise.race([checkStart(cluster, fake, io), signalled]);
  io.out('Running; Ctrl+C stops every process.');
  const signal = await signalled;
  io.err(`${signal}: stopping…`);
  await cluster.stop();
  await fake?.stop();
  io.out('Stopped.');
  return 0;
}

export const command: CliCommand = {
  summary: 'start bot replicas (webhook) behind a round-robin forwarder and workers on this machine, no Docker',
  usage: USAGE,
  main: run,
};
