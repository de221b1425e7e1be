import type { Clock } from '../../core/clock.js';
import { Composer, InputFile } from 'grammy';
import type { DataSource } from 'typeorm';
import { exportMyData } from '../../core/linking/account.js';
import { parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { formatTime } from '../format.js';

/** /privacy says what is stored and why; /mydata sends all of it as a file (152-ФЗ right of access). */
export function privacyFeature(deps: { ds: DataSource; timezone: string; clock: Clock }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');

  const showPrivacy = (ctx: BotContext) => ctx.reply(ctx.t('privacy-text'), { parse_mode: 'HTML' });
  const sendMyData = async (ctx: BotContext) => {
    if (!ctx.access?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    const now = deps.clock.now();
    const data = await exportMyData(deps.ds, ctx.access, now);
    const file = new InputFile(Buffer.from(JSON.stringify(data, null, 2), 'utf8'), 'my-data.json');
    await ctx.replyWithDocument(file, {
      caption: ctx.tPlain('mydata-caption', { time: formatTime(now, deps.timezone) }),
    });
  };
  priv.command('privacy', showPrivacy);
  priv.command('mydata', sendMyData);
  priv.callbackQuery(/^st:(privacy|mydata)$/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    await ctx.answerCallbackQuery();
    if (data?.arg === 'privacy') await showPrivacy(ctx);
    else await sendMyData(ctx);
  });
  return composer;
}
