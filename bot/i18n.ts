import { I18n } from '@grammyjs/i18n';
import type { FluentVariable } from '@fluent/bundle';
import type { MiddlewareFn } from 'grammy';
import { DEFAULT_LOCALE, localeSource, locales } from '../core/texts.js';
import { Html, htmlArg } from '../core/html.js';
import type { BotContext } from './context.js';

/**
 * Fluent texts from locales/<lang>/*.ftl (one file per feature), read by the
 * one loader (core/texts.ts). Russian first; a second language is a new folder.
 */
export function createI18n(): I18n<BotContext> {
  const i18n = new I18n<BotContext>({
    defaultLocale: DEFAULT_LOCALE,
    useSession: false,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.from?.language_code ?? DEFAULT_LOCALE,
  });
  for (const locale of locales()) i18n.loadLocaleSync(locale, { source: localeSource(locale) });
  return i18n;
}

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

type Translate = (key: string, args?: Record<string, FluentVariable>) => string;

function mapArgs(args: TextArgs | undefined, f: (v: FluentVariable | Html) => FluentVariable) {
  if (!args) return undefined;
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, f(v)]));
}

const plainArg = (v: FluentVariable | Html): FluentVariable => (v instanceof Html ? v.markup : v);

/** What a view reads its texts with: `ctx` itself in a handler, `textsFor(locale)` in a unit test. */
export type Texts = Pick<SafeI18nFlavor, 't' | 'tHtml' | 'tPlain'>;

function safe(translate: Translate): SafeI18nFlavor {
  const t = (key: string, args?: TextArgs) => translate(key, mapArgs(args, htmlArg));
  return {
    t,
    translate: t,
    tHtml: (key, args) => new Html(t(key, args)),
    tPlain: (key, args) => translate(key, mapArgs(args, plainArg)),
  };
}

/** After the i18n plugin: replaces its `ctx.t` with the escaping one and adds `tHtml` and `tPlain`. */
export function safeTranslations(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    Object.assign(ctx, safe(ctx.translate.bind(ctx)));
    return next();
  };
}

let shared: I18n<BotContext> | undefined;
/** The bot's texts in one locale without an update (views' unit tests, the web front end). */
export function textsFor(locale = DEFAULT_LOCALE): Texts {
  shared ??= createI18n();
  const i18n = shared;
  return safe((key, args) => i18n.translate(locale, key, args));
}
