import { Composer, InlineKeyboard } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { DataSource } from 'typeorm';
import { authorizeStudent } from '../../core/access/policy.js';
import {
  AbsenceReportRefused,
  attachCertificate,
  attendanceReason,
  checkCertificate,
  checkReportDates,
  createAbsenceReport,
  decideAbsenceReport,
  familyReports,
  reportFor,
  studentLessons,
  type CertificateFile,
} from '../../core/absence-reports/index.js';
import { abr, decisionButtons, reasonText, reportWhen } from '../../core/absence-reports/notify.js';
import type { Clock } from '../../core/clock.js';
import { addDays, wallClock } from '../../core/calendar.js';
import { studentInfo, childName, guardianName } from '../../core/family/common.js';
import { formatDayMonth } from '../format.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { family, fileOf } from '../family/session.js';
import { answerTo, ask, askAgain, dropQuestion } from '../answers.js';
import { unavailable } from '../ui.js';
import { startStaffReply } from './messages/index.js';
import { staffThreadWith } from '../../core/messages/index.js';

/**
 * «Сообщить об отсутствии» (issue 8): a guardian picks the child, the days
 * (today, tomorrow, a range, or certain lessons today), the reason and the
 * справка (now or later), and confirms; the class teacher decides from the
 * message the delivery worker brings (aa / aj / aq). Nothing is saved before
 * the confirmation, and the dates are checked before the reason is asked.
 */
