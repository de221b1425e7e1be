import { controlService } from '../control/service.js';
import { deskService } from '../desk/service.js';
import { BotUsernames } from '../messenger.js';
import { postgresKeyValueStore } from '../../db/stores/key-value.js';
import { glanceService } from '../glance/service.js';
import { panelService } from '../panel/service.js';
import { paperService } from '../paper/service.js';
import { diaryService } from '../diary/service.js';
import { feedService } from '../feed/service.js';
import { notificationsService } from '../notifications/service.js';
import type { ServiceDeps } from './deps.js';
import { todayService } from '../today/service.js';
import { accessService } from '../access/service.js';
import { helpService } from '../help/service.js';
import { linkingService } from '../linking/service.js';
import { messagesService } from '../messages/service.js';
import { consultationsService } from '../consultations/service.js';
import { announcementsService } from '../announcements/service.js';
import { absenceReportsService } from '../absence-reports/service.js';
import { correctionsService } from '../corrections/service.js';
import { termService } from '../term/service.js';
import { gridService } from '../grid/service.js';
import { classGroupService } from '../class-group/service.js';
import { checklistService } from '../checklist/service.js';

export type { ServiceDeps } from './deps.js';

/**
 * The services facade: every core use case bound once to the database, the
 * clock and the configuration. The bot (and the coming web front end) take
 * `services`, never a data source; the jobs and the CLI still open the
 * database for their infrastructure work (docs/architecture.md). One entry
 * per core module, named as the module (core/<name>/service.ts).
 */
export function createServices(given: ServiceDeps) {
  // The bots are shared through the key-value table: a process serving one messenger learns the other's.
  const shared = { store: postgresKeyValueStore<unknown>(given.db), now: () => given.clock.now() };
  const deps = { ...given, bots: given.bots ?? new BotUsernames(shared) };
  return {
    /** The bot's username per messenger: recorded by each front end as it starts, published for the other processes (app.ts). */
    bots: deps.bots,
    clock: deps.clock,
    config: deps.config,
    timezone: deps.config.SCHOOL_TIMEZONE,
    /** Now, by the product's clock. */
    now: () => deps.clock.now(),
    today: todayService(deps),
    control: controlService(deps),
    paper: paperService(deps),
    desk: deskService(deps),
    glance: glanceService(deps),
    panel: panelService(deps),
    access: accessService(deps),
    help: helpService(deps),
    linking: linkingService(deps),
    messages: messagesService(deps),
    consultations: consultationsService(deps),
    announcements: announcementsService(deps),
    diary: diaryService(deps),
    notifications: notificationsService(deps),
    feed: feedService(deps),
    absenceReports: absenceReportsService(deps),
    corrections: correctionsService(deps),
    term: termService(deps),
    grid: gridService(deps),
    classGroup: classGroupService(deps),
    checklist: checklistService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
