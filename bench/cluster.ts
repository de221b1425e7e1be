import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { measureCity, TODAY } from './cluster-city.js';
import { measureReplicas, type ReplicaFigures } from './cluster-replicas.js';
import { machine } from './support.js';
import { measureUnpaced } from './worker.js';

/**
 * `npm run bench -- cluster [--schools 50] [--students 1000] [--paid-rate 1000] [--free-sample 12] [--alerts 20]
 * [--chats 5000]` on the PostgreSQL server and Redis (DATABASE_URL, REDIS_URL; each part makes its own
 * database there): 1, 2 and 3 bot replicas (updates/s, p95, ratio to one); the worker's unpaced
 * deliveries/s; the city's 19:00 digest (seed --city) drained at the free rate (a sample) and with paid
 * broadcasts, a personal alert written in its middle; the diary's /marks on the city database.
 * BENCH_CITY_SCHOOLS / BENCH_CITY_STUDENTS (or the flags) make a smaller city for a quick run. Last line:
 * replicas=3 answered_once=… lost=… duplicates=… unpaced_per_s=… city_digest_ratio=… alert_during_digest_p95_ms=…
 */
function options() {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: Object.fromEntries(
      ['schools', 'students', 'paid-rate', 'free-sample', 'alerts', 'chats'].map((k) => [k, { type: 'string' }]),
    ),
  });
  const num = (k: string, env: string | undefined, d: number) => Number(values[k] ?? env ?? d);
  return {
    schools: num('schools', process.env.BENCH_CITY_SCHOOLS, 50),
    students: num('students', process.env.BENCH_CITY_STUDENTS, 1000),
    paidRate: num('paid-rate', undefined, 1000),
    freeSampleSeconds: num('free-sample', undefined, 12),
    alerts: num('alerts', undefined, 20),
    chats: num('chats', undefined, 5000),
  };
}

const load = () =>
  execSync('uptime')
    .toString()
    .trim()
    .replace(/^.*load/, 'load');
const f0 = (x: number) => x.toFixed(0);

async function replicas(databaseUrl: string, redisUrl: string): Promise<ReplicaFigures[] | null> {
  try {
    const rows = await measureReplicas({ databaseUrl, redisUrl, counts: [1, 2, 3] });
    const one = rows.find((r) => r.replicas === 1)?.updatesPerSec ?? NaN;
    for (const r of rows)
      console.log(
        `  ${r.replicas} bot replica(s): ${f0(r.updatesPerSec)} updates/s, p95 ${f0(r.p95Ms)} ms, ×${(r.updatesPerSec / one).toFixed(2)} of one`,
      );
    return rows;
  } catch (e) {
    console.log(`  not measured: ${(e as Error).message}`);
    return null;
  }
}

export async function run(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl)
    throw new Error(
      'bench cluster needs the PostgreSQL server and Redis: set DATABASE_URL (it makes its own databases there) and REDIS_URL',
    );
  const o = options();
  console.log(
    `cluster bench: ${machine()}; PostgreSQL server + Redis; ${load()} (a shared machine: figures are noisy)`,
  );
  console.log('bot replicas (webhook, round-robin):');
  const rep = await replicas(databaseUrl, redisUrl);
  const three = rep?.find((r) => r.replicas === 3);
  const w = await measureUnpaced({ adminUrl: databaseUrl, redisUrl, chats: o.chats, concurrency: '8' });
  console.log(
    `worker unpaced: ${w.deliveries} deliveries, fake Bot API on loopback without limits: ${f0(w.perSecond)} deliveries/s (target ≥ 1,000), lost ${w.lost}, duplicates ${w.duplicates}; ${load()}`,
  );
  const c = await measureCity({ adminUrl: databaseUrl, redisUrl, freeRate: 25, ...o });
  const s = c.seed;
  console.log(
    `city: seed --city ${o.schools} --students ${o.students}: ${s.rows.student} students, ${s.rows.guardian} guardians linked, ${s.rows.mark} marks; ${Object.values(s.rows).reduce((a, b) => a + b, 0)} rows in ${s.seconds.toFixed(1)} s (${f0(s.rowsPerSecond)} rows/s)`,
  );
  console.log(`city's 19:00 digest (${TODAY}): ${c.messages} messages, planned in ${c.planSeconds.toFixed(1)} s`);
  console.log(
    `  free rate 25/s: a ${o.freeSampleSeconds} s sample, ${c.free.sent} sent at ${c.free.rate.toFixed(1)}/s (ratio ${(c.free.rate / 25).toFixed(3)}); the whole digest would take ${(c.messages / 25 / 60).toFixed(1)} min`,
  );
  const ratio = c.paid.rate / o.paidRate;
  console.log(
    `  paid broadcasts, NOTIFY_PAID_RATE_PER_SECOND=${o.paidRate}${o.paidRate < 1000 ? " (below Telegram's 1,000/s, as asked)" : ''}: the other ${c.paid.sent} in ${c.paid.seconds.toFixed(1)} s at ${c.paid.rate.toFixed(1)}/s, ratio ${ratio.toFixed(3)}; at 1,000/s the whole digest would take ${(c.messages / 1000).toFixed(0)} s`,
  );
  console.log(
    `  per-chat violations ${c.violations}, lost ${c.lost}, duplicates ${c.duplicates}; ${c.paidStars} sends with allow_paid_broadcast, ${c.refused429} refused with 429 (over the broadcast limit)`,
  );
  console.log(
    `  personal alert (a late arrival) written mid-digest, commit → message (${c.alerts} samples): p50 ${f0(c.alert.p50)} ms, p95 ${f0(c.alert.p95)} ms (target < 2,000)`,
  );
  if (c.alert.p95 >= 60_000)
    console.log(`  (alerts not delivered in 60 s; their delivery rows: ${JSON.stringify(c.personalRows)})`);
  console.log(
    `diary /marks on the city database (whole bot, 200 guardians): p50 ${c.marks.p50.toFixed(1)} ms, p95 ${c.marks.p95.toFixed(1)} ms (target < 50); ${load()}`,
  );
  const na = (x: boolean | number | undefined) => (x === undefined ? 'n/a' : String(x));
  console.log(
    `replicas=3 answered_once=${na(three?.answeredOnce)} lost=${na(three?.lost)} duplicates=${na(three?.duplicates)} unpaced_per_s=${f0(w.perSecond)} city_digest_ratio=${ratio.toFixed(3)} alert_during_digest_p95_ms=${f0(c.alert.p95)}`,
  );
}
