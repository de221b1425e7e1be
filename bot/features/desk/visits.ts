import type { MiddlewareFn } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { DIARY_BUTTONS, childSwitch } from '../diary/callbacks.js';
import { DIARY_MENU_KEYS } from '../menu/index.js';

const DIARY_COMMANDS = /^\/(marks|homework|schedule|absences)(@\w+)?(\s|$)/;

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
      (text && (DIARY_COMMANDS.test(text) || DIARY_MENU_KEYS.some((k) => ctx.tPlain(k) === text))) ||
      DIARY_BUTTONS.some((codec) => codec.unpack(data) !== null);
    if (!diary) return;
    const switched = childSwitch.unpack(data)?.studentId;
    const studentId = switched && p.children.some((c) => c.studentId === switched) ? switched : p.activeStudentId;
    if (studentId) await services.desk.recordDiaryVisit(p.accountHash, studentId).catch(() => undefined);
  };
}
