/**
 * The time as the product sees it. Everything that decides by the clock (the
 * correction window, quiet hours, which schedule slot is due) asks a Clock, so
 * tests can move time instead of waiting for it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and runs on in real time; `offsetMs` is how far it is from the system clock. */
export function clockStartingAt(start: Date | string): Clock & { offsetMs: number } {
  const offsetMs = new Date(start).getTime() - Date.now();
  return { offsetMs, now: () => new Date(Date.now() + offsetMs) };
}

/**
 * The process's clock from its configuration: the system clock, or one started at CLOCK_START (a demo or an
 * end-to-end test on a fixed school day). The database is told the same offset (db/data-source.ts).
 */
export const processClock = (config: { CLOCK_START?: string }): Clock & { offsetMs: number } =>
  config.CLOCK_START ? clockStartingAt(config.CLOCK_START) : { offsetMs: 0, now: () => systemClock.now() };

/** A clock a test moves by hand. */
export function manualClock(start: Date | string): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (v) => void (t = new Date(v).getTime()),
    advance: (ms) => void (t += ms),
  };
}
