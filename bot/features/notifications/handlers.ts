import type { MiddlewareFn } from 'grammy';
import { AVERAGE_CHOICES, STREAK_CHOICES } from '../../../core/notifications/preferences.js';
import { keepsMarks } from '../../../core/diary/student.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { KIND_ARGS, quietOfCode } from './callbacks.js';
import {
  averageScreen,
  childChoiceScreen,
  MARK_KINDS,
  quietScreen,
  settingsScreen,
  streakScreen,
  type Screen,
} from './views.js';

type Page = 'menu' | 'back' | 'quiet' | 'average' | 'streak' | 'child';
type Setting = { kind: keyof typeof KIND_ARGS } | { average: number | 'off' } | { streak: number | 'off' };

/**
 * /notifications (also «Настройки» → «Уведомления»): per child, each kind at
 * once / in the evening digest / off, quiet hours for the account, and the
 * threshold alerts. The screen is about the account's active child; every
 * press re-checks that the account may see that child.
 */
export function notificationsHandlers(services: Services) {
  const { diary, notifications } = services;
  const screen = (ctx: BotContext, s: Screen) => show(ctx, s.text, { reply_markup: s.keyboard });

  /** The main screen for the active child (or the staff screen): edits the message pressed, or a new one. */
  async function main(ctx: BotContext) {
    const p = ctx.access;
    if (!p?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    const quiet = await notifications.quietHours(p.accountHash);
    const access = await diary.student(p);
    if (access.kind !== 'ok') return void (await screen(ctx, settingsScreen(ctx, quiet, null)));
    const s = access.student;
    const prefs = await notifications.preferences(p.accountHash, s.studentId);
    const child = {
      name: `${s.firstName} ${s.lastName}`,
      prefs,
      keepsMarks: keepsMarks(s),
      several: p.children.filter((c) => c.via === 'guardian').length > 1,
    };
    await screen(ctx, settingsScreen(ctx, quiet, child));
  }

  /** A sub-screen: quiet hours, a threshold, the choice of child. */
  async function page(ctx: BotContext, { page }: { page: Page }) {
    const p = ctx.access;
    if (!p?.links.length) return void (await unavailable(ctx));
    if (page === 'menu' || page === 'back') return void (await ctx.answerCallbackQuery(), await main(ctx));
    if (page === 'quiet') {
      const quiet = await notifications.quietHours(p.accountHash);
      await ctx.answerCallbackQuery();
      return void (await screen(ctx, quietScreen(ctx, quiet)));
    }
    const access = await diary.student(p);
    if (access.kind !== 'ok') return void (await unavailable(ctx));
    const s = access.student;
    const prefs = await notifications.preferences(p.accountHash, s.studentId);
    const sub =
      page === 'average' && keepsMarks(s)
        ? averageScreen(ctx, prefs.averageBelow)
        : page === 'streak'
          ? streakScreen(ctx, s.firstName, prefs.absenceStreak)
          : page === 'child'
            ? childChoiceScreen(
                ctx,
                p.children.filter((x) => x.via === 'guardian'),
              )
            : null;
    if (!sub) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await screen(ctx, sub);
  }

  /** Settings about another child of the guardian (the policy decides). */
  async function child(ctx: BotContext, { studentId }: { studentId: number }) {
    const p = ctx.access;
    if (!p || !(await services.linking.switchChild(p, studentId))) return void (await unavailable(ctx));
    p.activeStudentId = studentId;
    await ctx.answerCallbackQuery();
    await main(ctx);
  }

  /** A kind's next mode or a threshold, for the active child; then the main screen again. */
  async function set(ctx: BotContext, v: Setting) {
    if (!(await applySetting(services, ctx, v))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery({ text: ctx.t('notifications-saved') });
    await main(ctx);
  }

  async function quiet(ctx: BotContext, { quiet }: { quiet: string }) {
    const q = quietOfCode(quiet);
    if (!q || !ctx.access?.links.length) return void (await unavailable(ctx));
    await notifications.setQuietHours(ctx.access.accountHash, q);
    await ctx.answerCallbackQuery({ text: ctx.t('notifications-saved') });
    await main(ctx);
  }

  return { main, page, child, set, quiet };
}

/** Stores a setting for the active child; false when the account may not (or the value is not offered). */
async function applySetting(services: Services, ctx: BotContext, v: Setting): Promise<boolean> {
  const { diary, notifications } = services;
  const p = ctx.access;
  if (!p?.links.length) return false;
  const access = await diary.student(p);
  if (access.kind !== 'ok') return false;
  const { studentId } = access.student;
  const marks = keepsMarks(access.student);
  if ('kind' in v) {
    const kind = KIND_ARGS[v.kind];
    if (!marks && MARK_KINDS.includes(kind)) return false;
    await notifications.cycleMode(p.accountHash, studentId, kind);
  } else if ('average' in v) {
    const value = v.average === 'off' ? null : AVERAGE_CHOICES.find((x) => Math.round(x * 10) === v.average);
    if (value === undefined || !marks) return false;
    await notifications.setAverageBelow(p.accountHash, studentId, value);
  } else {
    const value = v.streak === 'off' ? null : STREAK_CHOICES.find((x) => x === v.streak);
    if (value === undefined) return false;
    await notifications.setAbsenceStreak(p.accountHash, studentId, value);
  }
  return true;
}

/**
 * Registered early: a user who writes to the bot can be reached again (links
 * marked inactive after a 403 come back), and Telegram's own note that the
 * user blocked or unblocked the bot (my_chat_member) is recorded at once.
 */
export function notificationsReachability(services: Services): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const member = ctx.myChatMember;
    if (member && ctx.chat?.type === 'private')
      return void (await services.notifications.chatMemberChanged(
        member.new_chat_member.status,
        ctx.chat.id,
        member.from.id,
        ctx.messenger,
      ));
    if (ctx.from && ctx.chat?.type === 'private' && ctx.access?.links.length)
      await services.notifications.userWrote(ctx.from.id, ctx.messenger);
    await next();
  };
}
