import { Composer, InlineKeyboard, type MiddlewareFn } from 'grammy';
import type { DataSource } from 'typeorm';
import { switchActiveChild } from '../../core/linking/account.js';
import { diaryStudent, keepsMarks } from '../../core/diary/student.js';
import {
  AVERAGE_CHOICES,
  childPreferences,
  cycleMode,
  QUIET_CHOICES,
  quietHoursSetting,
  setAbsenceStreak,
  setAverageBelow,
  setQuietHours,
  STREAK_CHOICES,
  type ChildPreferences,
  type Kind,
} from '../../core/notifications/preferences.js';
import { markChatUnreachable, reactivateChat } from '../../core/notifications/deliveries.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { unavailable } from '../ui.js';

/**
 * /notifications (also «Настройки» → «Уведомления»): per child, each kind at
 * once / in the evening digest / off, quiet hours for the account, and the
 * threshold alerts. The screen is about the account's active child; every
 * press re-checks that the account may see that child.
 */

/** Callback arguments ([a-z]) for the kinds. */
const KIND_ARGS: Record<string, Kind> = {
  marks: 'marks',
  absence: 'absence',
  homework: 'homework',
  lessons: 'lessons',
  periods: 'periodMarks',
  evening: 'evening',
  weekly: 'weekly',
  forecast: 'forecast',
};
/** Grade 1 keeps no marks and no homework: those kinds are not offered. */
const MARK_KINDS: Kind[] = ['marks', 'homework', 'periodMarks', 'forecast'];

const quietCode = (q: string) => (q === 'off' ? 'off' : `${q.slice(0, 2)}${q.slice(6, 8)}`);
const quietOfCode = (code: string) => QUIET_CHOICES.find((q) => quietCode(q) === code);

