import { initials } from '../../../core/control/render.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { unavailable } from '../../ui.js';
import { showSettings } from './handlers.js';

/** The deputy's changes from the panel: settings and reminders to teachers (manageControl, checked by the router). */

export async function onToggleSetting(
  ctx: BotContext,
  services: Services,
  setting: 'digest' | 'nudges',
): Promise<void> {
  await services.control.toggleSetting(ctx.access!, setting);
  await ctx.answerCallbackQuery();
  await showSettings(ctx, services);
}

export async function onToggleNoHomework(ctx: BotContext, services: Services, subjectId: number): Promise<void> {
  if (!(await services.control.toggleNoHomework(ctx.access!, subjectId))) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  await showSettings(ctx, services);
}

/** Reminds a teacher of the view's lessons without homework or a topic (through Notifications). */
export async function onNudge(ctx: BotContext, services: Services, staffId: number): Promise<void> {
  const p = ctx.access!;
  const t = await services.control.teacher(p, staffId);
  if (!t) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  if (!t.linked) return void (await ctx.reply(ctx.t('control-nudge-unlinked')));
  const count = await services.control.nudge(p, ctx.session.control ?? { s: 'school' }, t);
  await ctx.reply(
    count ? ctx.tPlain('control-nudge-sent', { teacher: initials(t.name), count }) : ctx.t('control-nudge-nothing'),
  );
}
