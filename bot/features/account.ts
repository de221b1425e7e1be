import type { Clock } from '../../core/clock.js';
import { Composer, InlineKeyboard } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { DataSource } from 'typeorm';
import { logout, reportCompromise, switchActiveChild } from '../../core/linking/account.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { formatTime } from '../format.js';
import { refreshChatCommands } from './menu.js';
import { unavailable } from '../ui.js';

/** The account's own settings: which child, leaving, reporting a compromise. */
export function accountFeature(deps: { ds: DataSource; timezone: string; clock: Clock }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');

  const showChildren = async (ctx: BotContext) => {
    const p = ctx.access;
    const kids = p?.children.filter((c) => c.via === 'guardian') ?? [];
    if (!p || !kids.length) return void (await ctx.reply(ctx.t(p?.links.length ? 'children-none' : 'not-linked')));
    const active = kids.find((c) => c.studentId === p.activeStudentId) ?? kids[0];
    const kb = new InlineKeyboard();
    for (const c of kids)
      kb.text(
        `${c.studentId === active.studentId ? '✅ ' : ''}${c.firstName} ${c.lastName}, ${c.className}`,
        cb('ch', c.studentId),
      ).row();
    kb.text(ctx.t('children-add'), cb('st', 'addchild'));
    await ctx.reply(ctx.t('children-title', { student: `${active.firstName} ${active.lastName}` }), {
      parse_mode: 'HTML',
      reply_markup: kb,
    });
  };
  priv.command('children', showChildren);
  priv.filter(hears('menu-children'), showChildren);

  priv.callbackQuery(/^ch:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const p = ctx.access;
    if (!data?.id || !p || !(await switchActiveChild(deps.ds, p, data.id))) return void (await unavailable(ctx));
    const child = p.children.find((c) => c.studentId === data.id)!;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(
      ctx.t('children-switched', { student: `${child.firstName} ${child.lastName}`, class: child.className }),
      { parse_mode: 'HTML' },
    );
  });

  const showSettings = async (ctx: BotContext) => {
    if (!ctx.access?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    const kb = new InlineKeyboard()
      .text(ctx.t('ntf-settings-button'), cb('nt', 'menu'))
      .row()
      .text(ctx.t('settings-privacy'), cb('st', 'privacy'))
      .row()
      .text(ctx.t('settings-mydata'), cb('st', 'mydata'))
      .row()
      .text(ctx.t('settings-logout'), cb('st', 'logout'))
      .row()
      .text(ctx.t('settings-compromised'), cb('st', 'compromised'));
    await ctx.reply(ctx.t('settings-title'), { parse_mode: 'HTML', reply_markup: kb });
  };
  priv.command('settings', showSettings);
  priv.filter(hears('menu-settings'), showSettings);

  const askLogout = async (ctx: BotContext) => {
    if (!ctx.access?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    await ctx.reply(ctx.t('logout-confirm'), {
      reply_markup: new InlineKeyboard()
        .text(ctx.t('logout-yes'), cb('lo', 'y'))
        .text(ctx.t('logout-no'), cb('nx', 'n')),
    });
  };
  const askCompromise = async (ctx: BotContext) => {
    if (!ctx.access?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    await ctx.reply(ctx.t('compromised-confirm'), {
      reply_markup: new InlineKeyboard()
        .text(ctx.t('compromised-yes'), cb('cp', 'y'))
        .text(ctx.t('compromised-no'), cb('nx', 'n')),
    });
  };
  priv.command('logout', askLogout);
  priv.command('compromised', askCompromise);

  priv.callbackQuery(/^st:/, async (ctx, next) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (data?.arg === 'logout') return void (await ctx.answerCallbackQuery(), await askLogout(ctx));
    if (data?.arg === 'compromised') return void (await ctx.answerCallbackQuery(), await askCompromise(ctx));
    if (data?.arg === 'addchild') return void (await ctx.answerCallbackQuery(), await ctx.reply(ctx.t('code-enter')));
    await next(); // privacy and mydata live in the privacy feature
  });

  priv.callbackQuery(/^(lo|cp):/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const p = ctx.access;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    if (data?.arg !== 'y') return void (await ctx.reply(ctx.t('unavailable')));
    if (!p?.links.length)
      return void (await ctx.reply(ctx.t('not-linked'), { reply_markup: { remove_keyboard: true } }));
    if (data.verb === 'lo') {
      await logout(deps.ds, p);
      await ctx.reply(ctx.t('logout-done'), { reply_markup: { remove_keyboard: true } });
    } else {
      const r = await reportCompromise(deps.ds, p, deps.clock.now());
      await ctx.reply(
        ctx.tPlain('compromised-done', { time: formatTime(r.reportedAt, deps.timezone), told: r.classTeachersToTell }),
        {
          reply_markup: { remove_keyboard: true },
        },
      );
    }
    ctx.access = null;
    await refreshChatCommands(ctx, null);
  });

  /** «Нет» on any confirmation: nothing changes. */
  priv.callbackQuery(/^nx:/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await ctx.reply(ctx.t('action-cancelled'));
  });

  return composer;
}
