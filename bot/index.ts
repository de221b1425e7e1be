import { skipUnchangedWrites } from './session-storage.js';
import { repeatTolerantCalls } from './repeat-tolerant-calls.js';
import { Bot, session, type StorageAdapter } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import type { Logger } from '../core/logger.js';
import type { UpdateLedger } from '../db/stores/update-ledger.js';
import type { BotContext, SessionData } from './context.js';
import { createI18n, safeTranslations } from './i18n.js';
import { errorBoundary } from './middleware/error-boundary.js';
import { DEDUPE_DEFAULTS, dedupeUpdates, type DedupeOptions } from './middleware/dedupe-updates.js';
import { startFeature } from './features/start/index.js';
import { helpFeature } from './features/help/index.js';
import { linkingFeature } from './features/linking/index.js';
import { privacyFeature } from './features/privacy/index.js';
import { todayFeature } from './features/today/index.js';
import { childrenFeature } from './features/children/index.js';
import { settingsFeature } from './features/settings/index.js';
import { classFeature } from './features/class/index.js';
import { feedFeature } from './features/feed/index.js';
import { diaryFeature } from './features/diary/index.js';
import { absenceReportsFeature } from './features/absence-reports/index.js';
import { messagesFeature } from './features/messages/index.js';
import { announcementsFeature } from './features/announcements/index.js';
import { deskFeature, diaryVisits } from './features/desk/index.js';
import { correctionsFeature } from './features/corrections/index.js';
import { consultationsFeature } from './features/consultations/index.js';
import { fallback, privateOnlyGuard } from './features/guard/index.js';
import { controlFeature } from './features/control/index.js';
import { paperFeature } from './features/paper/index.js';
import { classGroupChats, classGroupFeature } from './features/class-group/index.js';
import { checklistFeature } from './features/checklist/index.js';
import { loadAccess } from './middleware/access.js';
import { menuButtonSync } from './features/webapp/index.js';
import { notificationsFeature, notificationsReachability } from './features/notifications/index.js';
import type { Services } from '../core/services/index.js';
import type { Messenger } from '../core/messenger.js';

/** What the bot is made of: the services facade (every use case, the clock, the configuration) and the transport's stores. */
export interface BotDeps {
  services: Services;
  logger: Logger;
  sessionStorage: StorageAdapter<SessionData>;
  /** Present in webhook mode: which updates were claimed and handled, shared by the replicas (at-least-once, no double answer). */
  updateDedupe?: UpdateLedger;
  /** The ledger's lease and memory (tests shorten them). */
  dedupe?: DedupeOptions;
  /** The messenger this instance serves (default Telegram; max/ creates one for MAX). */
  messenger?: Messenger;
}

export interface BotOptions {
  apiRoot?: string;
  /** Known bot info skips getMe (tests). */
  botInfo?: UserFromGetMe;
}

/**
 * Sessions and ordering share one key: two quick updates of one chat never race on a session write.
 * MAX's chats are prefixed (the same number in the two messengers is two chats); Telegram's keys are as before.
 */
export const sessionKey = (ctx: { chat?: { id: number }; from?: { id: number }; messenger?: Messenger }) => {
  const key = ctx.chat ? `chat:${ctx.chat.id}` : ctx.from ? `user:${ctx.from.id}` : undefined;
  return key && ctx.messenger && ctx.messenger !== 'telegram' ? `${ctx.messenger}:${key}` : key;
};

export function createBot(token: string, deps: BotDeps, opts: BotOptions = {}): Bot<BotContext> {
  const { services } = deps;
  const bot = new Bot<BotContext>(token, {
    client: { apiRoot: opts.apiRoot ?? services.config.BOT_API_ROOT },
    ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
  });
  bot.api.config.use(repeatTolerantCalls);
  const i18n = createI18n();
  const messenger = deps.messenger ?? 'telegram';
  bot.use((ctx, next) => {
    ctx.messenger = messenger;
    ctx.clock = services.clock;
    ctx.webappUrl = services.config.WEBAPP_URL ?? null;
    return next();
  });
  bot.catch(errorBoundary(deps.logger));
  if (deps.updateDedupe) bot.use(dedupeUpdates(deps.updateDedupe, deps.logger, deps.dedupe ?? DEDUPE_DEFAULTS));
  bot.use(i18n);
  bot.use(safeTranslations());
  // Everything after i18n runs inside the boundary, so any failure (a handler, the session store)
  // is logged and answered politely in the user's language.
  const guarded = bot.errorBoundary(errorBoundary(deps.logger));
  guarded.use(sequentialize(sessionKey));
  guarded.use(
    session({
      initial: (): SessionData => ({}),
      storage: skipUnchangedWrites(deps.sessionStorage),
      getSessionKey: sessionKey,
    }),
  );
  // The class's group chat (issue 19): every group update ends there; the private features never see a group.
  guarded.use(classGroupChats(services));
  guarded.use(privateOnlyGuard());
  guarded.use(loadAccess(services));
  // After the update: the chat's menu button follows who the account is now (linked, unlinked).
  guarded.use(menuButtonSync(deps.logger));
  guarded.use(notificationsReachability(services));
  // Before linking: a teacher's answer to /today (a comment, a topic) may look like an invitation code.
  guarded.use(todayFeature(services));
  // School ↔ family (issue 8), before linking too: a family's message or reason may look like an invitation code.
  guarded.use(absenceReportsFeature(services));
  guarded.use(messagesFeature(services));
  guarded.use(announcementsFeature(services));
  guarded.use(correctionsFeature(services));
  guarded.use(consultationsFeature(services));
  guarded.use(deskFeature(services));
  // Before linking: `/start ann<id>` (a class group's deep link) is not an invitation code.
  guarded.use(classGroupFeature(services));
  guarded.use(linkingFeature(services));
  guarded.use(startFeature());
  // Before help and children: the diary answers /help for families and `ch:` pressed under a diary view.
  // How regularly families look at the diary (the class teacher's desk, issue 8): recorded around the diary feature.
  guarded.use(diaryVisits(services));
  guarded.use(diaryFeature(services));
  guarded.use(checklistFeature(services));
  guarded.use(helpFeature(services));
  guarded.use(childrenFeature(services));
  guarded.use(settingsFeature(services));
  guarded.use(privacyFeature(services));
  guarded.use(classFeature(services));
  guarded.use(notificationsFeature(services));
  guarded.use(controlFeature(services));
  guarded.use(paperFeature(services));
  guarded.use(feedFeature(services));
  guarded.use(fallback());
  return bot;
}
