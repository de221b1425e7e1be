import type { ServiceDeps } from '../services/deps.js';
import { feedFreshness, feedStatus } from './state.js';

/**
 * The school's journal feed as the front ends see it: its state and lag for
 * the administration, and whether family views should warn that the data may
 * be stale. Stale means older than FEED_STALE_MINUTES by the product's clock.
 */
export function feedService(deps: ServiceDeps) {
  const { db } = deps;
  const staleMinutes = deps.config.FEED_STALE_MINUTES;
  return {
    /** The school's feed state and lag; undefined when the school has no feed. */
    status: async (schoolId: number) => (await feedStatus(db, { staleMinutes })).find((r) => r.schoolId === schoolId),
    /** Is the school's journal current now? One primary-key read. */
    freshness: (schoolId: number) => feedFreshness(db, schoolId, { now: deps.clock.now(), staleMinutes }),
  };
}
