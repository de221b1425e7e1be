import type { Filter } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { OPTIONS } from './callbacks.js';
import { ackView, codeView, panelView, pickView, unlinkAskView } from './views.js';

/** The class teacher's side, in the private chat: the panel of a class's group, its code, its switches. */
type Press = Filter<BotContext, 'callback_query:data'>;

export function panelHandlers(services: Services) {
  const cg = services.classGroup;
  const tz = services.timezone;

  async function open(ctx: BotContext, classId: number) {
    const p = ctx.access && (await cg.panel(ctx.access, classId));
    if (!p) return void (await unavailable(ctx));
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const v = panelView(ctx, p, tz, ctx.messenger);
    await show(ctx, v.text, { reply_markup: v.keyboard });
  }

  /** /classgroup: the one class's panel, or the classes to pick from. */
  async function pick(ctx: BotContext) {
    const classes = ctx.access ? await cg.classes(ctx.access) : [];
    if (!classes.length) return void (await ctx.reply(ctx.t('class-group-none'), { parse_mode: 'HTML' }));
    if (classes.length === 1) return open(ctx, classes[0].classId);
    const v = pickView(ctx, classes);
    await show(ctx, v.text, { reply_markup: v.keyboard });
  }

  async function code(ctx: Press, classId: number) {
    const c = ctx.access && (await cg.issueCode(ctx.access, classId));
    if (!c) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const v = codeView(ctx, { classId, ...c }, { username: ctx.me.username, messenger: ctx.messenger }, tz);
    await show(ctx, v.text, { reply_markup: v.keyboard, edit: false });
  }

  async function toggle(ctx: Press, classId: number, option: keyof typeof OPTIONS) {
    const g = ctx.access && (await cg.toggle(ctx.access, classId, OPTIONS[option]));
    if (!g) return void (await unavailable(ctx));
    await open(ctx, classId);
  }

  async function unlinkAsk(ctx: Press, classId: number) {
    const p = ctx.access && (await cg.panel(ctx.access, classId));
    if (!p?.group) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const v = unlinkAskView(ctx, classId, p.group.title, p.className);
    await show(ctx, v.text, { reply_markup: v.keyboard });
  }

  async function unlinkYes(ctx: Press, classId: number) {
    const p = ctx.access && (await cg.panel(ctx.access, classId));
    if (!p?.group || !(await cg.unlink(ctx.access, classId))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await show(ctx, ctx.t('class-group-unlinked', { group: p.group.title, class: p.className }));
  }

  /** The group's deep link `/start ann<id>`: the announcement with its acknowledge button, for a family it went to. */
  async function confirmFromGroup(ctx: BotContext, announcementId: number) {
    const a = ctx.access && (await cg.announcementToConfirm(ctx.access, announcementId));
    if (!a) return void (await ctx.reply(ctx.t('class-group-ack-not-recipient'), { parse_mode: 'HTML' }));
    const v = ackView(ctx, a);
    await ctx.reply(v.text, { parse_mode: 'HTML', reply_markup: v.keyboard });
  }

  return { open, pick, code, toggle, unlinkAsk, unlinkYes, confirmFromGroup };
}
