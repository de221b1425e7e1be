import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';

/**
 * Fluent without the file system: a bundle from a source and a strict
 * formatter, shared by the loader that reads locales/ from disk (core/texts.ts)
 * and the Mini App, which gets its .ftl files bundled at build time.
 * Fluent's bidi isolation marks are off: messengers and the page show them as
 * stray characters around names.
 */
export function fluentBundle(locale: string, source: string, name: string): FluentBundle {
  const b = new FluentBundle(locale, { useIsolating: false });
  const errors = b.addResource(new FluentResource(source));
  if (errors.length) throw new Error(`${name}: ${errors.map((e) => e.message).join('; ')}`);
  return b;
}

/** The message's text; throws on an unknown key or a missing argument (a bug, caught by tests). */
export function formatMessage(
  b: FluentBundle,
  name: string,
  key: string,
  vars: Record<string, FluentVariable>,
): string {
  const msg = b.getMessage(key);
  if (!msg?.value) throw new Error(`${name} has no message ${key}`);
  const errors: Error[] = [];
  const out = b.formatPattern(msg.value, vars, errors);
  if (errors.length) throw new Error(`${name} ${key}: ${errors.map((e) => e.message).join('; ')}`);
  return out;
}
