import type { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { createBot, type BotDeps } from '../bot/index.js';
import type { BotContext } from '../bot/context.js';
import type { FileBridge } from './file-bridge.js';
import { textsFor } from '../bot/i18n.js';
import { filesLeftOut, maxFilesOf, translateUpdate } from './inbound.js';
import { MessageIds } from './message-ids.js';
import { maxTransformer } from './outbound.js';
import type { MaxClient, OutboundDeps } from './outbound-message.js';
import type { MaxUpdate } from './types.js';

/**
 * The MAX front end: the same grammY bot as Telegram's (bot/features, the same texts and core calls),
 * created for the messenger 'max', its Bot API calls answered by MAX's API (./outbound.ts) and MAX's
 * updates given to it Telegram-shaped (./inbound.ts). Why an adapter and not a second bot: one feature,
 * one name, one place to change — docs/max.md.
 */
export interface MaxFrontDeps extends Omit<BotDeps, 'messenger'> {
  /** MAX's bot token: the grammY bot needs one, and it never leaves the process through grammY. */
  token: string;
  /** MAX's API (max/api's client). */
  api: MaxClient;
  /** Known bot info skips GET /me (tests). */
  botInfo?: UserFromGetMe;
  /** Files across messengers: a user's file kept for Telegram, a Telegram file sent here. */
  files?: FileBridge;
}

export interface MaxFront {
  bot: Bot<BotContext>;
  /** Translates and handles one MAX update; a rejection means it was not handled (webhook: MAX re-sends). */
  handle(update: MaxUpdate): Promise<void>;
  /** The Telegram-shaped update a MAX update becomes (null: not used), for the webhook's answer logic. */
  translate: (update: MaxUpdate) => ReturnType<typeof translateUpdate>;
  /** Keeps the download address of a user's file before the update is handled (it may go to Telegram). */
  keepFiles(update: MaxUpdate): Promise<void>;
  /** After the update: tells the user when the message's files beyond the first were not taken. */
  tellFilesLeftOut(update: MaxUpdate): Promise<void>;
}

export async function createMaxFront(deps: MaxFrontDeps): Promise<MaxFront> {
  const ids = new MessageIds();
  const { token, api, botInfo, files, ...botDeps } = deps;
  const bot = createBot(token, { ...botDeps, messenger: 'max' }, botInfo ? { botInfo } : {});
  const outbound: OutboundDeps = { api, ids, logger: deps.logger, files };
  bot.api.config.use(maxTransformer(outbound));
  await bot.init();
  const me = bot.botInfo;
  // `open_app` buttons open this bot's mini app (MAX signs its launch data); MAX names a bot by its username.
  outbound.app = { webApp: me.username || String(me.id), contactId: me.id };
  const translate = (u: MaxUpdate) => translateUpdate(u, { me, ids, logger: deps.logger });
  const keepFiles = (u: MaxUpdate) => files?.rememberMaxFiles(maxFilesOf(u)) ?? Promise.resolve();
  // MAX lets a message carry several files; the flows take one (as Telegram's messages hold one). Said after
  // the flow's own answer; a copy of the update MAX delivers again after a crash may say it twice.
  const tellFilesLeftOut = async (u: MaxUpdate) => {
    const left = filesLeftOut(u);
    if (!left) return;
    // The update itself was handled: a failure here is only logged.
    await bot.api
      .sendMessage(left.userId, textsFor().tPlain('files-left-out', { count: left.count }))
      .catch((e: unknown) => deps.logger.warn({ err: String(e) }, 'MAX: the note on files left out was not sent'));
  };
  return {
    bot,
    translate,
    keepFiles,
    tellFilesLeftOut,
    async handle(u) {
      const t = translate(u);
      if (!t) return;
      await keepFiles(u);
      await bot.handleUpdate(t);
      await tellFilesLeftOut(u);
    },
  };
}
