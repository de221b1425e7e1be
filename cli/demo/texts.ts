import { textsOf, type TextArgs } from '../../core/texts.js';

/** The demo's own texts: locales/<locale>/demo.ftl, read by the one Fluent loader (core/texts.ts). */
export type Texts = (id: string, args?: TextArgs) => string;

export function loadDemoTexts(locale = 'ru'): Texts {
  return textsOf('demo', locale).plain;
}
