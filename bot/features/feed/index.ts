import { Composer } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { feedStatusText } from './views.js';

export { staleNote } from './views.js';

/**
 * The school's journal feed as people see it: /feed for the administration
 * (the deputy and the administrator) with the connection's state and lag;
 * anyone else goes on (the command means nothing to them).
 */
export function feedFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('feed', async (ctx, next) => {
    const staff = ctx.access?.staff;
    if (!staff || !(staff.roles.includes('admin') || staff.roles.includes('deputy'))) return next();
    const row = await services.feed.status(staff.schoolId);
    if (!row) return void (await ctx.reply(ctx.t('feed-none')));
    await ctx.reply(feedStatusText(ctx, row, services.timezone), { parse_mode: 'HTML' });
  });
  return composer;
}
