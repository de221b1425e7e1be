import { HtmlParseError, htmlToPlain } from './telegram-html.js';
import { badRequest } from './types.js';

/** What Telegram refuses in a text and a keyboard, where that is cheap to check. */

export function renderText(
  text: unknown,
  parseMode: unknown,
  what: string,
  max: number,
): { plain: string; raw: string } {
  if (typeof text !== 'string' || text.trim() === '') throw badRequest(`${what} is empty`);
  let plain = text;
  if (typeof parseMode === 'string' && parseMode.toLowerCase() === 'html') {
    try {
      plain = htmlToPlain(text);
    } catch (e) {
      if (e instanceof HtmlParseError) throw badRequest(`can't parse entities: ${e.message}`);
      throw e;
    }
  } else if (
    parseMode !== undefined &&
    !['markdown', 'markdownv2'].includes((typeof parseMode === 'string' ? parseMode : '').toLowerCase())
  ) {
    throw badRequest(`unsupported parse_mode`);
  }
  if (plain.trim() === '') throw badRequest(`${what} is empty`);
  if (plain.length > max)
    throw badRequest(what === 'message text' ? 'message is too long' : 'message caption is too long');
  return { plain, raw: text };
}

export function renderCaption(p: Record<string, any>): { plain: string; raw: string } | undefined {
  if (p.caption === undefined || p.caption === '') return undefined;
  return renderText(p.caption, p.parse_mode, 'caption', 1024);
}

/** Telegram's checks on keyboards that catch real bugs: empty labels, callback data over 64 bytes, no action. */
export function checkMarkup(markup: any, inlineOnly = false): void {
  if (markup === undefined) return;
  if (typeof markup !== 'object' || markup === null) throw badRequest("can't parse reply keyboard markup JSON object");
  if (markup.inline_keyboard !== undefined) {
    if (!Array.isArray(markup.inline_keyboard) || !markup.inline_keyboard.every(Array.isArray))
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    for (const b of markup.inline_keyboard.flat()) {
      if (!b || typeof b.text !== 'string' || b.text === '')
        throw badRequest('text buttons are unallowed in the inline keyboard');
      const actions = [
        'callback_data',
        'url',
        'web_app',
        'login_url',
        'switch_inline_query',
        'switch_inline_query_current_chat',
        'switch_inline_query_chosen_chat',
        'copy_text',
        'callback_game',
        'pay',
      ].filter((k) => b[k] !== undefined);
      if (actions.length !== 1) throw badRequest('text buttons are unallowed in the inline keyboard');
      if (b.callback_data !== undefined) {
        const bytes = Buffer.byteLength(String(b.callback_data), 'utf8');
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      if (b.url !== undefined && !/^(https?|tg):\/\/\S+$/i.test(String(b.url)))
        throw badRequest(`inline keyboard button URL '${b.url}' is invalid: Wrong HTTP URL`);
    }
    return;
  }
  if (inlineOnly) throw badRequest('inline keyboard expected');
  if (markup.keyboard !== undefined) {
    if (!Array.isArray(markup.keyboard) || !markup.keyboard.every(Array.isArray))
      throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
    for (const b of markup.keyboard.flat()) {
      const text = typeof b === 'string' ? b : b?.text;
      if (typeof text !== 'string' || text === '') throw badRequest('keyboard button text is empty');
    }
  }
}
