import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FluentBundle, FluentVariable } from '@fluent/bundle';
import { fluentBundle, formatMessage } from './fluent.js';
import { htmlArg, type Html } from './html.js';

/**
 * The one Fluent loader: every text of the product is in locales/<locale>/,
 * one .ftl file per feature, read from here. The bot's i18n plugin gets the
 * whole locale (`localeSource`); code that runs without grammY (printed
 * paper, notifications, the demo) reads one file (`textsOf`). Fluent's bidi
 * isolation marks are off: Telegram shows them as stray characters around names.
 */
export const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'locales');
export const DEFAULT_LOCALE = 'ru';

const ftlFiles = (locale: string) =>
  readdirSync(path.join(LOCALES_DIR, locale))
    .filter((f) => f.endsWith('.ftl'))
    .sort();

/** The locales there are texts for (one folder each). */
export const locales = (): string[] =>
  readdirSync(LOCALES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

/** All of a locale's files as one Fluent source (the bot's plugin takes it whole). */
export const localeSource = (locale: string): string =>
  ftlFiles(locale)
    .map((f) => readFileSync(path.join(LOCALES_DIR, locale, f), 'utf8'))
    .join('\n');

const bundles = new Map<string, FluentBundle>();

function bundle(file: string, locale: string): FluentBundle {
  const id = `${locale}/${file}`;
  const cached = bundles.get(id);
  if (cached) return cached;
  const b = fluentBundle(locale, readFileSync(path.join(LOCALES_DIR, locale, `${file}.ftl`), 'utf8'), `${id}.ftl`);
  bundles.set(id, b);
  return b;
}

export type TextArgs = Record<string, string | number | Html | null | undefined>;

type ArgOf = (v: string | number | Html) => FluentVariable;

function format(file: string, locale: string, key: string, args: TextArgs, arg: ArgOf): string {
  const vars: Record<string, FluentVariable> = {};
  for (const [k, v] of Object.entries(args)) vars[k] = v === null || v === undefined ? 'none' : arg(v);
  return formatMessage(bundle(file, locale), `${locale}/${file}.ftl`, key, vars);
}

/**
 * A translator over one Fluent file; throws on an unknown key (a bug, caught by tests).
 * `plain`: arguments as they are (paper, terminal); `html`: Telegram HTML, every string argument escaped.
 */
export function textsOf(file: string, locale = DEFAULT_LOCALE) {
  return {
    plain: (key: string, args: TextArgs = {}) =>
      format(file, locale, key, args, (v) => (typeof v === 'object' ? v.markup : v)),
    html: (key: string, args: TextArgs = {}) => format(file, locale, key, args, htmlArg),
  };
}
