import { Composer, InlineKeyboard } from 'grammy';
import type { DataSource } from 'typeorm';
import { authorizeStudent } from '../../core/access/policy.js';
import type { Clock } from '../../core/clock.js';
import {
  answerCorrection,
  candidates,
  CorrectionRefused,
  createCorrectionRequest,
  familyRequests,
  loadEntry,
  parseEntityCode,
  requestForStaff,
} from '../../core/corrections/index.js';
import { entryText } from '../../core/corrections/notify.js';
import { childName } from '../../core/family/common.js';
import { formatShortDate, formatTime } from '../format.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { argDate } from '../diary/common.js';
import { family } from '../family/session.js';
import { answerTo, ask, askAgain, dropQuestion } from '../answers.js';
import { unavailable } from '../ui.js';

/** A view of the diary a report can come from: a subject's marks, a period's absences, a day's homework. */
export const errorViewCode = {
  marks: (subjectId: number) => subjectId * 10 + 1,
  absences: (periodId: number) => periodId * 10 + 2,
  homework: (date: string) => Number(date.replace(/-/g, '')) * 10 + 3,
};

/** Adds «⚠️ Сообщить об ошибке» under a diary view (families only). */
export function addErrorButton(ctx: BotContext, kb: InlineKeyboard | undefined, code: number): void {
  if (kb && ctx.access?.children.length) kb.row().text(ctx.t('cor-button'), cb('el', code));
}

/**
 * «Сообщить об ошибке» from the diary (issue 8, seed 000 §3.7): the family
 * picks the entry of the view and writes what is wrong; the teacher answers
 * «Исправлено» or «Данные верны» from the delivered message; /errors shows
 * the status.
 */
