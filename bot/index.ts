import { Bot, session, type StorageAdapter } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import type { DataSource } from 'typeorm';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { TtlStore } from '../db/stores/key-value.js';
import type { BotContext, SessionData } from './context.js';
import { createI18n, safeTranslations } from './i18n.js';
import { errorBoundary } from './middleware/error-boundary.js';
import { dedupeUpdates } from './middleware/dedupe-updates.js';
import { startFeature } from './features/start.js';
import { helpFeature } from './features/help.js';
import { linkingFeature } from './features/linking.js';
import { accountFeature } from './features/account.js';
import { privacyFeature } from './features/privacy.js';
import { classLinksFeature } from './features/class-links.js';
import { todayFeature } from './features/today.js';
import { feedFeature } from './features/feed.js';
import { diaryFeature } from './features/diary.js';
import { absenceReportsFeature } from './features/absence-reports/index.js';
import { messagesFeature } from './features/messages.js';
import { announcementsFeature } from './features/announcements.js';
import { deskFeature, diaryVisits } from './features/desk.js';
import { correctionsFeature } from './features/corrections/index.js';
import { consultationsFeature } from './features/consultations.js';
import { systemClock, type Clock } from '../core/clock.js';
import { fallback, privateOnlyGuard } from './features/guard.js';
import { controlFeature } from './features/control.js';
import { paperFeature } from './features/paper.js';
import { loadAccess } from './middleware/access.js';
import { notificationsFeature, notificationsReachability } from './features/notifications.js';
import type { RateLimiter } from '../db/stores/rate-limit.js';
import { createServices, type Services } from '../core/services/index.js';

export interface BotDeps {
  ds: DataSource;
  config: Config;
  logger: Logger;
  sessionStorage: StorageAdapter<SessionData>;
  /** Invitation-code attempt counters (Redis or PostgreSQL). */
  rateLimiter: RateLimiter;
  /** Key of the code and account hashes. */
  hashKey: string;
  /** Present in webhook mode: skips re-sent updates. */
  updateDedupe?: TtlStore;
  /** The product's clock (tests move it); the system clock when absent. */
  clock?: Clock;
  /** The services facade (core/services); built from the fields above when absent. */
  services?: Services;
}

export interface BotOptions {
  apiRoot?: string;
  /** Known bot info skips getMe (tests). */
  botInfo?: UserFromGetMe;
}

/** Sessions and ordering share one key: two quick updates of one chat never race on a session write. */
export const sessionKey = (ctx: { chat?: { id: number }; from?: { id: number } }) =>
  ctx.chat ? `chat:${ctx.chat.id}` : ctx.from ? `user:${ctx.from.id}` : undefined;

export function createBot(token: string, deps: BotDeps, opts: BotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    client: { apiRoot: opts.apiRoot ?? deps.config.BOT_API_ROOT },
    ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
  });
  const i18n = createI18n();
  const clock = deps.clock ?? systemClock;
  const services =
    deps.services ??
    createServices({ db: deps.ds, clock, config: deps.config, hashKey: deps.hashKey, rateLimiter: deps.rateLimiter });
  bot.use((ctx, next) => {
    ctx.clock = clock;
    return next();
  });
  bot.catch(errorBoundary(deps.logger));
  if (deps.updateDedupe) bot.use(dedupeUpdates(deps.updateDedupe));
  bot.use(i18n);
  bot.use(safeTranslations());
  // Everything after i18n runs inside the boundary, so any failure (a handler, the session store)
  // is logged and answered politely in the user's language.
  const guarded = bot.errorBoundary(errorBoundary(deps.logger));
  guarded.use(sequentialize(sessionKey));
  guarded.use(session({ initial: (): SessionData => ({}), storage: deps.sessionStorage, getSessionKey: sessionKey }));
  guarded.use(privateOnlyGuard());
  guarded.use(loadAccess(deps.ds, deps.hashKey));
  guarded.use(notificationsReachability(deps.ds));
  const tz = deps.config.SCHOOL_TIMEZONE;
  // Before linking: a teacher's answer to /today (a comment, a topic) may look like an invitation code.
  guarded.use(
    todayFeature({
      ds: deps.ds,
      timezone: tz,
      windowDays: deps.config.TEACHER_ENTRY_DAYS,
      clock,
    }),
  );
  // School ↔ family (issue 8), before linking too: a family's message or reason may look like an invitation code.
  guarded.use(absenceReportsFeature(services));
  guarded.use(
    messagesFeature({
      ds: deps.ds,
      timezone: tz,
      clock,
      dailyLimit: deps.config.MESSAGES_PER_DAY,
    }),
  );
  guarded.use(announcementsFeature({ ds: deps.ds, timezone: tz, clock }));
  const dailyLimit = deps.config.MESSAGES_PER_DAY;
  guarded.use(correctionsFeature(services));
  guarded.use(consultationsFeature({ ds: deps.ds, timezone: tz, clock, dailyLimit }));
  guarded.use(
    deskFeature({
      ds: deps.ds,
      timezone: tz,
      clock,
      hashKey: deps.hashKey,
      ttlDays: deps.config.INVITATION_TTL_DAYS,
      services,
    }),
  );
  guarded.use(
    linkingFeature({
      ds: deps.ds,
      rateLimiter: deps.rateLimiter,
      hashKey: deps.hashKey,
      previousHashKeys: deps.config.CODE_HASH_KEY_PREVIOUS,
      timezone: tz,
      clock,
      limits: {
        perAccountPerHour: deps.config.CODE_ATTEMPTS_PER_HOUR,
      },
    }),
  );
  guarded.use(startFeature());
  // Before help and account: the diary answers /help for families and `ch:` pressed under a diary view.
  // How regularly families look at the diary (the class teacher's desk, issue 8): recorded around the diary feature.
  guarded.use(diaryVisits({ ds: deps.ds, timezone: tz, clock }));
  guarded.use(diaryFeature({ ds: deps.ds, timezone: tz, clock }));
  guarded.use(helpFeature());
  guarded.use(accountFeature({ ds: deps.ds, timezone: tz, clock }));
  guarded.use(privacyFeature({ ds: deps.ds, timezone: tz, clock }));
  guarded.use(classLinksFeature({ ds: deps.ds, timezone: tz }));
  guarded.use(notificationsFeature({ ds: deps.ds, defaultQuietHours: deps.config.NOTIFY_QUIET_HOURS }));
  guarded.use(controlFeature({ ds: deps.ds, timezone: tz, clock }));
  guarded.use(paperFeature({ ds: deps.ds, timezone: tz, clock }));
  guarded.use(feedFeature({ ds: deps.ds, timezone: tz, clock, staleMinutes: deps.config.FEED_STALE_MINUTES }));
  guarded.use(fallback());
  return bot;
}
