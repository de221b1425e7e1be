import { performance } from 'node:perf_hooks';
import { benchBot } from './bot.js';
import { benchDatabase, machine, ms, percentiles } from './support.js';

/**
 * How long one update takes through the whole bot (session, access profile
 * from PostgreSQL, the feature, Fluent), with the Bot API answered in-process.
 * Links the demo parents by their codes first, then sends /children and
 * /settings from random linked parents: sequentially and 10 at a time.
 */
export async function run(): Promise<void> {
  const { db, seed, mode, close } = await benchDatabase();
  const ds = db.dataSource;
  const { bot, message: msg, press } = benchBot(ds);
  const parents = seed.invitations.filter((i) => i.role === 'parent').slice(0, 50);
  const linkTimes: number[] = [];
  for (const [i, p] of parents.entries()) {
    const t = performance.now();
    await bot.handleUpdate(msg(100000 + i, `/start ${p.code}`));
    await bot.handleUpdate(press(100000 + i, 'cf:y'));
    linkTimes.push(performance.now() - t);
  }
  const users = parents.map((_, i) => 100000 + i);
  const pick = () => users[Math.floor(Math.random() * users.length)];
  const N = 1000;
  const seq: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await bot.handleUpdate(msg(pick(), i % 2 ? '/children' : '/settings'));
    seq.push(performance.now() - t);
  }
  const t0 = performance.now();
  const conc: number[] = [];
  for (let i = 0; i < N; i += 10)
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const t = performance.now();
        await bot.handleUpdate(msg(users[(i + j) % users.length], '/children'));
        conc.push(performance.now() - t);
      }),
    );
  const concSec = (performance.now() - t0) / 1000;
  const l = percentiles(linkTimes);
  const s = percentiles(seq);
  const c = percentiles(conc);
  console.log(`update-latency on ${mode}; ${machine()}`);
  console.log(`  link by code + consent (2 updates), ${parents.length} parents: p50 ${ms(l.p50)}, p95 ${ms(l.p95)}`);
  console.log(
    `  /children or /settings, ${N} sequential: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, ${(1000 / s.mean).toFixed(0)} updates/s`,
  );
  console.log(
    `  /children, ${N} at 10 concurrent chats: p50 ${ms(c.p50)}, p95 ${ms(c.p95)}, ${(N / concSec).toFixed(0)} updates/s`,
  );
  await close();
}