export function correctionsFeature(deps: {
  ds: DataSource;
  timezone: string;
  clock: Clock;
  /** MESSAGES_PER_DAY: reports share the family's daily limit with messages. */
  dailyLimit: number;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const refusal = (ctx: BotContext, e: unknown) => {
    if (!(e instanceof CorrectionRefused)) throw e;
    return ctx.t(`cor-error-${e.reason}`, { limit: deps.dailyLimit });
  };
  const activeChild = (ctx: BotContext) =>
    ctx.access?.activeStudentId
      ? authorizeStudent(deps.ds, ctx.access, 'reportError', ctx.access.activeStudentId)
      : Promise.resolve(null);

  priv.callbackQuery(/^el:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const s = await activeChild(ctx);
    if (!data?.id || !s) return void (await unavailable(ctx));
    const kind = data.id % 10;
    const arg = Math.floor(data.id / 10);
    const view =
      kind === 1
        ? { kind: 'marks' as const, subjectId: arg }
        : kind === 2
          ? { kind: 'absences' as const, periodId: arg }
          : kind === 3
            ? { kind: 'homework' as const, date: argDate(arg) ?? '' }
            : null;
    if (!view || (view.kind === 'homework' && !view.date)) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const list = await candidates(deps.ds, s.studentId, view);
    if (!list.length) return void (await ctx.reply(ctx.t('cor-pick-none')));
    family(ctx).correction = { studentId: s.studentId };
    const kb = new InlineKeyboard();
    for (const c of list) {
      const what =
        c.what === 'homework'
          ? ctx.tPlain('cor-entry', { type: 'homework', subject: '', date: '' }).split(',')[0]
          : c.what === 'absent' || c.what === 'late'
            ? ctx.tPlain('cor-entry', { type: 'attendance', status: c.what, subject: '', date: '' }).split(',')[0]
            : c.what;
      kb.text(
        ctx.tPlain('cor-candidate', { date: formatShortDate(c.date), subject: c.subject, what }).slice(0, 60),
        cb('ee', c.code),
      ).row();
    }
    await ctx.reply(ctx.tPlain('cor-pick', { child: childName(s) }), { reply_markup: kb });
  });

  priv.callbackQuery(/^ee:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const c = ctx.session.family?.correction;
    const s = c && ctx.access ? await authorizeStudent(deps.ds, ctx.access, 'reportError', c.studentId) : null;
    const ref = data?.id ? parseEntityCode(data.id) : null;
    const entry = s && ref ? await loadEntry(deps.ds, ref.type, ref.id, s.studentId) : null;
    if (!entry || !ref) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    ask(ctx, 'correction', { id: data!.id! });
    await ctx.reply(
      ctx.tPlain('cor-ask-comment', { what: entryText({ entityType: ref.type, snapshot: entry.snapshot }, entry) }),
    );
  });

  priv.command('errors', async (ctx) => {
    const s = await activeChild(ctx);
    if (!s) return void (await ctx.reply(ctx.t('cor-list-empty')));
    const rows = await familyRequests(deps.ds, ctx.access!.accountHash, s.studentId);
    if (!rows.length) return void (await ctx.reply(ctx.t('cor-list-empty')));
    const lines: string[] = [];
    for (const r of rows) {
      const e = await loadEntry(deps.ds, r.entityType, r.entityId, r.studentId);
      lines.push(
        ctx.t('cor-list-line', {
          status: r.status,
          due: formatTime(new Date(r.dueAt), deps.timezone),
          what: entryText(r, e),
        }),
      );
    }
    await ctx.reply([ctx.t('cor-list-title', { child: childName(s) }), ...lines].join('\n'), {
      parse_mode: 'HTML',
    });
  });

  // ── the teacher's (or deputy's) answer ─────────────────────────────────────
  priv.callbackQuery(/^eo:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !ctx.access || !(await requestForStaff(deps.ds, ctx.access, data.id)))
      return void (await unavailable(ctx));
    try {
      await answerCorrection(deps.ds, ctx.access, data.id, 'corrected', null, { now: deps.clock.now() });
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      await ctx.reply(ctx.t('cor-answered-corrected'));
    } catch (e) {
      await ctx.answerCallbackQuery({ text: refusal(ctx, e), show_alert: true });
    }
  });

  priv.callbackQuery(/^ek:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const r = data?.id && ctx.access ? await requestForStaff(deps.ds, ctx.access, data.id) : null;
    if (!r) return void (await unavailable(ctx));
    if (r.status !== 'open')
      return void (await ctx.answerCallbackQuery({ text: ctx.t('cor-error-resolved'), show_alert: true }));
    await ctx.answerCallbackQuery();
    ask(ctx, 'correctionAnswer', { id: r.id });
    await ctx.reply(ctx.t('cor-confirm-ask'));
  });

  priv.on('message', async (ctx, next) => {
    const w = answerTo(ctx, ['correction', 'correctionAnswer']);
    if (!w || !ctx.access) return next();
    const text = ctx.message.text?.trim() ?? '';
    try {
      if (w.kind === 'correctionAnswer') {
        if (!text) {
          askAgain(ctx, w);
          return void (await ctx.reply(ctx.t('cor-confirm-ask')));
        }
        await answerCorrection(deps.ds, ctx.access, w.args.id!, 'confirmed', text, { now: deps.clock.now() });
        return void (await ctx.reply(ctx.t('cor-answered-confirmed')));
      }
      const c = ctx.session.family?.correction;
      const ref = parseEntityCode(w.args.id!);
      if (!c || !ref) return void (await ctx.reply(ctx.t('cor-error-notAllowed')));
      if (!text) {
        askAgain(ctx, w);
        return void (await ctx.reply(ctx.t('cor-error-empty')));
      }
      const r = await createCorrectionRequest(
        deps.ds,
        ctx.access,
        { studentId: c.studentId, type: ref.type, entityId: ref.id, comment: text },
        { now: deps.clock.now(), timezone: deps.timezone, dailyLimit: deps.dailyLimit },
      );
      family(ctx).correction = undefined;
      const due = formatTime(new Date(r.dueAt), deps.timezone);
      await ctx.reply(
        r.deliverAt
          ? ctx.tPlain('cor-sent-later', { due, at: formatTime(r.deliverAt, deps.timezone) })
          : ctx.tPlain('cor-sent', { due }),
      );
    } catch (e) {
      await ctx.reply(refusal(ctx, e));
    }
  });

  return composer;
}
