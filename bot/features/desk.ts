import { Composer, InlineKeyboard, InputFile, type MiddlewareFn } from 'grammy';
import type { DataSource } from 'typeorm';
import { authorizeClass, authorizeStudent, mayOnClass } from '../../core/access/policy.js';
import { classReports } from '../../core/absence-reports/index.js';
import { reasonText, reportWhen } from '../../core/absence-reports/notify.js';
import type { Clock } from '../../core/clock.js';
import { codeCardsPdf } from '../../core/desk/cards.js';
import {
  classRoster,
  familyViews,
  issueFamilyCodes,
  recordDiaryVisit,
  recordWeekReasons,
  REVIEW_REASONS,
  revokeFamilyCodes,
  weekAbsences,
} from '../../core/desk/index.js';
import { staffUnread } from '../../core/messages/index.js';
import { wallClock } from '../../core/calendar.js';
import { formatDayMonth, formatShortDate } from '../format.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { unavailable } from '../ui.js';
import { joinHtml } from '../../core/html.js';
import { splitMessage } from '../ui.js';
import { decisionKeyboard } from './absence-reports/index.js';
import type { Services } from '../../core/services/index.js';

const DIARY_COMMANDS = /^\/(marks|homework|schedule|absences)(@\w+)?(\s|$)/;
const DIARY_MENU = ['menu-marks', 'menu-homework', 'menu-schedule', 'menu-absences'];
const DIARY_VERBS = /^(dm|dj|dy|dg|dr|dh|dk|df|ds|dw|da|ch):/;

/**
 * Records a family's look at the diary (a diary command, menu button or
 * button) for the class teacher's «как смотрят дневник» (seed 000 §3.5).
 * Runs around the diary feature; a failure to record never hurts the view.
 */
export function diaryVisits(deps: { ds: DataSource; timezone: string; clock: Clock }): MiddlewareFn<BotContext> {
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
    if (studentId)
      await recordDiaryVisit(deps.ds, p.accountHash, studentId, deps.clock.now(), deps.timezone).catch(() => undefined);
  };
}

/**
 * The class teacher's desk, opened from /class («🗂 Кабинет классного
 * руководителя»): a summary, invitation codes (issue to everyone without
 * access, reissue, revoke; the printable cards with QR deep links), who is
 * connected, how often families look, absence reports and the week's
 * absences without a reason, and the messages.
 */
