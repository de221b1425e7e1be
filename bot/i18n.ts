import { I18n } from '@grammyjs/i18n';
import type { FluentVariable } from '@fluent/bundle';
import type { MiddlewareFn } from 'grammy';
import { DEFAULT_LOCALE, localeSource, locales } from '../core/texts.js';
import { Html, htmlArg } from '../core/html.js';
import type { Messenger } from '../core/messenger.js';
import type { BotContext } from './context.js';
import type { SafeI18nFlavor, TextArgs, Texts } from './texts.js';

export type { SafeI18nFlavor, TextArgs, Texts } from './texts.js';

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

type Translate = (key: string, args?: Record<string, FluentVariable>) => string;

function mapArgs(args: TextArgs | undefined, f: (v: FluentVariable | Html) => FluentVariable) {
  if (!args) return undefined;
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, f(v)]));
}

const plainArg = (v: FluentVariable | Html): FluentVariable => (v instanceof Html ? v.markup : v);

function safe(translate: Translate): SafeI18nFlavor {
  const t = (key: string, args?: TextArgs) => translate(key, mapArgs(args, htmlArg));
  return {
    t,
    translate: t,
    tHtml: (key, args) => new Html(t(key, args)),
    tPlain: (key, args) => translate(key, mapArgs(args, plainArg)),
  };
}

/**
 * The messenger as texts name it (`{ $messenger }`): the consent and the privacy notice say where the
 * data are shown and whose account id is kept, so a family in MAX must not read «Telegram».
 */
const MESSENGER_NAME: Record<Messenger, string> = { telegram: 'Telegram', max: 'MAX' };

/** After the i18n plugin: replaces its `ctx.t` with the escaping one and adds `tHtml` and `tPlain`. */
export function safeTranslations(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const messenger = MESSENGER_NAME[ctx.messenger];
    // The plugin's own, taken before safe() replaces ctx.translate with the escaping one.
    const translate = ctx.translate.bind(ctx);
    Object.assign(
      ctx,
      safe((key, args) => translate(key, { messenger, ...args })),
    );
    return next();
  };
}

let shared: I18n<BotContext> | undefined;
/** The bot's texts in one locale without an update (views' unit tests, the web front end). */
export function textsFor(locale = DEFAULT_LOCALE): Texts {
  shared ??= createI18n();
  const i18n = shared;
  return safe((key, args) => i18n.translate(locale, key, { messenger: MESSENGER_NAME.telegram, ...args }));
}
