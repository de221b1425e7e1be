import type { Texts } from '../../i18n.js';

/** /help for a family: the diary's commands (/children for a guardian), then how averages are computed. */
export function familyHelpText(t: Texts, guardian: boolean, rules: string): string {
  const text = [t.t('help-family'), ...(guardian ? [t.t('help-family-children')] : []), t.t('help-family-rest')].join(
    '\n',
  );
  return `${text}\n\n${rules}`;
}
