import { Bot, session, type StorageAdapter } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import type { DataSource } from 'typeorm';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { TtlStore } from '../db/stores/key-value.js';
import type { BotContext, SessionData } from './context.js';
import { createI18n } from './i18n.js';
import { errorBoundary } from './middleware/error-boundary.js';
import { dedupeUpdates } from './middleware/dedupe-updates.js';
import { startFeature } from './features/start.js';
import { helpFeature } from './features/help.js';

export interface BotDeps {
  ds: DataSource;
  config: Config;
  logger: Logger;
  sessionStorage: StorageAdapter<SessionData>;
  /** Present in webhook mode: skips re-sent updates. */
  updateDedupe?: TtlStore;
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
  bot.catch(errorBoundary(deps.logger));
  if (deps.updateDedupe) bot.use(dedupeUpdates(deps.updateDedupe));
  bot.use(i18n);
  // Everything after i18n runs inside the boundary, so any failure (a handler, the session store)
  // is logged and answered politely in the user's language.
  const guarded = bot.errorBoundary(errorBoundary(deps.logger));
  guarded.use(sequentialize(sessionKey));
  guarded.use(session({ initial: (): SessionData => ({}), storage: deps.sessionStorage, getSessionKey: sessionKey }));
  guarded.use(startFeature());
  guarded.use(helpFeature());
  return bot;
}
