import { webAppUrlProblem } from '../support/fake-bot-api/checks.js';
import { HtmlParseError, htmlToPlain } from '../support/fake-bot-api/telegram-html.js';

/**
 * What Telegram would say about a Bot API payload's texts, as strictly as the
 * real server: an HTML text it cannot parse is a 400 ("can't parse
 * entities"). Text shown as is (buttons, pop-ups, messages without
 * parse_mode) and the visible text of HTML messages must not carry HTML
 * entities: `&amp;` there means a name was escaped for the wrong place, or twice.
 * Returns the reason to refuse, or null.
 */
const ENTITY = /&(amp|lt|gt|quot);/;

export function refusal(method: string, p: Record<string, any>): string | null {
  const html = typeof p.parse_mode === 'string' && p.parse_mode.toLowerCase() === 'html';
  for (const field of ['text', 'caption'] as const) {
    const v = p[field];
    if (typeof v !== 'string') continue;
    const problem = html ? parseProblem(v) : ENTITY.test(v) ? `escaped text without parse_mode: ${v}` : null;
    if (problem) return `${method} ${field}: ${problem}`;
  }
  for (const label of buttonLabels(p.reply_markup))
    if (ENTITY.test(label)) return `${method}: escaped button label «${label}»`;
  const webApps = [...(p.reply_markup?.inline_keyboard ?? []).flat(), p.menu_button].filter((b) => b?.web_app);
  for (const b of webApps) {
    const problem = webAppUrlProblem(b.web_app.url);
    if (problem) return `${method}: Web App URL '${b.web_app.url}' ${problem}`;
  }
  return null;
}

function parseProblem(text: string): string | null {
  try {
    const shown = htmlToPlain(text);
    return ENTITY.test(shown) ? `escaped twice: ${shown}` : null;
  } catch (e) {
    if (e instanceof HtmlParseError) return `can't parse entities: ${e.message}`;
    throw e;
  }
}

function buttonLabels(markup: any): string[] {
  const rows = markup?.inline_keyboard ?? markup?.keyboard ?? [];
  return rows.flat().map((b: any) => (typeof b === 'string' ? b : String(b.text)));
}
