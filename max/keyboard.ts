import type { InlineKeyboardButton, KeyboardButton } from 'grammy/types';
import { startParamOf } from '../core/webapp-start.js';
import { fitKeyboard } from './limits.js';
import type { MaxAttachment, MaxButton } from './types.js';

/**
 * Telegram's reply_markup as MAX's inline_keyboard attachment. Inline buttons keep their role (callback
 * data → a callback button's payload, a URL → a link button, a Mini App → an `open_app` button, so MAX
 * opens the bot's app with signed launch data, the screen in its payload); a reply keyboard (the main
 * menu) becomes MAX `message` buttons, which send their text as the user's message — what Telegram's
 * reply keyboard does. Removing a keyboard or forcing a reply attaches nothing.
 */
type Markup = {
  inline_keyboard?: InlineKeyboardButton[][];
  keyboard?: (KeyboardButton | string)[][];
};

/** The bot whose mini app `open_app` opens (MAX: its public name and id; the app is set up on MAX's platform). */
export interface MaxAppRef {
  webApp: string;
  contactId?: number;
}

function openApp(text: string, url: string, app: MaxAppRef | undefined): MaxButton | null {
  // Without the bot's name there is nothing to open: a plain link would open the app unsigned, refused.
  if (!app) return null;
  const payload = startParamOf(new URL(url).searchParams);
  return {
    type: 'open_app',
    text,
    web_app: app.webApp,
    ...(app.contactId !== undefined ? { contact_id: app.contactId } : {}),
    ...(payload ? { payload } : {}),
  };
}

function inlineButton(b: InlineKeyboardButton, app: MaxAppRef | undefined): MaxButton | null {
  if ('callback_data' in b && b.callback_data !== undefined)
    return { type: 'callback', text: b.text, payload: b.callback_data };
  if ('url' in b && b.url) return { type: 'link', text: b.text, url: b.url };
  if ('web_app' in b && b.web_app) return openApp(b.text, b.web_app.url, app);
  return null;
}

const replyButton = (b: KeyboardButton | string): MaxButton => ({
  type: 'message',
  text: typeof b === 'string' ? b : b.text,
});

/** The attachment for the markup, or null when the message carries no buttons. */
export function keyboardOf(markup: unknown, app?: MaxAppRef): MaxAttachment | null {
  const m = (markup ?? {}) as Markup;
  const rows: MaxButton[][] = m.inline_keyboard
    ? m.inline_keyboard.map((row) => row.map((b) => inlineButton(b, app)).filter((b): b is MaxButton => b !== null))
    : m.keyboard
      ? m.keyboard.map((row) => row.map(replyButton))
      : [];
  const kept = rows.filter((r) => r.length);
  if (!kept.length) return null;
  return { type: 'inline_keyboard', payload: { buttons: fitKeyboard(kept) } };
}
