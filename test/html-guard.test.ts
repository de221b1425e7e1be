import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, joinHtml, raw } from '../core/html.js';
import { scanSource, scanTree } from './helpers/html-guard.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const rules = (file: string, src: string) => scanSource(file, src).map((f) => f.rule);

describe('core/html.ts', () => {
  it('escapes every interpolated value that is not Html; numbers, arrays and Html pass', () => {
    const name = '<a href="https://evil.example">Мария</a> & Co';
    expect(escapeHtml(name)).toBe('&lt;a href=&quot;https://evil.example&quot;&gt;Мария&lt;/a&gt; &amp; Co');
    expect(html`<b>${name}</b> ${5}`.toString()).toBe(`<b>${escapeHtml(name)}</b> 5`);
    expect(html`${['<', raw('<i>x</i>')]}`.toString()).toBe('&lt;<i>x</i>');
    expect(html`<b>${html`${'&'}`}</b>`.toString()).toBe('<b>&amp;</b>');
    expect(joinHtml(['a<', html`<i>b</i>`], ' · ').toString()).toBe('a&lt; · <i>b</i>');
  });
});

describe('the HTML guard', () => {
  it('finds tags pasted into plain templates and concatenations, and escaping outside its owners', () => {
    expect(rules('bot/x.ts', 'const t = `<b>${name}</b>`;')).toEqual(['tag-in-string']);
    expect(rules('bot/x.ts', "const t = '<i>' + name + '</i>';")).toEqual(['tag-in-string', 'tag-in-string']);
    expect(rules('bot/x.ts', 'const t = `<a href="${url}">x</a>`;')).toEqual(['tag-in-string']);
    expect(rules('jobs/x.ts', 'const t = `<pre>${rows}</pre>`;')).toEqual(['tag-in-string']);
    expect(rules('bot/x.ts', 'ctx.t("k", { name: escapeHtml(name) });')).toEqual(['escape-outside']);
    expect(rules('bot/x.ts', "const esc = (s) => s.replace(/</g, '&lt;');")).toEqual(['escape-outside']);
  });

  it('lets the safe ways through', () => {
    expect(rules('bot/x.ts', 'const t = html`<b>${name}</b>`;')).toEqual([]);
    expect(rules('bot/x.ts', "const t = raw('<b>');")).toEqual([]);
    expect(rules('bot/x.ts', 'const t = `${a}\\n\\n${b} <3 a<b`;')).toEqual([]);
    expect(rules('core/paper/texts.ts', 'const v = escapeHtml(s);')).toEqual([]);
    expect(rules('bot/i18n.ts', 'const v = escapeHtml(s);')).toEqual([]);
  });

  it('passes on the tree: bot/, jobs/ and core/', () => {
    expect(scanTree(ROOT)).toEqual([]);
  });
});
