/**
 * The messengers the diary speaks through (issue 20). A person's account in one of them is
 * (messenger, user id): the same number in Telegram and in MAX are two different people, so every
 * stored chat or user id travels with its messenger.
 */
import type { Messenger } from '../db/entities/columns.js';
export { MESSENGERS, type Messenger } from '../db/entities/columns.js';
export const DEFAULT_MESSENGER = 'telegram' as const;

const LINK_ROOT: Record<Messenger, string> = { telegram: 'https://t.me', max: 'https://max.ru' };

/** The bot's chat in its messenger (`https://t.me/<bot>`, `https://max.ru/<bot>`), opened with `start` when given. */
export const botLink = (botUsername: string, messenger: Messenger, start?: string) =>
  `${LINK_ROOT[messenger]}/${botUsername}${start ? `?start=${start}` : ''}`;

/**
 * The bot's username in each messenger this process serves, learned when each front end starts
 * (app.ts): a school on both prints both deep links on its invitation cards, whichever chat asked.
 */
export class BotUsernames {
  private readonly names = new Map<Messenger, string>();

  /** Records (or, with no username, forgets) the bot of a messenger. */
  set(messenger: Messenger, username: string | undefined): void {
    if (username) this.names.set(messenger, username);
    else this.names.delete(messenger);
  }

  /** Records each front end's bot (none: that messenger is not served). */
  record(names: Partial<Record<Messenger, string | undefined>>): void {
    for (const [messenger, username] of Object.entries(names)) this.set(messenger as Messenger, username);
  }

  get(messenger: Messenger): string | undefined {
    return this.names.get(messenger);
  }
}
