import { Composer, InlineKeyboard } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { DataSource } from 'typeorm';
import { authorizeClass, mayOnClass, visibleClasses } from '../../core/access/policy.js';
import { linkToRevoke, listClassLinks, revokeLinkByStaff } from '../../core/linking/account.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { formatDate } from '../format.js';
import { splitMessage } from '../ui.js';
import { unavailable } from '../ui.js';

/** The class teacher (or administrator) sees which families are connected and can end a link. */
export function classLinksFeature(deps: { ds: DataSource; timezone: string }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');

  /** Shows the class's links; false when the account may not manage that class (nothing shown). */
  const showClass = async (ctx: BotContext, classId: number, edit: boolean): Promise<boolean> => {
    const rows = ctx.access ? await listClassLinks(deps.ds, ctx.access, classId) : null;
    if (!rows) return false;
    const c = (await authorizeClass(deps.ds, ctx.access!, 'manageAccess', classId))!;
    const who = (r: (typeof rows)[number]) =>
      ctx.tPlain(r.role === 'guardian' ? 'class-link-who-guardian' : 'class-link-who-student');
    const lines = rows.map((r) =>
      r.role === 'guardian'
        ? ctx.t('class-link-guardian', {
            student: r.studentName,
            guardian: r.guardianName ?? '',
            date: formatDate(r.linkedAt, deps.timezone),
          })
        : ctx.t('class-link-student', { student: r.studentName, date: formatDate(r.linkedAt, deps.timezone) }),
    );
    const text = rows.length
      ? `${ctx.t('class-links-title', { class: c.name, count: rows.length })}\n\n${lines.join('\n')}`
      : ctx.t('class-links-empty', { class: c.name });
    const kb = new InlineKeyboard();
    if (ctx.access && mayOnClass(ctx.access, 'print', { classId, schoolId: c.schoolId }))
      kb.text(ctx.t('paper-button'), cb('pp', classId)).row();
    // The class teacher's desk (bot/features/desk.ts): codes, families, views, absences, messages.
    kb.text(ctx.t('desk-button'), cb('wd', classId)).row();
    for (const r of rows.slice(0, 90))
      kb.text(ctx.tPlain('class-link-revoke', { student: r.studentName, who: who(r) }), cb('rv', r.linkId)).row();
    const opts = { parse_mode: 'HTML' as const, reply_markup: kb };
    // One message: its first part, cut between lines (never inside a tag or an escaped name).
    const [first] = splitMessage(text);
    if (edit) await ctx.editMessageText(first, opts);
    else await ctx.reply(first, opts);
    return true;
  };

  const pickClass = async (ctx: BotContext) => {
    const p = ctx.access;
    if (!p?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    const classes = await visibleClasses(deps.ds, p, 'manageAccess');
    if (!classes.length) return void (await ctx.reply(ctx.t('class-none')));
    if (classes.length === 1) return void (await showClass(ctx, classes[0].classId, false));
    const kb = new InlineKeyboard();
    classes.forEach((c, i) => {
      kb.text(c.name, cb('cl', c.classId));
      if (i % 4 === 3) kb.row();
    });
    await ctx.reply(ctx.t('class-pick'), { reply_markup: kb });
  };
  priv.command('class', pickClass);
  priv.filter(hears('menu-class'), pickClass);
  priv.filter(hears('menu-classes'), pickClass);

  priv.callbackQuery(/^cl:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !(await showClass(ctx, data.id, true))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
  });

  priv.callbackQuery(/^rv:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const p = ctx.access;
    if (!data?.id || !p?.staff) return void (await unavailable(ctx));
    const row = await linkToRevoke(deps.ds, p, data.id);
    if (!row) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const who = ctx.tPlain(row.role === 'guardian' ? 'class-link-who-guardian' : 'class-link-who-student');
    await ctx.reply(ctx.tPlain('revoke-confirm', { student: row.student, who }), {
      reply_markup: new InlineKeyboard()
        .text(ctx.t('revoke-yes'), cb('ry', data.id))
        .text(ctx.t('revoke-no'), cb('nx', 'n')),
    });
  });

  priv.callbackQuery(/^ry:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const p = ctx.access;
    if (!data?.id || !p || !(await revokeLinkByStaff(deps.ds, p, data.id))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('revoke-done'));
  });

  return composer;
}
