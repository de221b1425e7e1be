import { I18n } from '@grammyjs/i18n';
import type { FluentVariable } from '@fluent/bundle';
import type { MiddlewareFn } from 'grammy';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Html, htmlArg } from '../core/html.js';
import type { BotContext } from './context.js';

export const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'locales');

/**
 * Fluent texts from locales/<lang>/*.ftl (one file per feature). Russian first;
 * a second language is a new folder. Fluent's bidi isolation marks are off:
 * Telegram shows them as stray characters around names.
 */
export function createI18n(): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale: 'ru',
    directory: LOCALES_DIR,
    useSession: false,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.from?.language_code ?? 'ru',
  });
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

/** After the i18n plugin: replaces its `ctx.t` with the escaping one and adds `tHtml` and `tPlain`. */
export function safeTranslations(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const translate: Translate = ctx.translate.bind(ctx);
    const t = (key: string, args?: TextArgs) => translate(key, mapArgs(args, htmlArg));
    ctx.t = t;
    ctx.translate = t;
    ctx.tHtml = (key, args) => new Html(t(key, args));
    ctx.tPlain = (key, args) => translate(key, mapArgs(args, plainArg));
    return next();
  };
}
