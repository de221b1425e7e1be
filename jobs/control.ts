import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { runBackup } from '../core/backup/runs.js';
import { runWeeklyControl } from '../core/control/notify.js';
import { runScheduledPrintouts } from '../core/paper/schedule.js';
import { startSchedules, type ScheduledJob, type Schedules } from './notifications/schedules.js';

const WEEKDAYS = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
const at = (spec: string) => {
  const [day, time] = spec.split(' ') as [keyof typeof WEEKDAYS | 'daily', string];
  return { time, ...(day === 'daily' ? {} : { weekday: WEEKDAYS[day] }) };
};

/**
 * The administration's schedules (docs/control-panel.md, docs/backup.md), run
 * per slot like the notification schedules (claimed once across replicas,
 * caught up after a restart within their grace):
 * the Monday digest and nudges, the printouts every PRINTOUTS_EVERY_DAYS days,
 * and the backup (BACKUP_AT, unless off).
 */
export function controlJobs(config: Config): ScheduledJob[] {
  const jobs: ScheduledJob[] = [
    {
      job: 'control-weekly',
      ...at(config.CONTROL_WEEKLY_AT),
      graceMinutes: 12 * 60,
      run: (ctx) => runWeeklyControl(ctx.ds, { now: ctx.now, timezone: ctx.timezone }),
    },
    {
      job: 'printouts',
      time: config.PRINTOUTS_AT,
      graceMinutes: 12 * 60,
      run: (ctx, s) =>
        runScheduledPrintouts(ctx.ds, { date: s.date, everyDays: config.PRINTOUTS_EVERY_DAYS, now: ctx.now }),
    },
  ];
  if (config.BACKUP_AT !== 'off')
    jobs.push({
      job: 'backup',
      ...at(config.BACKUP_AT),
      graceMinutes: 24 * 60,
      run: async (ctx, s) => {
        const done = await runBackup(ctx.ds, {
          dir: config.BACKUP_DIR,
          keep: config.BACKUP_KEEP,
          trigger: 'schedule',
          slot: `backup:${s.key}`,
          now: ctx.now,
        });
        return done
          ? {
              directory: done.result.directory,
              rows: done.result.rows,
              bytes: done.result.bytes,
              removed: done.removed.length,
            }
          : { skipped: 1 };
      },
    });
  return jobs;
}

export function startControlJobs(deps: {
  ds: DataSource;
  config: Config;
  logger: Logger;
  clock: Clock;
  hashKey: string;
}): Schedules {
  return startSchedules({
    ...deps,
    logger: deps.logger.child({ component: 'control' }),
    jobs: controlJobs(deps.config),
  });
}
