/**
 * Telegram HTML (`parse_mode: 'HTML'`), escaped by construction: the one
 * place a string becomes markup. Data (names, subjects, comments typed by
 * people) is escaped on the way in; only `Html` values pass as they are.
 */

/** Escapes text for Telegram HTML: & < > and " (attribute values). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Markup already safe to send; `toString()` gives it. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What may go into markup: text is escaped, numbers printed, `Html` kept, arrays joined. */
export type HtmlPart = Html | string | number | null | undefined | readonly HtmlPart[];

/** Any part as markup: text escaped, nothing as ''. */
export function toHtml(part: HtmlPart): Html {
  if (part instanceof Html) return part;
  if (part === null || part === undefined) return new Html('');
  if (typeof part === 'number') return new Html(String(part));
  if (typeof part === 'string') return new Html(escapeHtml(part));
  return new Html(part.map((p) => toHtml(p).markup).join(''));
}

/** `html\`<b>${name}</b>\``: every interpolated value that is not `Html` is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlPart[]): Html {
  let out = strings[0];
  values.forEach((v, i) => (out += toHtml(v).markup + strings[i + 1]));
  return new Html(out);
}

/** Trusted constant markup only (a literal tag, a locale text): never data. */
export const raw = (markup: string): Html => new Html(markup);

/** Parts joined by `sep` (escaped like any part; '\n' by default). */
export function joinHtml(parts: readonly HtmlPart[], sep: HtmlPart = '\n'): Html {
  const s = toHtml(sep).markup;
  return new Html(parts.map((p) => toHtml(p).markup).join(s));
}

/** A Fluent argument of an HTML text: text escaped, `Html` as its markup, numbers and dates as they are. */
export function htmlArg<T>(v: T | Html | string): T | string {
  if (v instanceof Html) return v.markup;
  return typeof v === 'string' ? escapeHtml(v) : v;
}
