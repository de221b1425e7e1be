import type { Context, SessionFlavor } from 'grammy';
import type { I18nFlavor } from '@grammyjs/i18n';

/** What a chat remembers between updates (kept in Redis or PostgreSQL, so a restart loses nothing). */
export interface SessionData {
  /** A code typed or opened by deep link, waiting for the 152-ФЗ consent answer. */
  pendingCode?: { invitationId: number; codeHash: string; at: number };
  /** What the next plain text of this chat answers (e.g. a code after «Ввести код»). */
  awaiting?: 'code';
}

/** The one context type of the bot. No database handles hang on it: features get their dependencies at creation. */
export type BotContext = Context & SessionFlavor<SessionData> & I18nFlavor;
