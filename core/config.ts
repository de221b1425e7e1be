import { z } from 'zod';

/**
 * Every setting of the process, read once from the environment and validated,
 * so a typo stops start-up with the variable's name instead of failing later.
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not an IANA time zone (e.g. Europe/Moscow)' },
);

/** A production key as long as the HMAC-SHA256 output: guessing it is never the easier attack. */
export const MIN_PRODUCTION_KEY_BYTES = 32;

export const PRODUCTION_KEY_HELP = `is required with NODE_ENV=production and must be at least ${MIN_PRODUCTION_KEY_BYTES} bytes. It is the secret key of the invitation-code and account hashes: without it codes would be hashed with the public development key. Make one with \`openssl rand -base64 48\` (or \`node -e "console.log(require('node:crypto').randomBytes(48).toString('base64'))"\`), keep it in your secret store, and give the same value to every process of the deployment (bot, workers, CLI). To change it later without unlinking families, see README, "Rotating CODE_HASH_KEY".`;

export const configSchema = z
  .object({
    BOT_TOKEN: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'does not look like a token from @BotFather (digits:letters)')
      .optional(),
    BOT_API_ROOT: z.string().url().default('https://api.telegram.org'),
    BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
    WEBHOOK_URL: z.string().url().optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
    WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    // MAX, the second messenger (issue 20, docs/max.md): its bot token from the MAX partner platform
    // (unset = no MAX front end), the API's address, how updates arrive, and the webhook's secret
    // (MAX sends it back in X-Max-Bot-Api-Secret).
    MAX_BOT_TOKEN: z
      .string()
      .regex(/^\S{16,512}$/, 'does not look like a MAX bot token')
      .optional(),
    MAX_API_ROOT: z.string().url().default('https://platform-api2.max.ru'),
    MAX_MODE: z.enum(['polling', 'webhook']).default('polling'),
    MAX_WEBHOOK_URL: z.string().url().optional(),
    MAX_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{5,256}$/, 'must be 5–256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
    // MAX's own sending limit (the platform allows 30 requests a second per bot).
    MAX_NOTIFY_RATE_PER_SECOND: z.coerce.number().min(0.1).max(30).default(25),
    // The Mini App (docs/webapp.md): its public HTTPS address (unset = no Mini App buttons in the chat),
    // the port of its own server in polling mode (in webhook mode it is served by the webhook's server),
    // and how old the launch data Telegram signed may be.
    WEBAPP_URL: z.string().url().optional(),
    WEBAPP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    WEBAPP_HOST: z.string().min(1).optional(),
    WEBAPP_INIT_DATA_MAX_AGE_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 86400)
      .default(3600),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
    // Every key this deployment writes to Redis starts with it: two deployments (or a staging bot) may share one Redis.
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1–64 characters of A-Z, a-z, 0-9 and : _ . -')
      .default('dnevnik:'),
    SCHOOL_TIMEZONE: timezone.default('Europe/Moscow'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    CODE_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    // Keys replaced by CODE_HASH_KEY that codes issued under them are still checked with (README, "Rotating CODE_HASH_KEY").
    CODE_HASH_KEY_PREVIOUS: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().min(16, 'each key must be at least 16 characters')))
      .prefault(''),
    CODE_ATTEMPTS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
    RUN_BOT: boolish.prefault('true'),
    RUN_JOBS: boolish.prefault('true'),
    FEED_SCHOOLS: z
      .string()
      .transform((s, ctx) => {
        try {
          return JSON.parse(s) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not JSON (a list of {"school","url","token"})' });
          return z.NEVER;
        }
      })
      .pipe(
        z.array(
          z
            .object({
              school: z.string().min(1),
              url: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL'),
              token: z.string().min(16, 'must be at least 16 characters'),
            })
            .strict(),
        ),
      )
      .prefault('[]'),
    FEED_STALE_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
    FEED_NOTIFY_MAX_AGE_HOURS: z.coerce.number().min(0).max(720).default(24),
    FEED_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
    TEACHER_ENTRY_DAYS: z.coerce.number().int().min(0).max(30).default(1),
    // Notifications (docs/notifications.md).
    NOTIFY_RATE_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(25),
    NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    NOTIFY_CORRECTION_WINDOW_SECONDS: z.coerce.number().int().min(0).max(86400).default(600),
    NOTIFY_POLL_SECONDS: z.coerce.number().min(0.2).max(3600).default(15),
    NOTIFY_SEND_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
    NOTIFY_QUIET_HOURS: z
      .string()
      .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be HH:MM-HH:MM or off')
      .default('21:00-08:00'),
    NOTIFY_DIGEST_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
      .default('19:00'),
    NOTIFY_WEEKLY_AT: z
      .string()
      .regex(/^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d$/, 'must be like "sat 12:00"')
      .default('sat 12:00'),
    NOTIFY_PERIODS_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
      .default('12:00'),
    NOTIFY_FORECAST_DAYS: z.coerce.number().int().min(1).max(30).default(7),
    // Paid broadcasts (Bot API allow_paid_broadcast, 0.1 Star a message): bulk beyond the free rate.
    NOTIFY_PAID_BROADCAST: boolish.prefault('false'),
    NOTIFY_PAID_RATE_PER_SECOND: z.coerce.number().min(1).max(1000).default(1000),
    NOTIFY_PAID_DAILY_STARS: z.coerce.number().min(0).max(1_000_000).default(0),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    // The ops server (/health, /metrics) has no authentication: loopback unless the operator says otherwise.
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    // The school's administration (docs/control-panel.md, docs/backup.md).
    CONTROL_WEEKLY_AT: z
      .string()
      .regex(/^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d$/, 'must be like "mon 08:00"')
      .default('mon 08:00'),
    PRINTOUTS_AT: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
      .default('07:30'),
    PRINTOUTS_EVERY_DAYS: z.coerce.number().int().min(1).max(31).default(14),
    BACKUP_DIR: z.string().min(1).default('./backups'),
    BACKUP_AT: z
      .string()
      .regex(
        /^(off|(mon|tue|wed|thu|fri|sat|sun|daily) ([01]\d|2[0-3]):[0-5]\d)$/,
        'must be like "sun 03:00", "daily 03:00" or off',
      )
      .default('sun 03:00'),
    BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(8),
    // School ↔ family (issue 8): messages a family account may send to staff per day.
    MESSAGES_PER_DAY: z.coerce.number().int().min(1).max(1000).default(20),
    NODE_ENV: z.string().optional(),
    // Demos and end-to-end tests: the process's clock starts at this instant and runs on (never in production).
    CLOCK_START: z.iso
      .datetime({ offset: true, message: 'must be an ISO instant, e.g. 2026-11-25T10:00:00+03:00' })
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && Buffer.byteLength(c.CODE_HASH_KEY ?? '', 'utf8') < MIN_PRODUCTION_KEY_BYTES)
      ctx.addIssue({ code: 'custom', path: ['CODE_HASH_KEY'], message: PRODUCTION_KEY_HELP });
    if (c.CLOCK_START && c.NODE_ENV === 'production')
      ctx.addIssue({
        code: 'custom',
        path: ['CLOCK_START'],
        message: 'is for demos and tests: unset it in production',
      });
    if (c.WEBAPP_URL && c.NODE_ENV === 'production' && !c.WEBAPP_URL.startsWith('https://'))
      ctx.addIssue({
        code: 'custom',
        path: ['WEBAPP_URL'],
        message: 'must be an https:// URL: Telegram opens Mini Apps over HTTPS only',
      });
    if (c.NOTIFY_PAID_BROADCAST && c.NOTIFY_PAID_DAILY_STARS <= 0)
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFY_PAID_DAILY_STARS'],
        message: 'must be a budget above 0 when NOTIFY_PAID_BROADCAST is on',
      });
    if (c.NOTIFY_PAID_BROADCAST && c.NOTIFY_PAID_RATE_PER_SECOND <= c.NOTIFY_RATE_PER_SECOND)
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFY_PAID_RATE_PER_SECOND'],
        message: 'must be above NOTIFY_RATE_PER_SECOND when NOTIFY_PAID_BROADCAST is on',
      });
    if (c.BOT_MODE === 'webhook') {
      if (!c.WEBHOOK_SECRET)
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'is required when BOT_MODE=webhook' });
    }
    if (c.MAX_BOT_TOKEN && c.MAX_MODE === 'webhook' && !c.MAX_WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['MAX_WEBHOOK_SECRET'], message: 'is required when MAX_MODE=webhook' });
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; on failure the message names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // An empty variable means "unset", as it does in docker-compose files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const MISSING_TOKEN_HELP = `Neither BOT_TOKEN nor MAX_BOT_TOKEN is set: the bot needs at least one messenger. For Telegram, open a chat with @BotFather, send /newbot, choose a name and a username ending in "bot", and copy the token it gives you (it looks like 123456789:AAE...); start with BOT_TOKEN=<token> npm start. For MAX, create a bot on the MAX partner platform (business.max.ru → Чат-боты), copy its token from the bot's settings, and start with MAX_BOT_TOKEN=<token> npm start (docs/max.md). Both may be set: the school is then on both. To try the bot without either, run npm run demo instead.`;
