import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../core/logger.js';
import type { BotContext } from './context.js';

/** Telegram's updates are a few kilobytes; a bigger body is not from Telegram. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const sameSecret = (given: string | string[] | undefined, secret: string) => {
  const a = Buffer.from(Array.isArray(given) ? (given[0] ?? '') : (given ?? ''));
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
};

class BodyTooLarge extends Error {}

/**
 * The body, or BodyTooLarge. Past the limit the rest is read and dropped (up to
 * DISCARD_FACTOR times the limit, then the connection is cut), so the sender
 * gets the 413 instead of a broken pipe.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
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
  // grammY's own handling (secret, timeout, reply) on an update this handler has already read and checked.
  const handle = webhookCallback(
    bot,
    (update: Update, header: string, res: ServerResponse) => ({
      update: Promise.resolve(update),
      header,
      end: () => res.writeHead(200).end(),
      respond: (json: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(json),
      unauthorized: () => res.writeHead(401).end(),
    }),
    { secretToken: secret, onTimeout: 'return' },
  );
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
      // grammY types a custom adapter's handler loosely; it returns a promise of the update's handling.
      await Promise.resolve(handle(update, secret, res));
    })().catch((e: unknown) => {
      logger.error({ err: e instanceof Error ? e.message : String(e) }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}
