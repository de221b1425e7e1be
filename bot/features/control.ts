import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { DataSource } from 'typeorm';
import { authorizeClass, mayOnSchool, visibleClasses } from '../../core/access/policy.js';
import type { AccessProfile } from '../../core/access/profile.js';
import type { Clock } from '../../core/clock.js';
import { addDays, wallClock } from '../../core/calendar.js';
import { choosePeriod, type DiaryPeriod } from '../../core/diary/marks.js';
import { buildControlReport, type ControlReport } from '../../core/control/figures.js';
import { requestNudge } from '../../core/control/notify.js';
import {
  FIGURES,
  figureButton,
  initials,
  isFigure,
  listLines,
  listTitle,
  pages,
  panelText,
  type Labels,
} from '../../core/control/render.js';
import { loadControlSettings, updateControlSettings } from '../../core/control/settings.js';
import {
  currentYearPeriods,
  schoolStaffMember,
  schoolSubjectId,
  schoolSubjects,
  schoolTeachers,
} from '../../core/control/school-lists.js';
import { makeSummarySheet } from '../../core/paper/service.js';
import { splitMessage } from '../ui.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { unavailable } from '../ui.js';

/** What the panel shows: the whole school, a class or a teacher; a period (by id) or the last 7 days. */
export interface ControlView {
  s: 'school' | 'class' | 'teacher';
  id?: number;
  p?: number | 'week';
}

/**
 * /control: the deputy director's and the director's control panel (seed
 * 000 §3.7–3.8, 001 §3.4.4; docs/control-panel.md). Figures for a span and a
 * scope, each opening its list; the summary sheet of any class. The director
 * reads everything and changes nothing: settings and reminders to teachers
 * are the deputy's (policy: viewControl / manageControl).
 */
