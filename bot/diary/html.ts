/** Long Telegram HTML answers split safely (escaping itself: core/html.ts). */

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
