import type { ServiceDeps } from './deps.js';
import { absenceReportsService } from '../absence-reports/service.js';
import { correctionsService } from '../corrections/service.js';

export type { ServiceDeps } from './deps.js';

/**
 * The services facade: every core use case bound once to the database, the
 * clock and the configuration. The bot, the jobs, the CLI and the web front
 * end take `services`, never a data source. One entry per core module, named
 * as the module (core/<name>/service.ts).
 */
export function createServices(deps: ServiceDeps) {
  return {
    clock: deps.clock,
    config: deps.config,
    timezone: deps.config.SCHOOL_TIMEZONE,
    /** The school's calendar day now, by the product's clock. */
    now: () => deps.clock.now(),
    absenceReports: absenceReportsService(deps),
    corrections: correctionsService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
