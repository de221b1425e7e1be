/**
 * Telegram's `parse_mode: 'HTML'`, as strict as the real server: only its tags,
 * balanced, and the four named entities. A text Telegram would refuse
 * ("can't parse entities") is refused here too, so a bad locale string fails a
 * test instead of a parent's chat. Returns the plain text a client shows.
 */
export class HtmlParseError extends Error {}

const TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const byteOffset = (s: string, i: number) => Buffer.byteLength(s.slice(0, i), 'utf8');

export function htmlToPlain(html: string): string {
  let out = '';
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '&') {
      const m = /^&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]+));/.exec(html.slice(i, i + 12));
      const decoded = m
        ? m[1] !== undefined
          ? String.fromCodePoint(Number(m[1]))
          : m[2] !== undefined
            ? String.fromCodePoint(parseInt(m[2], 16))
            : NAMED[m[3].toLowerCase()]
        : undefined;
      if (m && decoded !== undefined) {
        out += decoded;
        i += m[0].length;
      } else {
        out += c;
        i++;
      }
      continue;
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const at = byteOffset(html, i);
    const end = findTagEnd(html, i + 1);
    if (end < 0) throw new HtmlParseError(`Unclosed ${html[i + 1] === '/' ? 'end' : 'start'} tag at byte offset ${at}`);
    const inner = html.slice(i + 1, end);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      if (!open.length) throw new HtmlParseError(`Unexpected end tag at byte offset ${at}`);
      const expected = open[open.length - 1];
      if (name !== expected)
        throw new HtmlParseError(
          `Unmatched end tag at byte offset ${at}, expected "</${expected}>", found "</${name}>"`,
        );
      open.pop();
    } else {
      const name = (/^[^\s/>]*/.exec(inner)?.[0] ?? '').toLowerCase();
      if (!TAGS.has(name)) throw new HtmlParseError(`Unsupported start tag "${name}" at byte offset ${at}`);
      if (name === 'span' && !/\bclass\s*=\s*["']?tg-spoiler\b/.test(inner))
        throw new HtmlParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
      open.push(name);
    }
    i = end + 1;
  }
  if (open.length) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${open[open.length - 1]}"`);
  return out;
}

/** Index of the `>` closing a tag opened before `from`, skipping quoted attribute values. */
function findTagEnd(s: string, from: number): number {
  let quote: string | null = null;
  for (let j = from; j < s.length; j++) {
    const ch = s[j];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return j;
    else if (ch === '<') return -1;
  }
  return -1;
}
