import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';

/** The demo's own texts: locales/<locale>/demo.ftl, read with Fluent like the bot's. */
export type Texts = (id: string, args?: Record<string, FluentVariable>) => string;

const LOCALES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');

export function loadDemoTexts(locale = 'ru'): Texts {
  const bundle = new FluentBundle(locale, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(readFileSync(path.join(LOCALES, locale, 'demo.ftl'), 'utf8')));
  if (errors.length) throw new Error(`locales/${locale}/demo.ftl: ${errors.map(String).join('; ')}`);
  return (id, args) => {
    const message = bundle.getMessage(id);
    if (!message?.value) throw new Error(`locales/${locale}/demo.ftl has no text "${id}"`);
    const problems: Error[] = [];
    const text = bundle.formatPattern(message.value, args ?? null, problems);
    if (problems.length) throw new Error(`locales/${locale}/demo.ftl, "${id}": ${problems.map(String).join('; ')}`);
    return text;
  };
}
