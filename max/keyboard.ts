import type { InlineKeyboardButton, KeyboardButton } from 'grammy/types';
import { fitKeyboard } from './limits.js';
import type { MaxAttachment, MaxButton } from './types.js';

/**
 * Telegram's reply_markup as MAX's inline_keyboard attachment. Inline buttons keep their role (callback
 * data → a callback button's payload, a URL or a Mini App → a link button); a reply keyboard (the main
 * menu) becomes MAX `message` buttons, which send their text as the user's message — what Telegram's
 * reply keyboard does. Removing a keyboard or forcing a reply attaches nothing.
 */
type Markup = {
  inline_keyboard?: InlineKeyboardButton[][];
  keyboard?: (KeyboardButton | string)[][];
};

function inlineButton(b: InlineKeyboardButton): MaxButton | null {
  if ('callback_data' in b && b.callback_data !== undefined)
    return { type: 'callback', text: b.text, payload: b.callback_data };
  if ('url' in b && b.url) return { type: 'link', text: b.text, url: b.url };
  if ('web_app' in b && b.web_app) return { type: 'link', text: b.text, url: b.web_app.url };
  return null;
}

const replyButton = (b: KeyboardButton | string): MaxButton => ({
  type: 'message',
  text: typeof b === 'string' ? b : b.text,
});

/** The attachment for the markup, or null when the message carries no buttons. */
export function keyboardOf(markup: unknown): MaxAttachment | null {
  const m = (markup ?? {}) as Markup;
  const rows: MaxButton[][] = m.inline_keyboard
    ? m.inline_keyboard.map((row) => row.map(inlineButton).filter((b): b is MaxButton => b !== null))
    : m.keyboard
      ? m.keyboard.map((row) => row.map(replyButton))
      : [];
  const kept = rows.filter((r) => r.length);
  if (!kept.length) return null;
  return { type: 'inline_keyboard', payload: { buttons: fitKeyboard(kept) } };
}