export function absenceReportsFeature(deps: { ds: DataSource; timezone: string; clock: Clock }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const now = () => deps.clock.now();
  const todayDate = () => wallClock(deps.timezone, now()).date;

  /** Shown as is (a pop-up or a message without parse_mode): plain text. */
  const refusal = (ctx: BotContext, e: unknown) => {
    if (!(e instanceof AbsenceReportRefused)) throw e;
    const d = e.details;
    return ctx.tPlain(`abr-error-${e.reason}`, {
      earliest: typeof d.earliest === 'string' ? formatDayMonth(d.earliest) : '',
      termEnd: typeof d.termEnd === 'string' ? formatDayMonth(d.termEnd) : '',
      date: typeof d.date === 'string' ? formatDayMonth(d.date) : '',
    });
  };

  /** The child the draft is about, if the account may still report for it. */
  const draftChild = async (ctx: BotContext) => {
    const d = ctx.session.family?.absence;
    if (!d || !ctx.access) return null;
    return authorizeStudent(deps.ds, ctx.access, 'reportAbsence', d.studentId);
  };

  const askDates = async (ctx: BotContext, studentId: number, edit: boolean) => {
    const s = ctx.access ? await authorizeStudent(deps.ds, ctx.access, 'reportAbsence', studentId) : null;
    if (!s) return false;
    family(ctx).absence = { studentId };
    dropQuestion(ctx);
    const kb = new InlineKeyboard()
      .text(ctx.t('abr-dates-today'), cb('ad', 'today'))
      .text(ctx.t('abr-dates-tomorrow'), cb('ad', 'tomorrow'))
      .row()
      .text(ctx.t('abr-dates-range'), cb('ad', 'range'))
      .text(ctx.t('abr-dates-lessons'), cb('ad', 'lessons'))
      .row()
      .text(ctx.t('abr-my-reports-button'), cb('av', studentId));
    const text = ctx.tPlain('abr-ask-dates', { child: childName(s) });
    if (edit) await ctx.editMessageText(text, { reply_markup: kb });
    else await ctx.reply(text, { reply_markup: kb });
    return true;
  };

  const start = async (ctx: BotContext) => {
    const kids = ctx.access?.children.filter((c) => c.via === 'guardian') ?? [];
    if (!kids.length) return void (await ctx.reply(ctx.t('abr-not-guardian')));
    if (kids.length === 1) return void (await askDates(ctx, kids[0].studentId, false));
    const kb = new InlineKeyboard();
    for (const k of kids) kb.text(`${k.firstName} ${k.lastName}`, cb('ab', k.studentId)).row();
    await ctx.reply(ctx.t('abr-pick-child'), { reply_markup: kb });
  };
  priv.command('absent', start);
  priv.filter(hears('abr-menu-button'), start);

  priv.callbackQuery(/^ab:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !(await askDates(ctx, data.id, true))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
  });

  /** Dates chosen: checked at once (nothing saved), then the reason. */
  const setDates = async (ctx: BotContext, from: string, to: string, lessonIds: number[] | null, edit: boolean) => {
    const s = await draftChild(ctx);
    if (!s) return void (await ctx.reply(ctx.t('abr-error-notAllowed')));
    try {
      await checkReportDates(
        deps.ds,
        { studentId: s.studentId, fromDate: from, toDate: to, lessonIds },
        { now: now(), timezone: deps.timezone },
      );
    } catch (e) {
      family(ctx).absence = undefined;
      return void (await (edit ? ctx.editMessageText(refusal(ctx, e)) : ctx.reply(refusal(ctx, e))));
    }
    Object.assign(family(ctx).absence!, { from, to, lessonIds });
    const kb = new InlineKeyboard()
      .text(ctx.t('abr-reason-illness'), cb('ae', 'illness'))
      .row()
      .text(ctx.t('abr-reason-family'), cb('ae', 'family'))
      .row()
      .text(ctx.t('abr-reason-other'), cb('ae', 'other'));
    if (edit) await ctx.editMessageText(ctx.t('abr-ask-reason'), { reply_markup: kb });
    else await ctx.reply(ctx.t('abr-ask-reason'), { reply_markup: kb });
  };

  const lessonsKeyboard = async (ctx: BotContext, studentId: number) => {
    const d = family(ctx).absence!;
    const lessons = await studentLessons(deps.ds, studentId, todayDate(), todayDate());
    const kb = new InlineKeyboard();
    for (const l of lessons)
      kb.text(
        ctx.tPlain('abr-lesson', {
          mark: d.lessonIds?.includes(l.lessonId) ? 'yes' : 'no',
          slot: l.slot,
          subject: l.subject,
          time: l.startsAt,
        }),
        cb('al', l.lessonId),
      ).row();
    kb.text(ctx.t('abr-lessons-done'), cb('ad', 'done'));
    return { kb, count: lessons.length };
  };

  priv.callbackQuery(/^ad:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const s = await draftChild(ctx);
    if (!data || !s) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const today = todayDate();
    switch (data.arg) {
      case 'today':
        return setDates(ctx, today, today, null, true);
      case 'tomorrow':
        return setDates(ctx, addDays(today, 1), addDays(today, 1), null, true);
      case 'range':
        ask(ctx, 'abrRange', {});
        return void (await ctx.editMessageText(ctx.t('abr-ask-range'), { parse_mode: 'HTML' }));
      case 'lessons': {
        family(ctx).absence!.lessonIds = [];
        const { kb, count } = await lessonsKeyboard(ctx, s.studentId);
        if (!count) return void (await ctx.editMessageText(ctx.t('abr-error-noLessons')));
        return void (await ctx.editMessageText(ctx.tPlain('abr-pick-lessons', { child: s.firstName }), {
          reply_markup: kb,
        }));
      }
      case 'done': {
        const ids = family(ctx).absence!.lessonIds ?? [];
        if (!ids.length) return void (await ctx.reply(ctx.t('abr-lessons-none')));
        return setDates(ctx, today, today, ids, true);
      }
    }
  });

  priv.callbackQuery(/^al:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const s = await draftChild(ctx);
    const d = ctx.session.family?.absence;
    if (!data?.id || !s || !d) return void (await unavailable(ctx));
    const lessons = await studentLessons(deps.ds, s.studentId, todayDate(), todayDate());
    if (!lessons.some((l) => l.lessonId === data.id)) return void (await unavailable(ctx));
    const ids = new Set(d.lessonIds ?? []);
    if (ids.has(data.id)) ids.delete(data.id);
    else ids.add(data.id);
    d.lessonIds = [...ids].sort((a, b) => a - b);
    await ctx.answerCallbackQuery();
    const { kb } = await lessonsKeyboard(ctx, s.studentId);
    await ctx.editMessageText(ctx.tPlain('abr-pick-lessons', { child: s.firstName }), { reply_markup: kb });
  });

  priv.callbackQuery(/^ae:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const d = ctx.session.family?.absence;
    if (!data || !d?.from || !['illness', 'family', 'other'].includes(data.arg) || !(await draftChild(ctx)))
      return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    d.reason = data.arg as 'illness' | 'family' | 'other';
    if (d.reason === 'other') {
      ask(ctx, 'abrReasonText', {});
      return void (await ctx.editMessageText(ctx.t('abr-ask-reason-text')));
    }
    d.reasonText = null;
    await ctx.editMessageText(ctx.t('abr-ask-reason') + ` ${ctx.t(`abr-reason-${d.reason}`)}`);
    await askCertificate(ctx);
  });

  const askCertificate = async (ctx: BotContext) => {
    ask(ctx, 'abrCertificate', {});
    await ctx.reply(ctx.t('abr-ask-certificate'), {
      reply_markup: new InlineKeyboard().text(ctx.t('abr-certificate-later'), cb('af', 'later')),
    });
  };

  const confirm = async (ctx: BotContext) => {
    const s = await draftChild(ctx);
    const d = ctx.session.family?.absence;
    if (!s || !d?.from || !d.to || !d.reason) return void (await ctx.reply(ctx.t('abr-error-notAllowed')));
    const when = await reportWhen(deps.ds, {
      studentId: s.studentId,
      fromDate: d.from,
      toDate: d.to,
      lessonIds: d.lessonIds ?? null,
    } as never);
    await ctx.reply(
      ctx.t('abr-confirm', {
        child: childName(s),
        class: s.className,
        when,
        reason: reasonText({ reason: d.reason, reasonText: d.reasonText ?? null }),
        certificate: d.certificate ? 'yes' : 'no',
      }),
      {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard()
          .text(ctx.t('abr-send'), cb('ao', 'yes'))
          .text(ctx.t('abr-cancel'), cb('ao', 'no')),
      },
    );
  };

  priv.callbackQuery(/^af:/, async (ctx) => {
    const d = ctx.session.family?.absence;
    if (!d?.reason) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    dropQuestion(ctx);
    d.certificate = null;
    await ctx.editMessageReplyMarkup();
    await confirm(ctx);
  });

  priv.callbackQuery(/^ao:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const d = ctx.session.family?.absence;
    if (!data || !d) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    family(ctx).absence = undefined;
    dropQuestion(ctx);
    if (data.arg !== 'yes') return void (await ctx.editMessageText(ctx.t('abr-cancelled')));
    if (!d.from || !d.to || !d.reason) return void (await ctx.editMessageText(ctx.t('abr-error-notAllowed')));
    try {
      const r = await createAbsenceReport(
        deps.ds,
        ctx.access!,
        {
          studentId: d.studentId,
          fromDate: d.from,
          toDate: d.to,
          lessonIds: d.lessonIds ?? null,
          reason: d.reason,
          reasonText: d.reasonText ?? null,
          certificate: d.certificate ?? null,
        },
        { now: now(), timezone: deps.timezone },
      );
      const kb = r.certificateFileId
        ? undefined
        : new InlineKeyboard().text(ctx.t('abr-attach-button'), cb('ac', r.id));
      await ctx.editMessageText(ctx.t('abr-sent'), kb ? { reply_markup: kb } : {});
    } catch (e) {
      await ctx.editMessageText(refusal(ctx, e));
    }
  });

  // ── the справка later, and the family's own list ──────────────────────────
  priv.callbackQuery(/^ac:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !ctx.access || !(await reportFor(deps.ds, ctx.access, data.id, 'family')))
      return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    ask(ctx, 'abrAttach', { id: data.id });
    await ctx.reply(ctx.t('abr-attach-ask'));
  });

  priv.callbackQuery(/^av:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const s = data?.id && ctx.access ? await authorizeStudent(deps.ds, ctx.access, 'reportAbsence', data.id) : null;
    if (!s) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const rows = await familyReports(deps.ds, ctx.access!.accountHash, s.studentId);
    const lines: string[] = [];
    const kb = new InlineKeyboard();
    for (const r of rows) {
      const when = await reportWhen(deps.ds, r);
      lines.push(
        ctx.t('abr-my-report', {
          status: r.status,
          when,
          reason: reasonText(r),
          certificate: r.certificateFileId ? 'yes' : 'no',
        }),
      );
      if (!r.certificateFileId && r.status !== 'rejected')
        kb.text(`${ctx.t('abr-attach-button')}: ${when}`.slice(0, 60), cb('ac', r.id)).row();
    }
    const text = rows.length
      ? [ctx.t('abr-my-reports', { child: childName(s) }), ...lines].join('\n')
      : ctx.t('abr-my-reports-empty');
    await ctx.reply(text, { parse_mode: 'HTML', reply_markup: kb });
  });

  // ── the class teacher's decision ───────────────────────────────────────────
  priv.callbackQuery(/^aa:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !ctx.access || !(await reportFor(deps.ds, ctx.access, data.id, 'classTeacher')))
      return void (await unavailable(ctx));
    try {
      const { report, lessons } = await decideAbsenceReport(deps.ds, ctx.access, data.id, 'accepted', null);
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      const s = (await studentInfo(deps.ds, report.studentId))!;
      await ctx.reply(
        ctx.tPlain('abr-accepted-done', {
          child: childName(s),
          when: await reportWhen(deps.ds, report),
          count: lessons,
          reason: ctx.tPlain('abr-attendance-reason', { reason: attendanceReason(report.reason) }),
        }),
      );
    } catch (e) {
      await ctx.answerCallbackQuery({ text: refusal(ctx, e), show_alert: true });
    }
  });

  priv.callbackQuery(/^aj:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const r = data?.id && ctx.access ? await reportFor(deps.ds, ctx.access, data.id, 'classTeacher') : null;
    if (!r) return void (await unavailable(ctx));
    if (r.status !== 'pending')
      return void (await ctx.answerCallbackQuery({ text: ctx.t('abr-error-notPending'), show_alert: true }));
    await ctx.answerCallbackQuery();
    ask(ctx, 'abrReject', { id: r.id });
    await ctx.reply(ctx.t('abr-reject-ask'));
  });

  priv.callbackQuery(/^aq:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const r = data?.id && ctx.access ? await reportFor(deps.ds, ctx.access, data.id, 'classTeacher') : null;
    if (!r || !ctx.access?.staff) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    // Until this feature takes the services (services.messages): the one use case startStaffReply needs.
    await startStaffReply({ staffThreadWith: (p, f) => staffThreadWith(deps.ds, p, f) }, ctx, {
      studentId: r.studentId,
      accountHash: r.accountHash,
    });
  });

  // ── answers: dates typed, the other reason, a file, a rejection comment ────
  priv.on('message', async (ctx, next) => {
    const w = answerTo(ctx, ['abrRange', 'abrReasonText', 'abrCertificate', 'abrAttach', 'abrReject']);
    if (!w) return next();
    const text = ctx.message.text?.trim() ?? '';
    if (w.kind === 'abrRange') {
      const range = parseRange(text, todayDate());
      if (!range) {
        ask(ctx, 'abrRange', {});
        return void (await ctx.reply(ctx.t('abr-bad-range'), { parse_mode: 'HTML' }));
      }
      return setDates(ctx, range.from, range.to, null, false);
    }
    if (w.kind === 'abrReasonText') {
      const d = ctx.session.family?.absence;
      if (!d || !text) return void (await ctx.reply(ctx.t('abr-error-notAllowed')));
      d.reasonText = text.slice(0, 500);
      return askCertificate(ctx);
    }
    if (w.kind === 'abrReject') {
      if (!text) {
        ask(ctx, 'abrReject', { id: w.args.id });
        return void (await ctx.reply(ctx.t('abr-reject-ask')));
      }
      try {
        const { report } = await decideAbsenceReport(deps.ds, ctx.access!, w.args.id!, 'rejected', text.slice(0, 1000));
        const s = (await studentInfo(deps.ds, report.studentId))!;
        return void (await ctx.reply(
          ctx.tPlain('abr-rejected-done', { child: childName(s), when: await reportWhen(deps.ds, report) }),
        ));
      } catch (e) {
        return void (await ctx.reply(refusal(ctx, e)));
      }
    }
    // A справка: now (in the draft) or later (attached to a saved report).
    const f = fileOf(ctx);
    if (!f) {
      askAgain(ctx, w);
      return void (await ctx.reply(ctx.t('abr-expect-file')));
    }
    const file: CertificateFile = f;
    try {
      checkCertificate(file);
    } catch (e) {
      askAgain(ctx, w);
      return void (await ctx.reply(refusal(ctx, e)));
    }
    if (w.kind === 'abrAttach') {
      try {
        await attachCertificate(deps.ds, ctx.access!, w.args.id!, file);
        return void (await ctx.reply(ctx.t('abr-attached')));
      } catch (e) {
        return void (await ctx.reply(refusal(ctx, e)));
      }
    }
    const d = ctx.session.family?.absence;
    if (!d) return void (await ctx.reply(ctx.t('abr-error-notAllowed')));
    d.certificate = { kind: file.kind, fileId: file.fileId };
    await confirm(ctx);
  });

  return composer;
}