export function controlFeature(deps: { ds: DataSource; timezone: string; clock: Clock }): Composer<BotContext> {
  const { ds, timezone } = deps;
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');

  const schoolOf = (p: AccessProfile | null) => (p?.staff ? { schoolId: p.staff.schoolId } : null);
  const may = (ctx: BotContext, action: 'viewControl' | 'manageControl') => {
    const s = schoolOf(ctx.access);
    return !!s && mayOnSchool(ctx.access!, action, s);
  };
  const today = () => wallClock(timezone, deps.clock.now()).date;

  const periodsOf = (schoolId: number) => currentYearPeriods(ds, schoolId, today());

  /** The span and its label for the view; a stale or foreign period falls back to the current one. */
  const spanOf = async (ctx: BotContext, schoolId: number, v: ControlView) => {
    const week = {
      from: addDays(today(), -6),
      to: today(),
      label: ctx.tPlain('ctl-period-week'),
      period: null as DiaryPeriod | null,
    };
    if (v.p === 'week') return week;
    const period = choosePeriod(await periodsOf(schoolId), today(), typeof v.p === 'number' ? v.p : null);
    return period ? { from: period.startsOn, to: period.endsOn, label: period.name, period } : week;
  };

  /** Checks the view's class or teacher against the school; returns the scope for the report and its label (plain: render.ts escapes). */
  const scopeOf = async (ctx: BotContext, v: ControlView) => {
    const schoolId = ctx.access!.staff!.schoolId;
    if (v.s === 'class' && v.id) {
      const c = await authorizeClass(ds, ctx.access!, 'view', v.id);
      if (c && c.schoolId === schoolId)
        return { scope: { classId: c.classId }, label: ctx.tPlain('ctl-scope-class', { class: c.name }) };
    }
    if (v.s === 'teacher' && v.id) {
      const t = await schoolStaffMember(ds, schoolId, v.id);
      if (t)
        return {
          scope: { teacherId: t.id },
          label: ctx.tPlain('ctl-scope-teacher', { teacher: initials(t.name) }),
        };
    }
    return { scope: {}, label: ctx.tPlain('ctl-scope-school') };
  };

  const build = async (ctx: BotContext): Promise<{ report: ControlReport; labels: Labels; view: ControlView }> => {
    const view = ctx.session.control ?? { s: 'school' };
    const schoolId = ctx.access!.staff!.schoolId;
    const { scope, label } = await scopeOf(ctx, view);
    const span = await spanOf(ctx, schoolId, view);
    const report = await buildControlReport(
      ds,
      { schoolId, from: span.from, to: span.to, ...scope },
      { now: deps.clock.now(), timezone },
    );
    return { report, labels: { scope: label, period: span.label, timezone }, view };
  };

  const show = async (ctx: BotContext, edit: boolean) => {
    const { report, labels, view } = await build(ctx);
    const kb = new InlineKeyboard();
    FIGURES.forEach((f, i) => {
      kb.text(figureButton(report, f), cb('kf', f));
      if (i % 2 === 1) kb.row();
    });
    kb.row()
      .text(ctx.t('ctl-btn-school'), cb('ko', 'school'))
      .text(ctx.t('ctl-btn-classes'), cb('ko', 'classes'))
      .text(ctx.t('ctl-btn-teachers'), cb('ko', 'teachers'));
    kb.row().text(ctx.t('ctl-btn-periods'), cb('ko', 'periods')).text(ctx.t('ctl-btn-sheet'), cb('ko', 'sheet'));
    if (may(ctx, 'manageControl')) {
      kb.row().text(ctx.t('ctl-btn-settings'), cb('ko', 'settings'));
      if (view.s === 'teacher' && report.scope.teacherId)
        kb.text(ctx.t('ctl-btn-nudge'), cb('kn', report.scope.teacherId));
    }
    kb.row().text(ctx.t('ctl-btn-refresh'), cb('ko', 'home'));
    // One message: its first part, cut between lines (never inside a tag or an escaped name).
    const [text] = splitMessage(`${panelText(report, labels)}\n\n${ctx.t('ctl-hint')}`);
    const opts = { parse_mode: 'HTML' as const, reply_markup: kb };
    if (edit) await ctx.editMessageText(text, opts);
    else await ctx.reply(text, opts);
  };

  const open = async (ctx: BotContext) => {
    const p = ctx.access;
    if (!p?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    if (!may(ctx, 'viewControl')) return void (await ctx.reply(ctx.t('ctl-denied')));
    ctx.session.control = { s: 'school' };
    await show(ctx, false);
  };
  priv.command('control', open);
  priv.filter(hears('menu-control'), open);

  const back = (ctx: BotContext) => new InlineKeyboard().text(ctx.t('ctl-btn-back'), cb('ko', 'home'));

  priv.callbackQuery(/^k[ocptfsxhn]:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data || !may(ctx, 'viewControl')) return void (await unavailable(ctx));
    const p = ctx.access!;
    const schoolId = p.staff!.schoolId;
    const view: ControlView = ctx.session.control ?? { s: 'school' };
    const manage = ['kx', 'kh', 'kn'].includes(data.verb) || (data.verb === 'ko' && data.arg === 'settings');
    if (manage && !may(ctx, 'manageControl')) return void (await unavailable(ctx));

    switch (data.verb) {
      case 'ko':
        switch (data.arg) {
          case 'home':
            await ctx.answerCallbackQuery();
            return void (await show(ctx, true));
          case 'school':
            ctx.session.control = { s: 'school', p: view.p };
            await ctx.answerCallbackQuery();
            return void (await show(ctx, true));
          case 'week':
            ctx.session.control = { ...view, p: 'week' };
            await ctx.answerCallbackQuery();
            return void (await show(ctx, true));
          case 'classes':
          case 'sheet': {
            const classes = (await visibleClasses(ds, p, 'view')).filter((c) => c.schoolId === schoolId);
            const kb = new InlineKeyboard();
            classes.forEach((c, i) => {
              kb.text(c.name, cb(data.arg === 'sheet' ? 'ks' : 'kc', c.classId));
              if (i % 4 === 3) kb.row();
            });
            kb.row().text(ctx.t('ctl-btn-back'), cb('ko', 'home'));
            const span = await spanOf(ctx, schoolId, view);
            const period = span.period ?? choosePeriod(await periodsOf(schoolId), today());
            const text =
              data.arg === 'sheet' ? ctx.t('ctl-pick-sheet', { period: period?.name ?? '' }) : ctx.t('ctl-pick-class');
            await ctx.answerCallbackQuery();
            return void (await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: kb }));
          }
          case 'teachers': {
            const teachers = await schoolTeachers(ds, schoolId);
            const kb = new InlineKeyboard();
            teachers.forEach((t, i) => {
              kb.text(initials(t.name), cb('kt', t.id));
              if (i % 2 === 1) kb.row();
            });
            kb.row().text(ctx.t('ctl-btn-back'), cb('ko', 'home'));
            await ctx.answerCallbackQuery();
            return void (await ctx.editMessageText(ctx.t('ctl-pick-teacher'), { reply_markup: kb }));
          }
          case 'periods': {
            const kb = new InlineKeyboard();
            (await periodsOf(schoolId)).forEach((x, i) => {
              kb.text(x.name, cb('kp', x.id));
              if (i % 3 === 2) kb.row();
            });
            kb.row()
              .text(ctx.t('ctl-period-week'), cb('ko', 'week'))
              .row()
              .text(ctx.t('ctl-btn-back'), cb('ko', 'home'));
            await ctx.answerCallbackQuery();
            return void (await ctx.editMessageText(ctx.t('ctl-pick-period'), { reply_markup: kb }));
          }
          case 'settings':
            await ctx.answerCallbackQuery();
            return void (await showSettings(ctx, schoolId));
          default:
            return void (await unavailable(ctx));
        }
      case 'kc': {
        const c = data.id ? await authorizeClass(ds, p, 'view', data.id) : null;
        if (!c || c.schoolId !== schoolId) return void (await unavailable(ctx));
        ctx.session.control = { s: 'class', id: c.classId, p: view.p };
        await ctx.answerCallbackQuery();
        return void (await show(ctx, true));
      }
      case 'kt': {
        const t = await schoolStaffMember(ds, schoolId, data.id);
        if (!t) return void (await unavailable(ctx));
        ctx.session.control = { s: 'teacher', id: t.id, p: view.p };
        await ctx.answerCallbackQuery();
        return void (await show(ctx, true));
      }
      case 'kp': {
        const period = data.id ? (await periodsOf(schoolId)).find((x) => x.id === data.id) : undefined;
        if (!period) return void (await unavailable(ctx));
        ctx.session.control = { ...view, p: period.id };
        await ctx.answerCallbackQuery();
        return void (await show(ctx, true));
      }
      case 'kf': {
        if (!isFigure(data.arg)) return void (await unavailable(ctx));
        const { report, labels } = await build(ctx);
        const parts = pages(listTitle(report, data.arg, labels), listLines(report, data.arg, timezone));
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(parts[0], {
          parse_mode: 'HTML',
          reply_markup: parts.length === 1 ? back(ctx) : undefined,
        });
        for (const [i, part] of parts.slice(1).entries())
          await ctx.reply(part, { parse_mode: 'HTML', ...(i === parts.length - 2 ? { reply_markup: back(ctx) } : {}) });
        return;
      }
      case 'ks': {
        const c = data.id ? await authorizeClass(ds, p, 'print', data.id) : null;
        if (!c || c.schoolId !== schoolId) return void (await unavailable(ctx));
        const span = await spanOf(ctx, schoolId, view);
        const period = span.period ?? choosePeriod(await periodsOf(schoolId), today());
        if (!period) return void (await unavailable(ctx));
        await ctx.answerCallbackQuery();
        const made = await makeSummarySheet(
          ds,
          { classId: c.classId, periodId: period.id },
          { kind: 'staff', staffId: p.staff!.staffId },
          deps.clock.now(),
        );
        for (const f of [made.pdf, made.csv])
          await ctx.replyWithDocument(new InputFile(f.content, f.fileName), {
            caption: ctx.tPlain('ctl-sheet-caption', {
              class: c.name,
              period: period.name,
              format: f.format.toUpperCase(),
            }),
          });
        return;
      }
      case 'kx': {
        if (data.arg !== 'digest' && data.arg !== 'nudges') return void (await unavailable(ctx));
        const s = await loadControlSettings(ds, schoolId);
        await updateControlSettings(
          ds,
          schoolId,
          { [data.arg]: !s[data.arg] },
          { kind: 'staff', staffId: p.staff!.staffId },
        );
        await ctx.answerCallbackQuery();
        return void (await showSettings(ctx, schoolId));
      }
      case 'kh': {
        const subjectId = await schoolSubjectId(ds, schoolId, data.id);
        if (!subjectId) return void (await unavailable(ctx));
        const s = await loadControlSettings(ds, schoolId);
        const set = new Set(s.noHomeworkSubjectIds);
        if (set.has(subjectId)) set.delete(subjectId);
        else set.add(subjectId);
        await updateControlSettings(
          ds,
          schoolId,
          { noHomeworkSubjectIds: [...set] },
          { kind: 'staff', staffId: p.staff!.staffId },
        );
        await ctx.answerCallbackQuery();
        return void (await showSettings(ctx, schoolId));
      }
      case 'kn': {
        const t = await schoolStaffMember(ds, schoolId, data.id);
        if (!t) return void (await unavailable(ctx));
        await ctx.answerCallbackQuery();
        if (!t.linked) return void (await ctx.reply(ctx.t('ctl-nudge-unlinked')));
        const span = await spanOf(ctx, schoolId, view);
        const count = await requestNudge(
          ds,
          { schoolId, teacherId: t.id, from: span.from, to: span.to },
          { kind: 'staff', staffId: p.staff!.staffId },
          { now: deps.clock.now(), timezone },
        );
        return void (await ctx.reply(
          count ? ctx.tPlain('ctl-nudge-sent', { teacher: initials(t.name), count }) : ctx.t('ctl-nudge-nothing'),
        ));
      }
    }
    await unavailable(ctx);
  });

  const showSettings = async (ctx: BotContext, schoolId: number) => {
    const s = await loadControlSettings(ds, schoolId);
    const subjects = await schoolSubjects(ds, schoolId);
    const off = subjects.filter((x) => s.noHomeworkSubjectIds.includes(x.id)).map((x) => x.name);
    const text = ctx.t('ctl-settings', {
      digest: ctx.tHtml(s.digest ? 'ctl-on' : 'ctl-off'),
      nudges: ctx.tHtml(s.nudges ? 'ctl-on' : 'ctl-off'),
      subjects: off.length ? off.join(', ') : ctx.tHtml('ctl-none'),
    });
    const kb = new InlineKeyboard()
      .text(ctx.tPlain('ctl-btn-digest', { on: s.digest ? 'yes' : 'no' }), cb('kx', 'digest'))
      .row()
      .text(ctx.tPlain('ctl-btn-nudges', { on: s.nudges ? 'yes' : 'no' }), cb('kx', 'nudges'))
      .row();
    subjects.forEach((x, i) => {
      kb.text(
        ctx.tPlain('ctl-btn-subject', { subject: x.name, on: s.noHomeworkSubjectIds.includes(x.id) ? 'yes' : 'no' }),
        cb('kh', x.id),
      );
      if (i % 2 === 1) kb.row();
    });
    kb.row().text(ctx.t('ctl-btn-back'), cb('ko', 'home'));
    await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: kb });
  };

  return composer;
}
