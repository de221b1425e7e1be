import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { ScheduleContext } from '../../core/notifications/digests.js';
import { runEveningDigest } from '../../core/notifications/evening-digest.js';
import { runPeriodReports } from '../../core/notifications/period-reports.js';
import { runWeeklySummary } from '../../core/notifications/weekly-summary.js';
import { runClassGroupEvening } from '../../core/class-group/evening.js';
import { runChecklistReminders } from '../../core/checklist/reminders.js';
import { REMINDER_TIMES } from '../../core/checklist/rules.js';
import { claimSlot, cronOf, dueSlot, finishSlot, type Slot, type Slotted } from '../../core/notifications/schedule.js';
import { purgeThrottle } from '../../db/stores/send-pacer.js';

const WEEKDAYS = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;

export interface ScheduledJob extends Slotted {
  run(ctx: ScheduleContext, slot: Slot): Promise<Record<string, unknown>>;
}

/** The notification schedules from the configuration. */
export function notificationJobs(config: Config): ScheduledJob[] {
  const [day, weeklyTime] = config.NOTIFY_WEEKLY_AT.split(' ') as [keyof typeof WEEKDAYS, string];
  return [
    {
      job: 'evening-digest',
      time: config.NOTIFY_DIGEST_TIME,
      graceMinutes: 180,
      run: (ctx, s) => runEveningDigest(ctx, s.date, s.at),
    },
    {
      // The class groups' evening post (issue 19): tomorrow's homework and timetable changes.
      job: 'class-group-evening',
      time: config.NOTIFY_DIGEST_TIME,
      graceMinutes: 180,
      run: (ctx, s) => runClassGroupEvening(ctx, s.date),
    },
    // The students' reminders of tomorrow's unticked homework, one slot per time they may pick.
    ...REMINDER_TIMES.map((time) => ({
      job: `checklist-reminder-${time}`,
      time,
      graceMinutes: 60,
      run: (ctx: ScheduleContext, s: Slot) => runChecklistReminders(ctx, s.date, time),
    })),
    {
      job: 'weekly-summary',
      time: weeklyTime,
      weekday: WEEKDAYS[day],
      graceMinutes: 24 * 60,
      run: (ctx, s) => runWeeklySummary(ctx, s.date),
    },
    {
      job: 'period-reports',
      time: config.NOTIFY_PERIODS_TIME,
      graceMinutes: 12 * 60,
      run: (ctx, s) => runPeriodReports(ctx, s.date, config.NOTIFY_FORECAST_DAYS),
    },
  ];
}

export interface SchedulesDeps {
  ds: DataSource;
  config: Config;
  logger: Logger;
  clock: Clock;
  hashKey: string;
  /** Called after a run planned messages (wakes the local worker). */
  onPlanned?: () => void;
  jobs?: ScheduledJob[];
}

export interface Schedules {
  /** Runs every due, unclaimed slot now (start-up catch-up; also what cron calls). */
  runDue(): Promise<{ job: string; slot: string; outcome: Record<string, unknown> }[]>;
  stop(): Promise<void>;
}

export function startSchedules(deps: SchedulesDeps, opts: { cron?: boolean } = {}): Schedules {
  const log = deps.logger.child({ component: 'schedules' });
  const jobs = deps.jobs ?? notificationJobs(deps.config);
  const me = `${process.pid}:${randomUUID().slice(0, 8)}`;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const runOne = async (job: ScheduledJob) => {
    const now = deps.clock.now();
    const slot = dueSlot(job, now, deps.config.SCHOOL_TIMEZONE);
    if (!slot || !(await claimSlot(deps.ds, job.job, slot.key, me, now))) return null;
    log.info({ job: job.job, slot: slot.key }, 'scheduled run started');
    const ctx: ScheduleContext = {
      ds: deps.ds,
      hashKey: deps.hashKey,
      now,
      timezone: deps.config.SCHOOL_TIMEZONE,
      defaultQuietHours: deps.config.NOTIFY_QUIET_HOURS,
    };
    const outcome = await job.run(ctx, slot);
    await finishSlot(deps.ds, job.job, slot.key, outcome);
    log.info({ job: job.job, slot: slot.key, ...outcome }, 'scheduled run finished');
    deps.onPlanned?.();
    return { job: job.job, slot: slot.key, outcome };
  };
  /** One run at a time in this process; a failed job is logged and claimed again later. */
  const runDue = () => {
    const next = running.then(async () => {
      const done: { job: string; slot: string; outcome: Record<string, unknown> }[] = [];
      for (const job of jobs) {
        if (stopped) break;
        try {
          const r = await runOne(job);
          if (r) done.push(r);
        } catch (e) {
          log.error({ job: job.job, err: String(e) }, 'scheduled run failed');
        }
      }
      return done;
    });
    running = next.catch(() => undefined);
    return next;
  };

  const tasks: ScheduledTask[] = [];
  if (opts.cron !== false) {
    const tz = deps.config.SCHOOL_TIMEZONE;
    for (const job of jobs)
      tasks.push(cron.schedule(cronOf(job), () => void runDue(), { name: job.job, timezone: tz, noOverlap: true }));
    // The safety net: a restart, a missed tick or a run that died is caught up within minutes.
    tasks.push(
      cron.schedule('*/5 * * * *', () => void runDue(), {
        name: 'notification-catch-up',
        timezone: tz,
        noOverlap: true,
      }),
    );
    tasks.push(
      cron.schedule('41 * * * *', () => void purgeThrottle(deps.ds).catch(() => undefined), {
        name: 'purge-throttle',
        timezone: tz,
      }),
    );
    void runDue();
  }
  return {
    runDue,
    async stop() {
      stopped = true;
      await Promise.all(tasks.map((t) => Promise.resolve(t.stop())));
      await running;
    },
  };
}
