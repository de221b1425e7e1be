import type { FakeBotApi, ChatMessage, ReplyKeyboard } from '../../test/support/fake-bot-api/index.js';

/**
 * What the terminal chat needs from a messenger's fake API: one person's dialog
 * with the bot as events, and the person's actions. Both fakes (Telegram's Bot
 * API, MAX's) are adapted to it here and in ./max-chat.ts, so the terminal code
 * is one for both.
 */
export type DemoMessengerName = 'telegram' | 'max';

export interface DemoButton {
  text: string;
  /** A callback button's data (Telegram's callback_data, MAX's payload). */
  data?: string;
  url?: string;
  /** What a Mini App button opens: a Telegram `web_app` button's address, a MAX `open_app` button's payload ('' for none). */
  webApp?: string;
  /** A MAX `message` button: pressing it sends its text as the user's message. */
  sendsText?: boolean;
}

/** A bot message as the person sees it now: plain text (HTML rendered), a file, buttons. */
export interface DemoMessage {
  /** Telegram's message_id (as text) or MAX's mid. */
  id: string;
  chatId: number;
  text?: string;
  document?: { name: string; size: number; data?: Buffer };
  photo?: { size: number; data?: Buffer };
  buttons: DemoButton[][];
  /** What the last edit changed: the text (and buttons), or the buttons only. */
  lastEdit?: 'text' | 'markup';
}

export type DemoChatEvent =
  | { kind: 'message' | 'edit'; message: DemoMessage }
  | { kind: 'delete' }
  | { kind: 'answer'; text?: string; alert?: boolean; url?: string }
  | { kind: 'keyboard'; keyboard: ReplyKeyboard | null };

export interface DemoChatApi {
  readonly messenger: DemoMessengerName;
  /** Follows what the bot does in the person's dialog; returns the way to stop. */
  watch(userId: number, fn: (e: DemoChatEvent) => void): () => void;
  addUser(u: { id: number; firstName: string; lastName?: string }): void;
  /** Opens the bot: from the invitation's deep link with `code`, or plainly. Returns what the person did, to echo. */
  start(userId: number, code?: string): { text: string } | { link: string };
  write(userId: number, text: string): void;
  /** Presses the callback button `data` under the message; false when it is no longer there. */
  press(userId: number, messageId: string, data: string): boolean;
  /** The reply keyboard shown now (Telegram's; MAX has none). */
  keyboardFor(userId: number): ReplyKeyboard | null;
  /** A one-time reply keyboard hides once used, as a client does. */
  hideOneTimeKeyboard(userId: number): void;
}

function fromTelegram(m: ChatMessage): DemoMessage {
  return {
    id: String(m.messageId),
    chatId: m.chatId,
    text: m.text ?? m.caption,
    document: m.document && { name: m.document.file_name, size: m.document.file_size, data: m.document.data },
    photo: m.photo && { size: m.photo.file_size, data: m.photo.data },
    buttons: (m.inlineKeyboard ?? []).map((row) =>
      row.map((b) => ({
        text: b.text,
        data: b.callback_data,
        url: b.url,
        webApp: (b.web_app as { url?: string } | undefined)?.url,
      })),
    ),
    lastEdit: m.lastEdit,
  };
}

/** The fake Telegram Bot API as the terminal chat sees it. */
export function telegramChat(fake: FakeBotApi): DemoChatApi {
  return {
    messenger: 'telegram',
    watch(userId, fn) {
      const mine = (chatId: number | undefined) => chatId === userId;
      const handlers = {
        message: (m: ChatMessage) => mine(m.chatId) && fn({ kind: 'message', message: fromTelegram(m) }),
        edit: (m: ChatMessage) => mine(m.chatId) && fn({ kind: 'edit', message: fromTelegram(m) }),
        delete: (d: { chatId: number }) => mine(d.chatId) && fn({ kind: 'delete' }),
        callbackAnswer: (a: { chatId?: number; text?: string; showAlert: boolean; url?: string }) =>
          mine(a.chatId) && fn({ kind: 'answer', text: a.text, alert: a.showAlert, url: a.url }),
        keyboard: (k: { chatId: number; keyboard: ReplyKeyboard | null }) =>
          mine(k.chatId) && fn({ kind: 'keyboard', keyboard: k.keyboard }),
      };
      for (const [event, h] of Object.entries(handlers)) fake.on(event as never, h as never);
      return () => {
        for (const [event, h] of Object.entries(handlers)) fake.off(event as never, h as never);
      };
    },
    addUser: (u) => fake.addUser({ id: u.id, first_name: u.firstName, last_name: u.lastName, language_code: 'ru' }),
    start(userId, code) {
      const text = code ? `/start ${code}` : '/start';
      fake.injectMessage(userId, text);
      return { text };
    },
    write: (userId, text) => void fake.injectMessage(userId, text),
    press(userId, messageId, data) {
      const current = fake.messagesFor(userId).find((m) => String(m.messageId) === messageId);
      if (!current?.inlineKeyboard?.flat().some((b) => b.callback_data === data)) return false;
      fake.injectCallback(userId, Number(messageId), data);
      return true;
    },
    keyboardFor: (userId) => fake.keyboardFor(userId),
    hideOneTimeKeyboard: (userId) => fake.hideOneTimeKeyboard(userId),
  };
}
