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
