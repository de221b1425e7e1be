import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { classLinksView, classPickKeyboard, revokeQuestion } from './views.js';

/** The class teacher (or administrator) sees which families are connected and can end a link. */
export function classHandlers(services: Services) {
  const { linking } = services;

  /** Shows the class's links (its first part, cut between lines); false when the account may not manage that class. */
  const showClass = async (ctx: BotContext, classId: number, edit: boolean): Promise<boolean> => {
    const c = ctx.access ? await linking.classLinks(ctx.access, classId) : null;
    if (!c) return false;
    const v = classLinksView(ctx, c, services.timezone);
    await show(ctx, v.text, { reply_markup: v.keyboard, edit });
    return true;
  };

  const pickClass = async (ctx: BotContext) => {
    const p = ctx.access;
    if (!p?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    const classes = await linking.manageableClasses(p);
    if (!classes.length) return void (await ctx.reply(ctx.t('class-none')));
    if (classes.length === 1) return void (await showClass(ctx, classes[0].classId, false));
    await ctx.reply(ctx.t('class-pick'), { reply_markup: classPickKeyboard(classes) });
  };

  const openClass = async (ctx: BotContext, classId: number) => {
    if (!(await showClass(ctx, classId, true))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
  };

  const askRevoke = async (ctx: BotContext, linkId: number) => {
    const p = ctx.access;
    const row = p?.staff ? await linking.linkToRevoke(p, linkId) : null;
    if (!row) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const q = revokeQuestion(ctx, linkId, row);
    await ctx.reply(q.text, { reply_markup: q.keyboard });
  };

  const revoke = async (ctx: BotContext, linkId: number) => {
    const p = ctx.access;
    if (!p || !(await linking.revokeLink(p, linkId))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('class-revoke-done'));
  };

  return { pickClass, openClass, askRevoke, revoke };
}
