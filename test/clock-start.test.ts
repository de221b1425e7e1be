import { describe, expect, it } from 'vitest';
import { processClock } from '../core/clock.js';
import { ConfigError, loadConfig } from '../core/config.js';

describe('CLOCK_START: a demo or an end-to-end test on a fixed school day', () => {
  it('starts the process clock at the instant and lets it run on', async () => {
    const clock = processClock(loadConfig({ CLOCK_START: '2026-11-25T10:00:00+03:00' }));
    const first = clock.now().getTime();
    expect(Math.abs(first - Date.parse('2026-11-25T07:00:00Z'))).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now().getTime()).toBeGreaterThan(first);
    expect(processClock(loadConfig({})).offsetMs).toBe(0);
  });

  it('is refused in production and when it is not an instant', () => {
    expect(() => loadConfig({ CLOCK_START: '2026-11-25T10:00:00+03:00', NODE_ENV: 'production' })).toThrow(
      /CLOCK_START.*unset it in production/,
    );
    expect(() => loadConfig({ CLOCK_START: 'next monday' })).toThrow(ConfigError);
  });
});
