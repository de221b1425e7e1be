import type { ServiceDeps } from '../services/deps.js';
import { recordActivity } from '../control/activity.js';
import { loadAccessProfile } from './profile.js';

/** Who is writing, read fresh on every update, and when their links were last used. */
export function accessService(deps: ServiceDeps) {
  return {
    profile: (telegramUserId: number) => loadAccessProfile(deps.db, telegramUserId, deps.hashKey),
    /** Marks the links as used (at most once an hour each), for the control panel's families-active figure. */
    recordActivity: (linkIds: number[]) => recordActivity(deps.db, linkIds),
  };
}
