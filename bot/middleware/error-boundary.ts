import { type BotError, GrammyError, HttpError } from 'grammy';
import type { Logger } from '../../core/logger.js';
import type { BotContext } from '../context.js';

/**
 * Updates whose handler failed and whose user could not be told because Telegram was unreachable: the
 * webhook's de-duplication gives them back for Telegram to re-send (bot/middleware/dedupe-updates.ts).
 */
export const leftUntold = new WeakSet<BotContext>();

/**
 * The last line of defence: log the failure (ids only, no personal data) and
 * tell the user politely. Never rethrows, so one bad update cannot stop the bot.
 */
export function errorBoundary(logger: Logger) {
  return async (err: BotError<BotContext>) => {
    const ctx = err.ctx;
    const e = err.error;
    const where = { updateId: ctx.update.update_id, chatType: ctx.chat?.type };
    if (e instanceof GrammyError)
      logger.error({ ...where, method: e.method, code: e.error_code, description: e.description }, 'Bot API error');
    else if (e instanceof HttpError)
      logger.error({ ...where, err: String(e.error) }, 'network error talking to the Bot API');
    else
      logger.error(
        { ...where, err: e instanceof Error ? { type: e.name, message: e.message, stack: e.stack } : String(e) },
        'unhandled error in a handler',
      );
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('error-generic') });
      else if (ctx.chat) await ctx.reply(ctx.t('error-generic'));
    } catch (replyError) {
      if (replyError instanceof HttpError) leftUntold.add(ctx);
      logger.warn({ ...where, err: String(replyError) }, 'could not tell the user about an error');
    }
  };
}
