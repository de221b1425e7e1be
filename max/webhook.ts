import type { RequestListener } from 'node:http';
import type { Logger } from '../core/logger.js';
import { answerUpdate, BodyTooLarge, MAX_WEBHOOK_BODY_BYTES, readBody, sameSecret } from '../bot/webhook.js';
import type { MaxFront } from './front.js';
import type { MaxUpdate } from './types.js';

const SECRET_HEADER = 'x-max-bot-api-secret';
export const MAX_WEBHOOK_PATH = '/max';

/**
 * MAX's webhook: POST /max with the secret MAX was subscribed with in X-Max-Bot-Api-Secret. The update is
 * translated and answered as Telegram's are (bot/webhook.ts answerUpdate: 200 handled or skipped as a copy,
 * 503 while another replica holds it, 500 when it failed unanswered — MAX delivers it again). An update
 * the diary does not use is 200 at once; a wrong secret 401, a big body 413, a body that is not one 400.
 */
export function maxWebhookHandler(front: MaxFront, secret: string, logger: Logger): RequestListener {
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== MAX_WEBHOOK_PATH) return void res.writeHead(404).end();
    if (!sameSecret(req.headers[SECRET_HEADER], secret)) return void res.writeHead(401).end();
    void (async () => {
      let update: MaxUpdate;
      try {
        const parsed: unknown = JSON.parse((await readBody(req, MAX_WEBHOOK_BODY_BYTES)).toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || typeof (parsed as MaxUpdate).update_type !== 'string')
          throw new SyntaxError('not an update');
        update = parsed as MaxUpdate;
      } catch (e) {
        const tooLarge = e instanceof BodyTooLarge;
        logger.warn({ reason: tooLarge ? 'tooLarge' : 'notAnUpdate' }, 'MAX webhook request refused');
        if (!res.headersSent) res.writeHead(tooLarge ? 413 : 400, { connection: 'close' }).end();
        return;
      }
      const translated = front.translate(update);
      if (!translated) return void res.writeHead(200).end();
      await front.keepFiles(update);
      await answerUpdate(front.bot, translated, res, logger);
      if (res.statusCode === 200) await front.tellFilesLeftOut(update);
    })().catch((e: unknown) => {
      logger.error({ err: e instanceof Error ? e.message : String(e) }, 'MAX webhook request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}
