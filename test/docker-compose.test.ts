import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../core/config.js';

/**
 * docker-compose.yml kept true to the configuration without Docker on the machine: its services'
 * environment, with compose's own ${VAR:-default} / ${VAR:?message} substitution done here, must be what
 * the schema knows and accepts — a renamed or removed variable, a required one left out, fails here.
 */
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string> }>;
};
const KEY = 'k'.repeat(48);

/** Compose's interpolation of one value: ${X}, ${X:-default}, ${X:?error} (unset and empty alike, as compose does). */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg = '') => {
    const v = env[name];
    if (v) return v;
    if (op === '?') throw new Error(`compose refuses to start: ${name}: ${arg}`);
    return op === '-' ? arg : '';
  });
}

/** A service's environment as its container would see it, the image's NODE_ENV=production included. */
function environmentOf(service: string, env: Record<string, string>): Record<string, string> {
  const raw = compose.services[service].environment ?? {};
  return {
    NODE_ENV: 'production',
    ...Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, interpolate(String(v), env)])),
  };
}

describe('docker-compose.yml', () => {
  const apps = ['bot', 'worker'];

  it('names only variables the configuration knows', () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const s of apps)
      expect(Object.keys(compose.services[s].environment ?? {}).filter((k) => !known.has(k))).toEqual([]);
  });

  it('starts the bot and the workers on Telegram, on MAX alone, or on both; refuses without a hash key', () => {
    const telegram = { BOT_TOKEN: '123456789:AAEexampleExampleExample0123', CODE_HASH_KEY: KEY };
    const max = { MAX_BOT_TOKEN: 'max-example-token-0123456789abcdef', CODE_HASH_KEY: KEY };
    const both = { ...telegram, ...max };
    for (const env of [telegram, max, both] as Record<string, string>[]) {
      const bot = loadConfig(environmentOf('bot', env));
      const worker = loadConfig(environmentOf('worker', env));
      expect([bot.RUN_BOT, bot.RUN_JOBS, worker.RUN_BOT, worker.RUN_JOBS]).toEqual([true, false, false, true]);
      expect([bot.DATABASE_URL, bot.REDIS_URL]).toEqual([worker.DATABASE_URL, worker.REDIS_URL]);
      expect([bot.BOT_TOKEN, bot.MAX_BOT_TOKEN]).toEqual([env.BOT_TOKEN, env.MAX_BOT_TOKEN]);
      expect([worker.BOT_TOKEN, worker.MAX_BOT_TOKEN]).toEqual([env.BOT_TOKEN, env.MAX_BOT_TOKEN]);
    }
    expect(() => environmentOf('bot', { BOT_TOKEN: telegram.BOT_TOKEN })).toThrow(/CODE_HASH_KEY/);
  });

  it('runs several bot replicas by webhook, with MAX and the Mini App on the same port', () => {
    const bot = loadConfig(
      environmentOf('bot', {
        BOT_TOKEN: '123456789:AAEexampleExampleExample0123',
        MAX_BOT_TOKEN: 'max-example-token-0123456789abcdef',
        CODE_HASH_KEY: KEY,
        BOT_MODE: 'webhook',
        WEBHOOK_URL: 'https://school.example/telegram',
        WEBHOOK_SECRET: 'telegram-secret-0123456789',
        MAX_MODE: 'webhook',
        MAX_WEBHOOK_URL: 'https://school.example/max',
        MAX_WEBHOOK_SECRET: 'max-secret-0123',
        WEBAPP_URL: 'https://school.example/app/',
      }),
    );
    expect([bot.BOT_MODE, bot.MAX_MODE, bot.WEBHOOK_PORT, bot.WEBAPP_URL]).toEqual([
      'webhook',
      'webhook',
      8080,
      'https://school.example/app/',
    ]);
    // The load balancer reaches the replicas on the port the service exposes.
    expect((compose.services.bot as { expose?: string[] }).expose).toEqual([String(bot.WEBHOOK_PORT)]);
    // Without a secret the webhook would take anyone's updates: the configuration refuses it.
    expect(() =>
      loadConfig(
        environmentOf('bot', {
          BOT_TOKEN: '123456789:AAEexampleExampleExample0123',
          CODE_HASH_KEY: KEY,
          BOT_MODE: 'webhook',
        }),
      ),
    ).toThrow(/WEBHOOK_SECRET: is required when BOT_MODE=webhook/);
  });
});
