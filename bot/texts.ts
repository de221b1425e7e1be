import type { FluentVariable } from '@fluent/bundle';
import type { Html } from '../core/html.js';

/** Arguments of a text: names and other data as strings, pieces already rendered as `Html`. */
export type TextArgs = Record<string, FluentVariable | Html>;

/**
 * How features read texts. Names come from school data and are typed by
 * people, so a text's string arguments are escaped by construction:
 * - `t`: Telegram HTML (every string argument escaped, `Html` kept) — for
 *   messages sent with `parse_mode: 'HTML'`;
 * - `tHtml`: the same as `Html`, for an argument of another text or an `html` template;
 * - `tPlain`: arguments as they are — for button labels, pop-ups (answerCallbackQuery)
 *   and messages sent without parse_mode, where `&amp;` would show as such.
 */
export interface SafeI18nFlavor {
  t(key: string, args?: TextArgs): string;
  /** The same as `t` (the plugin's own name for it). */
  translate(key: string, args?: TextArgs): string;
  tHtml(key: string, args?: TextArgs): Html;
  tPlain(key: string, args?: TextArgs): string;
}

/** What a view reads its texts with: `ctx` itself in a handler, `textsFor(locale)` in a unit test. */
export type Texts = Pick<SafeI18nFlavor, 't' | 'tHtml' | 'tPlain'>;
