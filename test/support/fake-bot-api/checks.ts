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

/**
 * Why Telegram would refuse a Mini App address (a `web_app` button, the menu
 * button), or null. Telegram takes HTTPS only. One deliberate difference: plain
 * HTTP to this machine (127.0.0.1, localhost, [::1]) is taken too, so that the
 * demo and the end-to-end tests can open the Mini App without a certificate.
 */
export function webAppUrlProblem(url: unknown): string | null {
  if (typeof url !== 'string') return 'is empty';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is invalid: Wrong HTTP URL';
  }
  if (u.protocol === 'https:') return null;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  return u.protocol === 'http:' && loopback ? null : 'is invalid: Only HTTPS links are allowed';
}

/** A `web_app` button: an HTTPS address, in a private chat only (BUTTON_TYPE_INVALID elsewhere). */
function checkWebAppButton(b: any, chatId: number | undefined): void {
  if (chatId !== undefined && chatId < 0) throw badRequest('BUTTON_TYPE_INVALID');
  const problem = webAppUrlProblem(b.web_app?.url);
  if (problem) throw badRequest(`inline keyboard button Web App URL '${b.web_app?.url}' ${problem}`);
}

/** The menu button of setChatMenuButton: commands, default, or a Mini App with a label and an HTTPS address. */
export function checkMenuButton(m: any): void {
  if (m === undefined) return;
  if (!m || typeof m !== 'object') throw badRequest("can't parse menu button JSON object");
  if (m.type === 'default' || m.type === 'commands') return;
  if (m.type !== 'web_app') throw badRequest('unsupported menu button type');
  if (typeof m.text !== 'string' || m.text.trim() === '') throw badRequest('menu button text is empty');
  const problem = webAppUrlProblem(m.web_app?.url);
  if (problem) throw badRequest(`menu button Web App URL '${m.web_app?.url}' ${problem}`);
}

/** Telegram's checks on keyboards that catch real bugs: empty labels, callback data over 64 bytes, no action, a `web_app` button's address. */
export function checkMarkup(markup: any, inlineOnly = false, chatId?: number): void {
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
      if (b.web_app !== undefined) checkWebAppButton(b, chatId);
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