/** «25.11–27.11», «25.11-27.11», «25.11» → dates of the school year around `today`; null when unreadable. */
export function parseRange(text: string, today: string): { from: string; to: string } | null {
  const m = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?(?:\s*[-–—]\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?)?$/.exec(
    text.replace(/\s+/g, ' ').trim(),
  );
  if (!m) return null;
  const date = (d: string, mo: string, y?: string) => {
    const year0 = Number(today.slice(0, 4));
    const mk = (yy: number) => `${yy}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
    let iso = mk(y ? Number(y) : year0);
    if (!y) {
      const diff = (Date.parse(iso) - Date.parse(today)) / 86_400_000;
      if (diff < -180) iso = mk(year0 + 1);
      else if (diff > 180) iso = mk(year0 - 1);
    }
    const t = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso ? null : iso;
  };
  const from = date(m[1], m[2], m[3]);
  const to = m[4] ? date(m[4], m[5], m[6]) : from;
  return from && to ? { from, to } : null;
}

/** A pending report as its class teacher sees it, with «Принять / Отклонить / Ответить» (the desk opens it). */
export async function decisionKeyboard(
  ds: DataSource,
  ctx: BotContext,
  reportId: number,
): Promise<{ text: string; kb: InlineKeyboard } | null> {
  const r = ctx.access ? await reportFor(ds, ctx.access, reportId, 'classTeacher') : null;
  if (!r || r.status !== 'pending') return null;
  const s = (await studentInfo(ds, r.studentId))!;
  const guardian = await guardianName(ds, r.guardianId);
  const text = abr('abr-new', {
    child: childName(s),
    class: s.className,
    guardian: guardian ?? '',
    when: await reportWhen(ds, r),
    reason: reasonText(r),
    certificate: r.certificateFileId ? 'yes' : 'no',
  });
  const kb = new InlineKeyboard();
  decisionButtons(r.id).forEach((row) => {
    row.forEach((b) => kb.text(b.text, b.data));
    kb.row();
  });
  return { text, kb };
}
