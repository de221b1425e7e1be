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

/* Long Telegram answers, split safely: between lines, never inside a tag or an entity. */

/** Telegram's limit is 4096 characters; a margin keeps us clear of it whatever the counting. */
export const MESSAGE_LIMIT = 4000;

/**
 * Splits lines into messages under the limit, only between lines (each line
 * closes the tags it opens), keeping a blank-line block together when it
 * fits. A single line longer than the limit (plain escaped text) is cut at
 * spaces, never inside an HTML entity or tag.
 */
export function splitMessage(text: string, limit = MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let cur = '';
  const push = () => {
    if (cur.trim()) parts.push(cur.replace(/\n+$/, ''));
    cur = '';
  };
  const blocks = text.split(/\n{2,}/);
  for (const block of blocks) {
    const sep = cur ? '\n\n' : '';
    if (cur.length + sep.length + block.length <= limit) {
      cur += sep + block;
      continue;
    }
    push();
    if (block.length <= limit) {
      cur = block;
      continue;
    }
    for (const line of block.split('\n')) {
      const s = cur ? '\n' : '';
      if (cur.length + s.length + line.length <= limit) {
        cur += s + line;
        continue;
      }
      push();
      let rest = line;
      while (rest.length > limit) {
        const cut = safeCut(rest, limit);
        parts.push(rest.slice(0, cut));
        rest = rest.slice(cut).replace(/^ +/, '');
      }
      cur = rest;
    }
  }
  push();
  return parts.length ? parts : [''];
}

/** A cut point ≤ limit: at the last space if there is one late enough, and never inside `&…;` or `<…>`. */
function safeCut(s: string, limit: number): number {
  let cut = limit;
  const space = s.lastIndexOf(' ', limit);
  if (space > limit * 0.6) cut = space;
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 10 && !s.slice(amp, cut).includes(';')) cut = amp;
  const lt = s.lastIndexOf('<', cut - 1);
  if (lt >= 0 && !s.slice(lt, cut).includes('>')) cut = lt;
  return Math.max(1, cut);
}
