import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { RateLimiter } from '../../db/stores/rate-limit.js';
import type { BotUsernames } from '../messenger.js';

/**
 * What every use case of the facade is bound to, once, by `createServices`
 * (core/services/index.ts). A front end never holds the data source: it calls
 * `services.<module>.<useCase>(…)`.
 */
export interface ServiceDeps {
  db: DataSource;
  clock: Clock;
  config: Config;
  /** The current key of the invitation-code and account hashes (core/linking/keys.ts). */
  hashKey: string;
  /** Invitation-code attempt counters (Redis or PostgreSQL). */
  rateLimiter: RateLimiter;
  /** The bots of the messengers this process serves (createServices makes an empty one when not given). */
  bots?: BotUsernames;
}
