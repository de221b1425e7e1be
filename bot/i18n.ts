import { I18n } from '@grammyjs/i18n';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
