/**
 * Which deliveries go first (docs/notifications.md, «Priority»). Personal news — an absence, a mark and its
 * correction, a lesson change, a reply to the family's message, an absence report, an urgent notice — is
 * HIGH; what goes to a whole school or class at one time — announcements, the evening digest, the weekly
 * summary, period forecasts and results — is BULK, so an alert written during a school-wide announcement or
 * a city's 19:00 digest does not wait behind all of it.
 */
export const PRIORITY = { bulk: 0, high: 1 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

/** Kinds of delivery that go to many chats at one time (an urgent announcement is high all the same). */
export const BULK_KINDS: ReadonlySet<string> = new Set([
  'announcement',
  'evening',
  'weekly',
  'forecast',
  'periodResults',
]);

export const priorityOf = (p: { kind: string; urgent?: boolean }): Priority =>
  BULK_KINDS.has(p.kind) && !p.urgent ? PRIORITY.bulk : PRIORITY.high;

/**
 * The share of each claimed batch kept for bulk while both kinds wait: strict priority would starve a
 * digest behind a steady stream of marks; this floor lets it drain at ≥ 20 % of the rate, and personal news
 * still takes ≥ 80 % of the rate and goes first within every batch. When only one kind waits it takes the
 * whole batch.
 */
export const BULK_SHARE = 0.2;

/** How many rows of a batch of `limit` bulk may take at least (when that many wait). */
export const bulkFloor = (limit: number): number => Math.max(1, Math.floor(limit * BULK_SHARE));
