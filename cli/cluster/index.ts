import { freePort } from '../../db/embedded.js';
import { startForwarder, type Forwarder } from './forwarder.js';
import { startProcess, type ClusterProcess, type Exit } from './process.js';

/**
 * The deployment of README "Running at scale" on one machine: N bot replicas
 * in webhook mode (RUN_JOBS=false, each on its own port), M workers
 * (RUN_BOT=false, each with its health port) and a round-robin forwarder in
 * front of the replicas, playing the load balancer. Every process is main.ts
 * with the same database, Redis and token; `npm run cluster`, the cluster test
 * and the cluster benchmark start it through startCluster().
 */
export interface ClusterOptions {
  replicas: number;
  workers: number;
  /** Every process's environment: BOT_TOKEN, BOT_API_ROOT, DATABASE_URL, REDIS_URL, CODE_HASH_KEY… */
  env: NodeJS.ProcessEnv;
  /** Extra settings of the replicas only, and of the workers only (a worker's FEED_SCHOOLS, its rate…). */
  replicaEnv?: NodeJS.ProcessEnv;
  workerEnv?: NodeJS.ProcessEnv;
  webhookSecret: string;
  /** The public address Telegram posts updates to (it must reach the forwarder); unset: no setWebhook. */
  webhookUrl?: string;
  /** The forwarder's port (0 or unset: a free one) and interface (default 127.0.0.1). */
  forwarderPort?: number;
  forwarderHost?: string;
  /** Each line a process prints, with its name (replica-1, worker-2…). */
  onLine?: (name: string, line: string) => void;
  /** How long start-up (and a restart) may take before it counts as failed. */
  readyTimeoutMs?: number;
  /** A folder `npm run build` wrote (BUILD_DIR): its main.js runs instead of this code's own main. */
  build?: string;
}

export interface ClusterMember extends Omit<ClusterProcess, 'restart'> {
  /** The replica's webhook port, or the worker's health port (GET /health). */
  port: number;
  /** Starts it again after kill() and resolves when it answers GET /health. */
  restart(): Promise<void>;
}

export interface Cluster {
  /** Where Telegram (or a test playing it) posts updates: the forwarder's `/telegram`. */
  forwarderUrl: string;
  forwarder: Forwarder;
  replicas: ClusterMember[];
  workers: ClusterMember[];
  /** SIGTERM to every process (SIGKILL after `graceMs`), then the forwarder closes. */
  stop(graceMs?: number): Promise<void>;
}

/** The variables that make a process a replica or a worker: the caller's copies of them do not apply. */
const ROLE_VARIABLES = [
  'BOT_MODE',
  'RUN_BOT',
  'RUN_JOBS',
  'WEBHOOK_URL',
  'WEBHOOK_SECRET',
  'WEBHOOK_PORT',
  'METRICS_PORT',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    await res.text();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Waits until the process answers GET /health on `port`; fails with what it printed if it exits or takes too long. */
async function ready(p: ClusterProcess, port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await healthy(port))) {
    if (!p.isRunning()) throw new Error(`${p.name} exited during start-up:\n${p.tail()}`);
    if (Date.now() > end) throw new Error(`${p.name} not ready within ${timeoutMs} ms:\n${p.tail()}`);
    await sleep(200);
  }
}

function member(name: string, port: number, env: NodeJS.ProcessEnv, o: ClusterOptions): ClusterMember {
  const p = startProcess(name, env, o.onLine, o.build);
  const timeout = o.readyTimeoutMs ?? 120_000;
  return {
    ...p,
    port,
    restart: async () => {
      p.restart();
      await ready(p, port, timeout);
    },
  };
}

function baseEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...env };
  for (const k of ROLE_VARIABLES) delete base[k];
  return base;
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  if (o.replicas < 1 || o.workers < 0) throw new Error('a cluster needs at least one replica');
  const base = baseEnv(o.env);
  const replicas: ClusterMember[] = [];
  const workers: ClusterMember[] = [];
  const forwarder = await startForwarder({
    ports: () => replicas.map((r) => r.port),
    port: o.forwarderPort,
    host: o.forwarderHost,
  });
  const all = () => [...replicas, ...workers];
  const stop = async (graceMs = 10_000) => {
    await Promise.all(
      all().map(async (m) => {
        if (!m.isRunning()) return;
        const force = setTimeout(() => void m.kill('SIGKILL'), graceMs);
        await m.kill('SIGTERM');
        clearTimeout(force);
      }),
    );
    await forwarder.close();
  };
  try {
    for (let i = 1; i <= o.replicas; i++) {
      const port = await freePort();
      const env = {
        ...base,
        ...o.replicaEnv,
        BOT_MODE: 'webhook',
        RUN_BOT: 'true',
        RUN_JOBS: 'false',
        WEBHOOK_PORT: String(port),
        WEBHOOK_SECRET: o.webhookSecret,
        ...(o.webhookUrl ? { WEBHOOK_URL: o.webhookUrl } : {}),
      };
      replicas.push(member(`replica-${i}`, port, env, o));
      // The first one alone: it runs the pending migrations, which two processes must not run at once.
      if (i === 1) await ready(replicas[0], port, o.readyTimeoutMs ?? 120_000);
    }
    for (let i = 1; i <= o.workers; i++) {
      const port = await freePort();
      const env = { ...base, ...o.workerEnv, RUN_BOT: 'false', RUN_JOBS: 'true', METRICS_PORT: String(port) };
      workers.push(member(`worker-${i}`, port, env, o));
    }
    await Promise.all(all().map((m) => ready(m, m.port, o.readyTimeoutMs ?? 120_000)));
  } catch (e) {
    await stop(2000);
    throw e;
  }
  return { forwarderUrl: `${forwarder.url}/telegram`, forwarder, replicas, workers, stop };
}

export type { Exit, Forwarder };
