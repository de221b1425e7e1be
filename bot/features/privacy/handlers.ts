import { InputFile } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { formatTime } from '../../format.js';

/** /privacy says what is stored and why; /mydata sends all of it as a file (152-ФЗ right of access). */
export function privacyHandlers(services: Services) {
  const showPrivacy = (ctx: BotContext) => ctx.reply(ctx.t('privacy-text'), { parse_mode: 'HTML' });

  const sendMyData = async (ctx: BotContext) => {
    if (!ctx.access?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    const now = ctx.clock.now();
    const data = await services.linking.myData(ctx.access, now);
    const file = new InputFile(Buffer.from(JSON.stringify(data, null, 2), 'utf8'), 'my-data.json');
    await ctx.replyWithDocument(file, {
      caption: ctx.tPlain('privacy-mydata-caption', { time: formatTime(now, services.timezone) }),
    });
  };

  return { showPrivacy, sendMyData };
}
