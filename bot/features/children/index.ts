import { Composer } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { unavailable } from '../../ui.js';
import { onButton } from '../../callback-codec.js';
import { childSwitch } from './callbacks.js';
import { childrenView, switchedText } from './views.js';

/** /children: a guardian of several children picks whom the answers are about. */
export function childrenFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');

  const showChildren = async (ctx: BotContext) => {
    const p = ctx.access;
    const kids = p?.children.filter((c) => c.via === 'guardian') ?? [];
    if (!p || !kids.length) return void (await ctx.reply(ctx.t(p?.links.length ? 'children-none' : 'not-linked')));
    const v = childrenView(ctx, p, kids);
    await ctx.reply(v.text, { parse_mode: 'HTML', reply_markup: v.keyboard });
  };
  priv.command('children', showChildren);
  priv.filter(hears('menu-children'), showChildren);

  // Under this list (the diary answers the same button under its views first).
  onButton(priv, childSwitch, async (ctx, { studentId }) => {
    const p = ctx.access;
    if (!p || !(await services.linking.switchChild(p, studentId))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(
      switchedText(
        ctx,
        p.children.find((c) => c.studentId === studentId)!,
      ),
      {
        parse_mode: 'HTML',
      },
    );
  });

  return composer;
}
