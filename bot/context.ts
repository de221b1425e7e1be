import type { Context, SessionFlavor } from 'grammy';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { AccessProfile } from '../core/access/profile.js';
import type { Clock } from '../core/clock.js';
import type { Messenger } from '../core/messenger.js';
import type { TodaySession } from './features/today/session.js';
import type { ControlView } from '../core/control/service.js';
import type { FamilySession } from './family/drafts.js';
import type { SafeI18nFlavor } from './texts.js';
import type { OpenQuestion } from './questions.js';

/** What a chat remembers between updates (kept in Redis or PostgreSQL, so a restart loses nothing). */
export interface SessionData {
  /** A code typed or opened by deep link, waiting for the 152-ФЗ consent answer (the hash, never the code). */
  pendingCode?: { invitationId: number; codeHash: string; at: number };
  /** What the last few diary messages show, newest first (bot/features/diary/present.ts). */
  diary?: DiaryViewState[];
  /** /today: a teacher's drafts (bot/features/today/drafts.ts). */
  today?: TodaySession;
  /** /control: the panel's scope and period (bot/features/control/); the class whose summary sheet is being picked. */
  control?: ControlView;
  paper?: { classId: number };
  /** School ↔ family flows: drafts and the question a message answers (bot/family/session.ts). */
  family?: FamilySession;
  /** The question the chat's next message answers (bot/answers.ts). */
  question?: OpenQuestion;
  /** The Mini App address the chat's menu button opens (bot/features/webapp/); absent: Telegram's default button. */
  webappMenu?: string;
}

/** A diary message: its id, the view (marks, subject, summary, homework, schedule, absences, …) and that view's argument. */
export interface DiaryViewState {
  m: number;
  v: string;
  a?: number;
  p?: number;
}

/** Who is writing, read fresh on every private update; null in groups and for unknown senders. */
export interface AccessFlavor {
  access: AccessProfile | null;
}

/** The product's clock, on every update: how long a question waits is measured by it, like everything else. */
export interface ClockFlavor {
  clock: Clock;
}

/** Which messenger this bot instance speaks through (max/ serves MAX with the same features): core calls get it with the user id. */
export interface MessengerFlavor {
  messenger: Messenger;
}

/** The Mini App's public address (WEBAPP_URL) on every update; null when it is off: no Mini App buttons. */
export interface WebAppFlavor {
  webappUrl: string | null;
}

/** The one context type of the bot (texts through SafeI18nFlavor: arguments escaped for HTML). No database handles hang on it: features get their dependencies at creation. */
export type BotContext = Context &
  SessionFlavor<SessionData> &
  Omit<I18nFlavor, 't' | 'translate'> &
  SafeI18nFlavor &
  AccessFlavor &
  ClockFlavor &
  WebAppFlavor &
  MessengerFlavor;