export function notificationsFeature(deps: { ds: DataSource; defaultQuietHours: string }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');

  /** Plain text (an argument of HTML texts and of button labels alike). */
  const quietText = async (ctx: BotContext) => {
    const q = (await quietHoursSetting(deps.ds, [ctx.access!.accountHash], deps.defaultQuietHours)).get(
      ctx.access!.accountHash,
    )!;
    return q === 'off' ? ctx.tPlain('ntf-quiet-off') : q.replace('-', '–');
  };
  const numberText = (v: number) => String(v).replace('.', ',');

  /** The screen for the active child (or the staff screen); `edit` replaces the message pressed. */
  const show = async (ctx: BotContext, edit: boolean) => {
    const p = ctx.access;
    if (!p?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    const quiet = await quietText(ctx);
    const kb = new InlineKeyboard();
    let text: string;
    const access = await diaryStudent(deps.ds, p);
    if (access.kind === 'ok') {
      const s = access.student;
      const prefs: ChildPreferences = await childPreferences(deps.ds, p.accountHash, s.studentId);
      text = ctx.t('ntf-title', { child: `${s.firstName} ${s.lastName}`, quiet });
      for (const [arg, kind] of Object.entries(KIND_ARGS)) {
        if (!keepsMarks(s) && MARK_KINDS.includes(kind)) continue;
        kb.text(
          ctx.tPlain('ntf-kind-button', {
            kind: ctx.tPlain(`ntf-kind-${kind}`),
            mode: ctx.tPlain(`ntf-mode-${prefs.modes[kind]}`),
          }),
          cb('nk', arg),
        ).row();
      }
      kb.text(ctx.tPlain('ntf-quiet-button', { quiet }), cb('nt', 'quiet')).row();
      if (keepsMarks(s))
        kb.text(
          ctx.tPlain('ntf-average-button', {
            value: prefs.averageBelow === null ? ctx.tPlain('ntf-threshold-off') : numberText(prefs.averageBelow),
          }),
          cb('nt', 'average'),
        ).row();
      kb.text(
        ctx.tPlain('ntf-streak-button', {
          value: prefs.absenceStreak === null ? ctx.tPlain('ntf-threshold-off') : String(prefs.absenceStreak),
        }),
        cb('nt', 'streak'),
      ).row();
      if (p.children.filter((c) => c.via === 'guardian').length > 1)
        kb.text(ctx.t('ntf-child-button'), cb('nt', 'child'));
    } else {
      text = ctx.t('ntf-title-staff', { quiet });
      kb.text(ctx.tPlain('ntf-quiet-button', { quiet }), cb('nt', 'quiet'));
    }
    if (edit) await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: kb });
    else await ctx.reply(text, { parse_mode: 'HTML', reply_markup: kb });
  };

  priv.command('notifications', (ctx) => show(ctx, false));

  priv.callbackQuery(/^nt:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const p = ctx.access;
    if (!data || !p?.links.length) return void (await unavailable(ctx));
    if (data.arg === 'menu' || data.arg === 'back')
      return void (await ctx.answerCallbackQuery(), await show(ctx, true));
    const back = () => new InlineKeyboard().text(ctx.t('ntf-back'), cb('nt', 'back'));
    if (data.arg === 'quiet') {
      const kb = new InlineKeyboard();
      for (const q of QUIET_CHOICES)
        kb.text(q === 'off' ? ctx.t('ntf-quiet-off') : q.replace('-', '–'), cb('nq', quietCode(q))).row();
      await ctx.answerCallbackQuery();
      return void (await ctx.editMessageText(ctx.t('ntf-quiet-title', { quiet: await quietText(ctx) }), {
        parse_mode: 'HTML',
        reply_markup: kb.row().append(back()),
      }));
    }
    const access = await diaryStudent(deps.ds, p);
    if (access.kind !== 'ok') return void (await unavailable(ctx));
    const s = access.student;
    const prefs = await childPreferences(deps.ds, p.accountHash, s.studentId);
    if (data.arg === 'average' && keepsMarks(s)) {
      const kb = new InlineKeyboard();
      for (const v of AVERAGE_CHOICES) kb.text(numberText(v), cb('nv', Math.round(v * 10)));
      kb.row().text(ctx.t('ntf-threshold-off'), cb('nv', 'off')).row().append(back());
      await ctx.answerCallbackQuery();
      const value = prefs.averageBelow === null ? ctx.tPlain('ntf-threshold-off') : numberText(prefs.averageBelow);
      return void (await ctx.editMessageText(ctx.t('ntf-average-title', { value }), {
        parse_mode: 'HTML',
        reply_markup: kb,
      }));
    }
    if (data.arg === 'streak') {
      const kb = new InlineKeyboard();
      for (const v of STREAK_CHOICES) kb.text(String(v), cb('nb', v));
      kb.row().text(ctx.t('ntf-threshold-off'), cb('nb', 'off')).row().append(back());
      await ctx.answerCallbackQuery();
      const value = prefs.absenceStreak === null ? ctx.tPlain('ntf-threshold-off') : String(prefs.absenceStreak);
      return void (await ctx.editMessageText(ctx.t('ntf-streak-title', { child: s.firstName, value }), {
        parse_mode: 'HTML',
        reply_markup: kb,
      }));
    }
    if (data.arg === 'child') {
      const kb = new InlineKeyboard();
      for (const c of p.children.filter((x) => x.via === 'guardian'))
        kb.text(`${c.firstName} ${c.lastName}, ${c.className}`, cb('nc', c.studentId)).row();
      await ctx.answerCallbackQuery();
      return void (await ctx.editMessageText(ctx.t('ntf-choose-child'), { parse_mode: 'HTML', reply_markup: kb }));
    }
    await unavailable(ctx);
  });

  priv.callbackQuery(/^nc:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const p = ctx.access;
    if (!data?.id || !p || !(await switchActiveChild(deps.ds, p, data.id))) return void (await unavailable(ctx));
    p.activeStudentId = data.id;
    await ctx.answerCallbackQuery();
    await show(ctx, true);
  });

  priv.callbackQuery(/^(nk|nv|nb):/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const p = ctx.access;
    if (!data || !p?.links.length) return void (await unavailable(ctx));
    const access = await diaryStudent(deps.ds, p);
    if (access.kind !== 'ok') return void (await unavailable(ctx));
    const studentId = access.student.studentId;
    if (data.verb === 'nk') {
      const kind = KIND_ARGS[data.arg];
      if (!kind || (!keepsMarks(access.student) && MARK_KINDS.includes(kind))) return void (await unavailable(ctx));
      await cycleMode(deps.ds, p.accountHash, studentId, kind);
    } else if (data.verb === 'nv') {
      const value = data.arg === 'off' ? null : AVERAGE_CHOICES.find((v) => Math.round(v * 10) === data.id);
      if (value === undefined || !keepsMarks(access.student)) return void (await unavailable(ctx));
      await setAverageBelow(deps.ds, p.accountHash, studentId, value);
    } else {
      const value = data.arg === 'off' ? null : STREAK_CHOICES.find((v) => v === data.id);
      if (value === undefined) return void (await unavailable(ctx));
      await setAbsenceStreak(deps.ds, p.accountHash, studentId, value);
    }
    await ctx.answerCallbackQuery({ text: ctx.t('ntf-saved') });
    await show(ctx, true);
  });

  priv.callbackQuery(/^nq:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const q = data ? quietOfCode(data.arg) : undefined;
    if (!q || !ctx.access?.links.length) return void (await unavailable(ctx));
    await setQuietHours(deps.ds, ctx.access.accountHash, q);
    await ctx.answerCallbackQuery({ text: ctx.t('ntf-saved') });
    await show(ctx, true);
  });

  return composer;
}

/**
 * Registered early: a user who writes to the bot can be reached again (links
 * marked inactive after a 403 come back), and Telegram's own note that the
 * user blocked or unblocked the bot (my_chat_member) is recorded at once.
 */
export function notificationsReachability(ds: DataSource): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const member = ctx.myChatMember;
    if (member && ctx.chat?.type === 'private') {
      const status = member.new_chat_member.status;
      if (status === 'kicked') await markChatUnreachable(ds, String(ctx.chat.id), 'blocked');
      else if (status === 'member') await reactivateChat(ds, member.from.id);
      return;
    }
    if (ctx.from && ctx.chat?.type === 'private' && ctx.access?.links.length) await reactivateChat(ds, ctx.from.id);
    await next();
  };
}
