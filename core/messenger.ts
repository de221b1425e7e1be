/**
 * The messengers the diary speaks through (issue 20). A person's account in one of them is
 * (messenger, user id): the same number in Telegram and in MAX are two different people, so every
 * stored chat or user id travels with its messenger.
 */
import type { Messenger } from '../db/entities/columns.js';
import type { Logger } from './logger.js';
export { MESSENGERS, type Messenger } from '../db/entities/columns.js';
export const DEFAULT_MESSENGER = 'telegram' as const;

const LINK_ROOT: Record<Messenger, string> = { telegram: 'https://t.me', max: 'https://max.ru' };

/** The bot's chat in its messenger (`https://t.me/<bot>`, `https://max.ru/<bot>`), opened with `start` when given. */
export const botLink = (botUsername: string, messenger: Messenger, start?: string) =>
  `${LINK_ROOT[messenger]}/${botUsername}${start ? `?start=${start}` : ''}`;

/** Where a process publishes its bots for the deployment's other processes (the key-value table). */
export interface SharedValues {
  read(key: string): Promise<unknown>;
  write(key: string, value: unknown): Promise<void>;
}

/** How long a bot another process published counts as served; each process publishes again every 6 hours. */
export const PUBLISHED_FOR_MS = 24 * 3600_000;
const REPUBLISH_MS = 6 * 3600_000;
const sharedKey = (m: Messenger) => `deployment:bot:${m}`;

/**
 * The bot's username in each messenger, learned when each front end starts (app.ts): a school on both
 * prints both deep links on its invitation cards, whichever chat asked — also when Telegram and MAX run in
 * separate processes, which publish their bots to the shared store and read each other's.
 */
export class BotUsernames {
  private readonly names = new Map<Messenger, string>();

  constructor(private readonly shared?: { store: SharedValues; now: () => Date }) {}

  /** Records (or, with no username, forgets) this process's bot of a messenger. */
  set(messenger: Messenger, username: string | undefined): void {
    if (username) this.names.set(messenger, username);
    else this.names.delete(messenger);
  }

  /** Records each front end's bot (none: that messenger is not served here). */
  record(names: Partial<Record<Messenger, string | undefined>>): void {
    for (const [messenger, username] of Object.entries(names)) this.set(messenger as Messenger, username);
  }

  /** Tells the deployment's other processes which bots this one serves, and since when (the product's clock). */
  async publish(): Promise<void> {
    if (!this.shared) return;
    const at = this.shared.now().toISOString();
    for (const [messenger, username] of this.names)
      await this.shared.store.write(sharedKey(messenger), { username, at });
  }

  /** Publishes now and every 6 hours (app.ts, at start); returns the stop. A failed write is logged, never thrown. */
  async keepPublished(logger: Logger): Promise<() => Promise<void>> {
    const publish = () => this.publish().catch((e) => logger.warn({ err: String(e) }, 'bots not published'));
    await publish();
    const timer = setInterval(() => void publish(), REPUBLISH_MS);
    timer.unref();
    return () => Promise.resolve(clearInterval(timer));
  }

  /** This process's bot of the messenger, or the one another process published within a day; none if neither. */
  async get(messenger: Messenger): Promise<string | undefined> {
    const own = this.names.get(messenger);
    if (own || !this.shared) return own;
    const v = (await this.shared.store.read(sharedKey(messenger))) as { username?: string; at?: string } | undefined;
    const age = v?.at ? this.shared.now().getTime() - Date.parse(v.at) : Infinity;
    return v?.username && age >= 0 && age < PUBLISHED_FOR_MS ? v.username : undefined;
  }
}