export function deskFeature(deps: {
  ds: DataSource;
  timezone: string;
  clock: Clock;
  hashKey: string;
  ttlDays: number;
  services: Services;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const today = () => wallClock(deps.timezone, deps.clock.now()).date;

  /** The class from the button, if the account manages it. */
  const classOf = async (ctx: BotContext) => {
    const data = parseCallback(ctx.callbackQuery?.data);
    return data?.id && ctx.access ? authorizeClass(deps.ds, ctx.access, 'manageAccess', data.id) : null;
  };
  const back = (ctx: BotContext, classId: number) => new InlineKeyboard().text(ctx.t('desk-back'), cb('wd', classId));
  /** One HTML message: a long one is cut between lines (never inside a tag or an escaped name). */
  const send = (ctx: BotContext, text: string, kb?: InlineKeyboard) =>
    ctx.reply(splitMessage(text)[0], {
      parse_mode: 'HTML',
      ...(kb ? { reply_markup: kb } : {}),
    });

  priv.callbackQuery(/^wd:/, async (ctx) => {
    const c = await classOf(ctx);
    if (!c) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const roster = await classRoster(deps.ds, c.classId, deps.clock.now());
    const connected = roster.filter((r) => r.people.some((x) => x.linked)).length;
    const reports = await classReports(deps.ds, c.classId, { pendingOnly: true });
    const week = await weekAbsences(deps.ds, c.classId, today());
    const views = await familyViews(deps.ds, c.classId, deps.clock.now(), deps.timezone);
    const unread = ctx.access!.staff ? await staffUnread(deps.ds, ctx.access!.staff.staffId, deps.clock.now()) : 0;
    const text = [
      ctx.t('desk-title', { class: c.name }),
      ctx.t('desk-connected', { connected, students: roster.length, missing: roster.length - connected }),
      ctx.t('desk-pending', { pending: reports.length, nocert: reports.filter((r) => !r.certificateFileId).length }),
      ctx.t('desk-reasons', { unknown: week.rows.reduce((n, r) => n + r.unknown.length, 0) }),
      ctx.t('desk-views', { active: views.filter((v) => v.visits30 > 0).length, students: views.length }),
      ctx.t('desk-unread', { unread }),
    ].join('\n');
    const kb = new InlineKeyboard()
      .text(ctx.t('desk-codes-button'), cb('wc', c.classId))
      .text(ctx.t('desk-families-button'), cb('wf', c.classId))
      .row()
      .text(ctx.t('desk-absences-button'), cb('wa', c.classId))
      .text(ctx.t('desk-views-button'), cb('wv', c.classId))
      .row()
      .text(ctx.t('desk-messages-button'), cb('wm', c.classId));
    if (mayOnClass(ctx.access!, 'announce', c)) kb.text(ctx.t('desk-announce-button'), cb('ak', c.classId));
    await send(ctx, text, kb);
  });

  priv.callbackQuery(/^wc:/, async (ctx) => {
    const c = await classOf(ctx);
    if (!c) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const people = (await classRoster(deps.ds, c.classId, deps.clock.now())).flatMap((r) => r.people);
    const missing = people.filter((x) => !x.linked);
    const kb = new InlineKeyboard()
      .text(ctx.t('desk-issue-missing'), cb('wi', c.classId))
      .row()
      .text(ctx.t('desk-families-button'), cb('wf', c.classId))
      .row()
      .text(ctx.t('desk-back'), cb('wd', c.classId));
    await send(
      ctx,
      ctx.t('desk-codes-title', {
        class: c.name,
        linked: people.length - missing.length,
        people: people.length,
        missing: missing.length,
        open: missing.filter((x) => x.openCodes > 0).length,
      }),
      kb,
    );
  });

  const issue = async (ctx: BotContext, target: { classId: number } | { studentId: number }, className: string) => {
    const cards = await issueFamilyCodes(deps.ds, ctx.access!, target, {
      hashKey: deps.hashKey,
      ttlDays: deps.ttlDays,
      now: deps.clock.now(),
    });
    if (!cards) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    if (!cards.length) return void (await ctx.reply(ctx.t('desk-issued-none')));
    const pdf = await codeCardsPdf(cards, { botUsername: ctx.me.username, className, createdAt: deps.clock.now() });
    await ctx.replyWithDocument(new InputFile(pdf, ctx.tPlain('desk-cards-file', { class: className })), {
      caption: ctx.tPlain('desk-issued', { count: cards.length }),
    });
  };

  priv.callbackQuery(/^wi:/, async (ctx) => {
    const c = await classOf(ctx);
    if (!c) return void (await unavailable(ctx));
    await issue(ctx, { classId: c.classId }, c.name);
  });

  priv.callbackQuery(/^wr:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const s = data?.id && ctx.access ? await authorizeStudent(deps.ds, ctx.access, 'view', data.id) : null;
    if (!s || !(await authorizeClass(deps.ds, ctx.access!, 'manageAccess', s.classId)))
      return void (await unavailable(ctx));
    await issue(ctx, { studentId: s.studentId }, s.className);
  });

  priv.callbackQuery(/^wx:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const n = data?.id && ctx.access ? await revokeFamilyCodes(deps.ds, ctx.access, data.id) : null;
    if (n === null) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('desk-revoked', { count: n }));
  });

  priv.callbackQuery(/^wf:/, async (ctx) => {
    const c = await classOf(ctx);
    if (!c) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const roster = await classRoster(deps.ds, c.classId, deps.clock.now());
    const kb = new InlineKeyboard();
    const lines = roster.map((r) => {
      const people = joinHtml(
        r.people.map((x) =>
          ctx.tHtml('desk-person', {
            linked: x.linked ? 'yes' : 'no',
            open: x.openCodes,
            role: x.role,
            person: x.name,
          }),
        ),
        ', ',
      );
      if (r.people.some((x) => !x.linked))
        kb.text(ctx.tPlain('desk-reissue', { name: r.name }).slice(0, 60), cb('wr', r.studentId)).row();
      if (r.people.some((x) => !x.linked && x.openCodes > 0))
        kb.text(ctx.tPlain('desk-revoke', { name: r.name }).slice(0, 60), cb('wx', r.studentId)).row();
      return ctx.t('desk-family-line', { name: r.name, people });
    });
    kb.text(ctx.t('desk-back'), cb('wd', c.classId));
    await send(
      ctx,
      [ctx.t('desk-families-title', { class: c.name }), ...lines, '', ctx.t('desk-legend')].join('\n'),
      kb,
    );
  });

  priv.callbackQuery(/^wv:/, async (ctx) => {
    const c = await classOf(ctx);
    if (!c) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const rows = await familyViews(deps.ds, c.classId, deps.clock.now(), deps.timezone);
    const lines = rows.map((r) =>
      ctx.t('desk-views-line', {
        name: r.name,
        connected: r.connected,
        visits: r.visits30,
        last: r.lastAt
          ? ctx.tHtml('desk-views-last', { date: formatDayMonth(wallClock(deps.timezone, new Date(r.lastAt)).date) })
          : ctx.tHtml('desk-views-never'),
      }),
    );
    await send(ctx, [ctx.t('desk-views-title', { class: c.name }), ...lines].join('\n'), back(ctx, c.classId));
  });

  priv.callbackQuery(/^wa:/, async (ctx) => {
    const c = await classOf(ctx);
    if (!c) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const reports = await classReports(deps.ds, c.classId, { limit: 15 });
    const kb = new InlineKeyboard();
    const lines: string[] = [];
    for (const r of reports) {
      const when = await reportWhen(deps.ds, r);
      lines.push(
        ctx.t('desk-report-line', {
          status: r.status,
          name: r.studentName,
          when,
          reason: reasonText(r),
          certificate: r.certificateFileId ? 'yes' : 'no',
        }),
      );
      if (r.status === 'pending')
        kb.text(ctx.tPlain('desk-report-open', { name: r.studentName, when }).slice(0, 60), cb('wp', r.id)).row();
    }
    const week = await weekAbsences(deps.ds, c.classId, today());
    const weekLines = week.rows.map((w) =>
      ctx.t('desk-week-line', {
        name: w.name,
        lessons: w.lessons,
        unknown: w.unknown.length,
        list: w.unknown.map((u) => `${formatShortDate(u.date)} ${u.slot} ${u.subject}`).join('; '),
      }),
    );
    for (const w of week.rows.filter((x) => x.unknown.length))
      kb.text(
        ctx.tPlain('desk-reason-button', { name: w.name, count: w.unknown.length }).slice(0, 60),
        cb('wz', w.studentId),
      ).row();
    kb.text(ctx.t('desk-back'), cb('wd', c.classId));
    await send(
      ctx,
      [
        ctx.t('desk-absences-title', { class: c.name }),
        ...(lines.length ? lines : [ctx.t('desk-reports-none')]),
        '',
        ctx.t('desk-week-title', { from: formatDayMonth(week.from), to: formatDayMonth(week.to) }),
        ...(weekLines.length ? weekLines : [ctx.t('desk-week-none')]),
      ].join('\n'),
      kb,
    );
  });

  // ── the week's review: a reason for the absences without one ───────────────
  const reviewStudent = async (ctx: BotContext, studentId: number) => {
    const s = ctx.access ? await authorizeStudent(deps.ds, ctx.access, 'view', studentId) : null;
    return s && mayOnClass(ctx.access!, 'decideAbsence', s) ? s : null;
  };

  priv.callbackQuery(/^wz:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const s = data?.id ? await reviewStudent(ctx, data.id) : null;
    if (!s) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const w = (await weekAbsences(deps.ds, s.classId, today())).rows.find((x) => x.studentId === s.studentId);
    const kb = new InlineKeyboard();
    REVIEW_REASONS.forEach((r, i) =>
      kb.text(ctx.tPlain('desk-reason', { reason: r }), cb('wy', s.studentId * 10 + i + 1)),
    );
    await ctx.reply(
      ctx.tPlain('desk-reason-ask', { name: `${s.lastName} ${s.firstName}`, count: w?.unknown.length ?? 0 }),
      {
        reply_markup: kb,
      },
    );
  });

  priv.callbackQuery(/^wy:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const reason = data?.id ? REVIEW_REASONS[(data.id % 10) - 1] : undefined;
    const s = data?.id && reason ? await reviewStudent(ctx, Math.floor(data.id / 10)) : null;
    if (!s || !reason) return void (await unavailable(ctx));
    const n = await recordWeekReasons(deps.ds, ctx.access!, s.studentId, reason, today());
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(
      ctx.tPlain('desk-reason-done', {
        name: `${s.lastName} ${s.firstName}`,
        count: n ?? 0,
        reason: ctx.tPlain('desk-reason', { reason }),
      }),
    );
  });

  /** A pending report's card with the decision buttons (the same as the delivered message). */
  priv.callbackQuery(/^wp:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !ctx.access) return void (await unavailable(ctx));
    const card = await deps.services.absenceReports.decisionCard(ctx.access, data.id);
    if (!card) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await send(ctx, card.text, decisionKeyboard(card.buttons));
  });

  return composer;
}
