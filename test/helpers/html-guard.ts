import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The guard of escaping by construction (core/html.ts): Telegram HTML is
 * built with `html\`\``, `joinHtml` and the escaping texts (`ctx.t`, core's
 * `texts.ts`), never by pasting data into a string with tags. It finds:
 * - a plain (untagged) template literal, or a `+` concatenation, containing a
 *   tag of Telegram's set;
 * - `escapeHtml(` outside the places that own escaping, and home-made escapers
 *   (`.replace(/</g, '&lt;')`).
 */
export interface Finding {
  file: string;
  line: number;
  rule: 'tag-in-string' | 'escape-outside';
  text: string;
}

/** Telegram's tags: <b>, </b>, <a href…>, <span class…>, <tg-spoiler>… */
const TAG =
  /<\/?(?:b|strong|i|em|u|ins|s|strike|del|code|pre|blockquote|tg-spoiler)\s*>|<(?:a|span|tg-emoji|pre|code|blockquote)\s[^>]*>/i;

/** Where escaping lives: the one escaper, core's text helpers and the bot's i18n wrapper. */
const ESCAPE_OWNERS = [/^core\/html\.ts$/, /^core\/[^/]+\/texts\.ts$/, /^bot\/i18n\.ts$/];
/** An SVG image (the marks chart) escapes for XML, not for Telegram. */
const XML_ESCAPERS = [/^core\/diary\/chart\.ts$/];

const literalText = (n: ts.Node): string | null => {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join('${}');
  return null;
};

const isHtmlTag = (n: ts.Node) =>
  ts.isTaggedTemplateExpression(n.parent) && n.parent.tag.getText() === 'html' && n.parent.template === n;

function tagInString(n: ts.Node): boolean {
  if (ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n))
    return !isHtmlTag(n) && TAG.test(literalText(n)!);
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return [n.left, n.right].some((x) => TAG.test(literalText(x) ?? ''));
  return false;
}

function escapeOutside(n: ts.Node, file: string): boolean {
  if (ESCAPE_OWNERS.some((re) => re.test(file))) return false;
  if (ts.isCallExpression(n)) {
    const callee = n.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
    if (name === 'escapeHtml') return true;
    const arg = n.arguments[1];
    return (
      name === 'replace' && !!arg && /&lt;/.test(literalText(arg) ?? '') && !XML_ESCAPERS.some((re) => re.test(file))
    );
  }
  return false;
}

/** Findings in one source text; `file` is relative to the repository (it decides who may escape). */
export function scanSource(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Finding[] = [];
  const add = (n: ts.Node, rule: Finding['rule']) =>
    found.push({ file, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, rule, text: n.getText() });
  const visit = (n: ts.Node) => {
    if (tagInString(n)) add(n, 'tag-in-string');
    else if (escapeOutside(n, file)) add(n, 'escape-outside');
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(root, rel);
    return rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Findings in bot/, jobs/ and core/ (core/html.ts, the escaper itself, skipped). */
export function scanTree(root: string): Finding[] {
  return ['bot', 'jobs', 'core']
    .flatMap((dir) => sourceFiles(root, dir))
    .filter((f) => f !== 'core/html.ts')
    .flatMap((f) => scanSource(f, readFileSync(path.join(root, f), 'utf8')));
}
