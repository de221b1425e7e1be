import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../core/logger.js';
import type { BotContext } from './context.js';
import { UpdateInProgressElsewhere } from './middleware/dedupe-updates.js';

/** Telegram's updates are a few kilobytes; a bigger body is not from Telegram. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export const sameSecret = (given: string | string[] | undefined, secret: string) => {
  const a = Buffer.from(Array.isArray(given) ? (given[0] ?? '') : (given ?? ''));
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
};

export class BodyTooLarge extends Error {}

/**
 * The body, or BodyTooLarge. Past the limit the rest is read and dropped (up to
 * DISCARD_FACTOR times the limit, then the connection is cut), so the sender
 * gets the 413 instead of a broken pipe.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const DISCARD_FACTOR = 8;
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit * DISCARD_FACTOR) {
      req.destroy();
      return reject(new BodyTooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * DISCARD_FACTOR) {
        req.destroy();
        reject(new BodyTooLarge());
      }
    });
    req.once('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.once('error', reject);
  });
}

/** An update still being handled after this long is answered 200 and handled on (grammY's webhookCallback does the same). */
export const WEBHOOK_ANSWER_MS = 10_000;
/** When Telegram should try an update again that another replica is handling (a hint: Telegram keeps its own back-off). */
const RETRY_AFTER_SECONDS = 5;

/**
 * Handles one update and answers Telegram: 200 when handled (or skipped as a
 * copy of a handled one, or still running after WEBHOOK_ANSWER_MS), 503 when
 * another replica holds it (Telegram sends it again later), 500 when it failed
 * unanswered (Telegram re-sends it: bot/middleware/dedupe-updates.ts).
 */
export async function answerUpdate(bot: Bot<BotContext>, update: Update, res: ServerResponse, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), WEBHOOK_ANSWER_MS)));
  const handled = bot.handleUpdate(update).then(
    () => ({ ok: true as const }),
    (e: unknown) => ({ ok: false as const, error: e instanceof BotError ? e.error : e }),
  );
  const first = await Promise.race([handled, slow]);
  clearTimeout(timer);
  if (first === 'slow') {
    res.writeHead(200).end();
    const late = await handled;
    if (!late.ok)
      logger.error({ updateId: update.update_id, err: String(late.error) }, 'update failed after its answer');
    return;
  }
  if (first.ok) return void res.writeHead(200).end();
  if (first.error instanceof UpdateInProgressElsewhere) {
    logger.info({ updateId: update.update_id }, 'update in progress on another replica: Telegram asked to re-send');
    return void res.writeHead(503, { 'retry-after': String(RETRY_AFTER_SECONDS) }).end();
  }
  logger.error(
    { updateId: update.update_id, err: String(first.error) },
    'update failed unanswered: Telegram re-sends it',
  );
  res.writeHead(500).end();
}

/**
 * The webhook's HTTP handler: POST /telegram with the secret header, a JSON
 * body of at most 1 MiB. A wrong secret is 401, a bigger body 413, a body that
 * is not an update 400 — answered and logged, never an unhandled rejection
 * that would end the process. GET /health says the process is up.
 */
export function webhookHandler(
  bot: Bot<BotContext>,
  secret: string,
  logger: Logger,
  /** The Mini App (/app/…) on the same server, when it is on. */
  webapp?: RequestListener,
): RequestListener {
  return (req, res) => {
    if (req.url === '/health') return void res.writeHead(200).end('ok');
    if (webapp && (req.url === '/app' || req.url?.startsWith('/app/'))) return void webapp(req, res);
    if (req.method !== 'POST' || req.url !== '/telegram') return void res.writeHead(404).end();
    if (!sameSecret(req.headers[SECRET_HEADER], secret)) return void res.writeHead(401).end();
    void (async () => {
      let update: Update;
      try {
        const parsed: unknown = JSON.parse((await readBody(req, MAX_WEBHOOK_BODY_BYTES)).toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || !Number.isSafeInteger((parsed as Update).update_id))
          throw new SyntaxError('not an update');
        update = parsed as Update;
      } catch (e) {
        const tooLarge = e instanceof BodyTooLarge;
        logger.warn({ reason: tooLarge ? 'tooLarge' : 'notAnUpdate' }, 'webhook request refused');
        if (!res.headersSent) res.writeHead(tooLarge ? 413 : 400, { connection: 'close' }).end();
        return;
      }
      await answerUpdate(bot, update, res, logger);
    })().catch((e: unknown) => {
      logger.error({ err: e instanceof Error ? e.message : String(e) }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}
