import { Composer, InlineKeyboard, InputFile } from 'grammy';
import type { DataSource } from 'typeorm';
import { authorizeClass } from '../../core/access/policy.js';
import type { Clock } from '../../core/clock.js';
import { addDays, wallClock } from '../../core/calendar.js';
import { classPeriods } from '../../core/paper/data.js';
import {
  activeStudentCount,
  listPaperFiles,
  periodName,
  loadPaperFile,
  makePrintouts,
  makeSummarySheet,
  studentsWithoutAccess,
} from '../../core/paper/service.js';
import { shortDate } from '../../core/paper/texts.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { unavailable } from '../ui.js';

/** Days a printout covers: two weeks up to today (families without Telegram get paper twice a month, seed 001 §3.3.5). */
export const PRINTOUT_DAYS = 14;

/**
 * The class teacher's paper (opened from /class with «🖨 Распечатки»; the
 * deputy and the director may open it too — policy 'print'): printouts of the
 * last two weeks for the families without access or for the whole class,
 * the summary sheet of a period, and the files made before (the scheduled
 * printouts among them).
 */
export function paperFeature(deps: { ds: DataSource; timezone: string; clock: Clock }): Composer<BotContext> {
  const { ds } = deps;
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const span = () => {
    const today = wallClock(deps.timezone, deps.clock.now()).date;
    return { from: addDays(today, 1 - PRINTOUT_DAYS), to: today };
  };
  const actor = (ctx: BotContext) => ({ kind: 'staff' as const, staffId: ctx.access!.staff!.staffId });
  /** Captions go without parse_mode: plain texts (tPlain). */
  const send = (ctx: BotContext, f: { content: Buffer; fileName: string }, caption: string) =>
    ctx.replyWithDocument(new InputFile(f.content, f.fileName), { caption });

  priv.callbackQuery(/^p[puavqlf]:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const p = ctx.access;
    if (!data?.id || !p?.staff) return void (await unavailable(ctx));

    if (data.verb === 'pq') {
      // A period of the class remembered from the period list (pv).
      const classId = ctx.session.paper?.classId;
      const c = classId ? await authorizeClass(ds, p, 'print', classId) : null;
      const period = c ? (await classPeriods(ds, c.classId)).find((x) => x.id === data.id) : undefined;
      if (!c || !period) return void (await unavailable(ctx));
      await ctx.answerCallbackQuery();
      const made = await makeSummarySheet(
        ds,
        { classId: c.classId, periodId: period.id },
        actor(ctx),
        deps.clock.now(),
      );
      for (const f of [made.pdf, made.csv])
        await send(
          ctx,
          f,
          ctx.tPlain('paper-file-caption', { kind: 'summarySheet', class: c.name, period: period.name }),
        );
      return;
    }
    if (data.verb === 'pf') {
      const file = await loadPaperFile(ds, data.id).catch(() => null);
      const c = file ? await authorizeClass(ds, p, 'print', file.classId) : null;
      if (!file || !c) return void (await unavailable(ctx));
      await ctx.answerCallbackQuery();
      const period = await periodName(ds, file.periodId);
      return void (await send(
        ctx,
        file,
        ctx.tPlain('paper-file-caption', {
          kind: file.kind,
          class: c.name,
          period: period ?? '',
          from: shortDate(file.fromDate),
          to: shortDate(file.toDate),
          count: file.studentIds.length,
        }),
      ));
    }

    const c = await authorizeClass(ds, p, 'print', data.id);
    if (!c) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const { from, to } = span();
    switch (data.verb) {
      case 'pp': {
        const unlinked = await studentsWithoutAccess(ds, c.classId);
        const n = await activeStudentCount(ds, c.classId);
        const kb = new InlineKeyboard();
        if (unlinked.length)
          kb.text(ctx.tPlain('paper-for-unlinked', { count: unlinked.length }), cb('pu', c.classId)).row();
        kb.text(ctx.tPlain('paper-for-all', { count: n }), cb('pa', c.classId))
          .row()
          .text(ctx.t('paper-sheet-button'), cb('pv', c.classId))
          .text(ctx.t('paper-files-button'), cb('pl', c.classId));
        return void (await ctx.reply(
          ctx.t('paper-menu', {
            class: c.name,
            from: shortDate(from),
            to: shortDate(to),
            unlinked: unlinked.length,
          }),
          { parse_mode: 'HTML', reply_markup: kb },
        ));
      }
      case 'pu':
      case 'pa': {
        const ids = data.verb === 'pu' ? (await studentsWithoutAccess(ds, c.classId)).map((s) => s.id) : undefined;
        if (ids && !ids.length) return void (await ctx.reply(ctx.t('paper-nobody-unlinked')));
        const made = (await makePrintouts(
          ds,
          { classId: c.classId, from, to, studentIds: ids },
          actor(ctx),
          deps.clock.now(),
        ))!;
        return void (await send(
          ctx,
          made,
          ctx.tPlain('paper-file-caption', {
            kind: 'printouts',
            class: c.name,
            from: shortDate(from),
            to: shortDate(to),
            count: made.students.length,
          }),
        ));
      }
      case 'pv': {
        ctx.session.paper = { classId: c.classId };
        const kb = new InlineKeyboard();
        (await classPeriods(ds, c.classId)).forEach((x, i) => {
          kb.text(x.name, cb('pq', x.id));
          if (i % 3 === 2) kb.row();
        });
        return void (await ctx.reply(ctx.t('paper-sheet-pick', { class: c.name }), {
          parse_mode: 'HTML',
          reply_markup: kb,
        }));
      }
      case 'pl': {
        const files = await listPaperFiles(ds, c.classId);
        const names = new Map<number, string>((await classPeriods(ds, c.classId)).map((x) => [x.id, x.name]));
        const kb = new InlineKeyboard();
        for (const f of files)
          kb.text(
            ctx.tPlain('paper-file-line', {
              kind: f.kind,
              period: names.get(f.periodId ?? 0) ?? '',
              format: f.format.toUpperCase(),
              from: shortDate(f.fromDate),
              to: shortDate(f.toDate),
              count: f.studentIds.length,
            }),
            cb('pf', f.id),
          ).row();
        return void (await ctx.reply(
          files.length ? ctx.t('paper-files-title', { class: c.name }) : ctx.t('paper-files-empty'),
          { parse_mode: 'HTML', reply_markup: kb },
        ));
      }
    }
    await ctx.reply(ctx.t('unavailable'));
  });

  return composer;
}
