import type { MiddlewareFn } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';

const DIARY_COMMANDS = /^\/(marks|homework|schedule|absences)(@\w+)?(\s|$)/;
const DIARY_MENU = ['menu-marks', 'menu-homework', 'menu-schedule', 'menu-absences'];
const DIARY_VERBS = /^(dm|dj|dy|dg|dr|dh|dk|df|ds|dw|da|ch):/;

/**
 * Records a family's look at the diary (a diary command, menu button or
 * button) for the class teacher's «как смотрят дневник» (seed 000 §3.5).
 * Runs around the diary feature; a failure to record never hurts the view.
 */
export function diaryVisits(services: Services): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    await next();
    const p = ctx.access;
    if (!p?.children.length || ctx.chat?.type !== 'private') return;
    const text = ctx.message?.text;
    const data = ctx.callbackQuery?.data;
    const diary =
      (text && (DIARY_COMMANDS.test(text) || DIARY_MENU.some((k) => ctx.t(k) === text))) ||
      (data && DIARY_VERBS.test(data));
    if (!diary) return;
    const switched = data?.startsWith('ch:') ? Number(data.slice(3)) : null;
    const studentId = switched && p.children.some((c) => c.studentId === switched) ? switched : p.activeStudentId;
    if (studentId) await services.desk.recordDiaryVisit(p.accountHash, studentId).catch(() => undefined);
  };
}
