/** `npm run bench -- <name>`: runs one benchmark and prints its figures with the machine named. */
const benches: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  'update-latency': () => import('./update-latency.js'),
  'journal-writes': () => import('./journal-writes.js'),
  feed: () => import('./feed.js'),
  fanout: () => import('./fanout.js'),
  worker: () => import('./worker.js'),
  cluster: () => import('./cluster.js'),
  announcement: () => import('./announcement.js'),
  diary: () => import('./diary.js'),
  chart: () => import('./chart.js'),
  control: () => import('./control.js'),
  startup: () => import('./startup.js'),
  'webapp-browser': () => import('./webapp-browser.js'),
  webapp: () => import('./webapp.js'),
};

const name = process.argv[2];
const load = name ? benches[name] : undefined;
if (!load) {
  process.stderr.write(`Usage: npm run bench -- <${Object.keys(benches).join('|')}>\n`);
  process.exit(2);
}
(await load()).run().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
