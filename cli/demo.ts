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
import { CliError } from './io.js';
import { parseDemoArgs } from './demo/args.js';
import type { DemoChatApi, DemoMessengerName } from './demo/chat-api.js';
import { DEMO_MAX_TOKEN, DEMO_TOKEN, startDemoMessenger, type DemoMessenger } from './demo/messenger.js';
import { ForeignSchoolError, pickPersonas, prepareDemoSchool, type DemoSchool, type Persona } from './demo/school.js';
import { startDemoLauncher, type DemoLauncher } from './demo/launcher.js';
import { choosePersona, personaLine } from './demo/pick.js';
import { Screen, TerminalChat } from './demo/terminal.js';
import { loadDemoTexts, type Texts } from './demo/texts.js';

/**
 * `npm run demo [-- --messenger telegram|max]`: the real bot on this machine with no token and no
 * network. Embedded PostgreSQL in DATA_DIR (or DATABASE_URL), the demo school seeded once, a fake
 * Bot API (Telegram's, or MAX's) on 127.0.0.1, the bot polling it through startApp() exactly as
 * main.ts runs it, and a chat in the terminal as a seeded person.
 */

/**
 * The settings from the environment, made to poll the demo's own fake API and to serve the Mini App
 * on this machine (`webappPort`); null after printing why they are wrong.
 */
function demoConfig(screen: Screen, t: Texts, messenger: DemoMessenger, webappPort?: number): Config | null {
  try {
    // The demo always polls its own fake API: settings for the messengers and webhooks do not apply.
    const env = {
      ...process.env,
      ...messenger.env,
      // The demo's school is made up, but its token is in the sources: only this machine reaches it.
      WEBAPP_PORT: webappPort ? String(webappPort) : undefined,
      WEBAPP_HOST: '127.0.0.1',
      WEBAPP_URL: webappPort ? `http://127.0.0.1:${webappPort}/app/` : undefined,
    };
    return loadConfig(env);
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
  api: DemoChatApi,
  db: Database,
  personas: Persona[],
  hashKey: string,
  dataDir: string,
  launcher: DemoLauncher | undefined,
): Promise<void> {
  for (;;) {
    const persona = await choosePersona(screen, t, personas);
    if (!persona) break;
    const open = launcher && ((appUrl: string) => launcher.linkFor(persona.userId, appUrl));
    const chat = new TerminalChat(api, screen, t, persona, path.join(dataDir, 'demo-files'), open);
    screen.print();
    screen.print(t('demo-chat-start', { persona: personaLine(t, persona) }));
    const link = launcher?.linkFor(persona.userId);
    if (link)
      screen.print(
        api.messenger === 'max'
          ? t('demo-webapp-max', { url: link })
          : t('demo-webapp', { url: link, dark: `${link}?theme=dark` }),
      );
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

/** The demo's title and what it is, for the messenger asked for; null after printing why the arguments are wrong. */
function introduce(screen: Screen, t: Texts, argv: string[]): DemoMessengerName | null {
  let messenger: DemoMessengerName;
  try {
    messenger = parseDemoArgs(argv).messenger;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    screen.print(t('demo-args', { error: e.message }));
    screen.close();
    return null;
  }
  screen.print(t('demo-title', { messenger }));
  screen.print('─'.repeat(Math.min(process.stdout.columns || 80, 100)));
  screen.print(t('demo-intro', { messenger }));
  screen.print();
  return messenger;
}

/** Exit codes as main.ts: 2 = configuration, 3 = data folder in use, 1 = anything else. */
async function main(argv: string[]): Promise<number> {
  const t = loadDemoTexts();
  const screen = new Screen();
  const messengerName = introduce(screen, t, argv);
  if (!messengerName) return 2;
  const messenger = await startDemoMessenger(messengerName, t('demo-bot-name'));
  const webappPort = process.env.WEBAPP_PORT ? Number(process.env.WEBAPP_PORT) : await freePort();
  const config = demoConfig(screen, t, messenger, webappPort);
  if (!config) {
    await messenger.stop();
    return 2;
  }
  const dataDir = path.resolve(config.DATA_DIR);
  const logFile = path.join(dataDir, 'demo.log');
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: logFile, mkdir: true, sync: true }));
  screen.print(t('demo-messenger', { messenger: messengerName, url: messenger.url }));
  screen.print(config.DATABASE_URL ? t('demo-db-server') : t('demo-db-embedded', { dir: config.DATA_DIR }));
  const shownLog = path.relative(process.cwd(), logFile);
  screen.print(t('demo-log', { file: shownLog.startsWith('..') ? logFile : shownLog }));
  screen.print();

  let db: Database | undefined;
  let app: App | undefined;
  let launcher: DemoLauncher | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      screen.print(t('demo-stopping'));
      await launcher?.stop();
      await app?.stop().catch((e) => logger.error({ err: String(e) }, 'bot stop failed'));
      await messenger.stop();
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
    const apiRoot = messenger.apiRoot;
    app = await step(screen, t, t('demo-step-bot'), () => startApp(config, { db: opened, logger, apiRoot }));
    screen.print();
    screen.print(t('demo-school', { name: school.name, ...school.counts }));

    const personas = pickPersonas(school.invitations);
    if (!personas.length) {
      screen.print(t('demo-no-personas'));
      return 1;
    }
    // The Mini App opens with launch data signed as the demo's messenger signs it, with its token.
    if (config.WEBAPP_URL)
      launcher = await startDemoLauncher({
        messenger: messengerName,
        token: messengerName === 'max' ? DEMO_MAX_TOKEN : DEMO_TOKEN,
        appUrl: config.WEBAPP_URL,
        clock: app.clock,
        users: personas.map((p) => ({ id: p.userId, firstName: p.firstName, lastName: p.lastName })),
      });
    await chatAsPersonas(screen, t, messenger.chat, opened, personas, hashKeysFrom(config).current, dataDir, launcher);
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

// process.exit: embedded-postgres's exit hook would otherwise decide the exit code.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
