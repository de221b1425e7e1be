/**
 * The messengers the diary speaks through (issue 20). A person's account in one of them is
 * (messenger, user id): the same number in Telegram and in MAX are two different people, so every
 * stored chat or user id travels with its messenger.
 */
export { MESSENGERS, type Messenger } from '../db/entities/columns.js';
export const DEFAULT_MESSENGER = 'telegram' as const;
