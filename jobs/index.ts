import cron, { type ScheduledTask } from 'node-cron';
import type { DataSource } from 'typeorm';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { purgeExpiredCounters, purgeUpdateReceipts } from './housekeeping.js';
import { runFamilySweep } from '../core/family/sweep.js';
import { startFeed } from './feed-client/index.js';
import { startNotifications, type NotificationsDeps } from './notifications/index.js';
import { startControlJobs } from './control.js';
import { systemClock } from '../core/clock.js';
import { assertFeedSchoolsExternal } from '../core/school/journal.js';

export { fileBridge } from './notifications/index.js';

export interface JobsDeps {
  ds: DataSource;
  config: Config;
  logger: Logger;
  /** Notification delivery and schedules (docs/notifications.md); off when absent. */
  notifications?: Omit<NotificationsDeps, 'ds' | 'config' | 'logger'>;
}

export interface Jobs {
  stop(): Promise<void>;
}

/** Starts the scheduled work of this process, in the school's time zone. */
export function startJobs(deps: JobsDeps): Jobs {
  const log = deps.logger.child({ component: 'jobs' });
  const clock = deps.notifications?.clock ?? systemClock;
  const tasks: ScheduledTask[] = [];
  const every = (name: string, pattern: string, fn: () => Promise<unknown>) => {
    tasks.push(
      cron.schedule(
        pattern,
        async () => {
          try {
            await fn();
          } catch (e) {
            log.error({ job: name, err: String(e) }, 'scheduled job failed');
          }
        },
        { name, timezone: deps.config.SCHOOL_TIMEZONE, noOverlap: true },
      ),
    );
  };
  every('purge-rate-limits', '17 * * * *', () => purgeExpiredCounters(deps.ds));
  every('purge-update-receipts', '23 * * * *', () => purgeUpdateReceipts(deps.ds));
  // School ↔ family (issue 8): absence-report reminders, correction requests closed or escalated.
  every('family-sweep', '*/5 * * * *', () =>
    runFamilySweep(deps.ds, { now: clock.now(), timezone: deps.config.SCHOOL_TIMEZONE }),
  );
  const feed = startFeed({ ...deps, clock });
  const notifications = deps.notifications
    ? startNotifications({ ds: deps.ds, config: deps.config, logger: deps.logger, ...deps.notifications }).catch(
        (e) => {
          log.error({ err: String(e) }, 'notifications failed to start');
          return undefined;
        },
      )
    : undefined;
  // The administration's schedules: the Monday digest and nudges, printouts, backups (jobs/control.ts).
  const control = deps.notifications
    ? startControlJobs({
        ds: deps.ds,
        config: deps.config,
        logger: deps.logger,
        clock,
        hashKey: deps.notifications.hashKey,
      })
    : undefined;
  log.info({ jobs: tasks.map((t) => t.name) }, 'jobs scheduled');
  return {
    async stop() {
      await Promise.all([
        ...tasks.map((t) => t.stop()),
        feed.stop(),
        notifications?.then((n) => n?.stop()),
        control?.stop(),
      ]);
    },
  };
}

/**
 * The jobs of a process that runs them (RUN_JOBS, app.ts): a feed configured for a school whose journal of
 * record is this system would overwrite teachers' entries, so start is refused then. Returns the stop.
 */
export async function startProcessJobs(
  config: Config,
  db: { dataSource: DataSource; url: string },
  logger: Logger,
  n: Omit<NonNullable<JobsDeps['notifications']>, 'token' | 'databaseUrl'>,
): Promise<() => Promise<void>> {
  await assertFeedSchoolsExternal(db.dataSource, config.FEED_SCHOOLS);
  const jobs = startJobs({
    ds: db.dataSource,
    config,
    logger,
    // Telegram's deliveries go with its token; a school on MAX alone has none of them.
    notifications: { ...n, token: config.BOT_TOKEN ?? '', databaseUrl: db.url },
  });
  return () => jobs.stop();
}
