import { InputFile } from 'grammy';
import { mayOnSchool } from '../../../core/access/policy.js';
import type { ControlView } from '../../../core/control/service.js';
import type { Figure } from '../../../core/control/render.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { addWebAppButton } from '../webapp/index.js';
import type { PanelScreen } from './callbacks.js';
import {
  classesView,
  figureBack,
  figureView,
  panelLabels,
  panelView,
  periodsView,
  settingsView,
  teachersView,
} from './views.js';

/**
 * What the panel's buttons and commands do. The director reads everything and
 * changes nothing: settings and reminders are the deputy's (viewControl /
 * manageControl); anything else gets the one "недоступно".
 */

export const may = (ctx: BotContext, action: 'viewControl' | 'manageControl') => {
  const p = ctx.access;
  return !!p?.staff && mayOnSchool(p, action, { schoolId: p.staff.schoolId });
};

const viewOf = (ctx: BotContext): ControlView => ctx.session.control ?? { s: 'school' };

/** The panel for the session's view: a new message, or the pressed one edited. */
export async function showPanel(ctx: BotContext, services: Services): Promise<void> {
  const view = viewOf(ctx);
  const panel = await services.control.panel(ctx.access!, view);
  const labels = panelLabels(ctx, panel, services.control.timezone);
  const screen = panelView(ctx, panel, labels, {
    manage: may(ctx, 'manageControl'),
    teacherView: view.s === 'teacher',
  });
  addWebAppButton(ctx, screen.keyboard, 'panel', 'webapp-open-panel');
  await show(ctx, screen.text, { reply_markup: screen.keyboard });
}

/** /control and the menu button. */
export async function openPanel(ctx: BotContext, services: Services): Promise<void> {
  if (!ctx.access?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
  if (!may(ctx, 'viewControl')) return void (await ctx.reply(ctx.t('control-denied')));
  ctx.session.control = { s: 'school' };
  await showPanel(ctx, services);
}

/** Moves the panel to a new view (or none: the same again) and shows it. */
async function moveTo(ctx: BotContext, services: Services, view?: ControlView): Promise<void> {
  if (view) ctx.session.control = view;
  await ctx.answerCallbackQuery();
  await showPanel(ctx, services);
}

async function showClasses(ctx: BotContext, services: Services, purpose: 'classes' | 'sheet'): Promise<void> {
  const p = ctx.access!;
  const classes = await services.control.classes(p);
  const period = await services.control.sheetPeriod(p, viewOf(ctx));
  const screen = classesView(ctx, classes, purpose, period?.name ?? '');
  await ctx.answerCallbackQuery();
  await show(ctx, screen.text, { reply_markup: screen.keyboard });
}

async function showTeachers(ctx: BotContext, services: Services): Promise<void> {
  const screen = teachersView(ctx, await services.control.teachers(ctx.access!));
  await ctx.answerCallbackQuery();
  await show(ctx, screen.text, { reply_markup: screen.keyboard, html: false });
}

async function showPeriods(ctx: BotContext, services: Services): Promise<void> {
  const screen = periodsView(ctx, await services.control.periods(ctx.access!));
  await ctx.answerCallbackQuery();
  await show(ctx, screen.text, { reply_markup: screen.keyboard, html: false });
}

export async function showSettings(ctx: BotContext, services: Services): Promise<void> {
  const { settings, subjects } = await services.control.settings(ctx.access!);
  const screen = settingsView(ctx, settings, subjects);
  await show(ctx, screen.text, { reply_markup: screen.keyboard });
}

/** `ko:<screen>`: the panel itself, its scope or span reset, a picker, the settings. */
export async function onScreen(ctx: BotContext, services: Services, screen: PanelScreen): Promise<void> {
  const view = viewOf(ctx);
  switch (screen) {
    case 'home':
      return moveTo(ctx, services);
    case 'school':
      return moveTo(ctx, services, { s: 'school', p: view.p });
    case 'week':
      return moveTo(ctx, services, { ...view, p: 'week' });
    case 'classes':
    case 'sheet':
      return showClasses(ctx, services, screen);
    case 'teachers':
      return showTeachers(ctx, services);
    case 'periods':
      return showPeriods(ctx, services);
    case 'settings':
      if (!may(ctx, 'manageControl')) return void (await unavailable(ctx));
      await ctx.answerCallbackQuery();
      return showSettings(ctx, services);
  }
}

export async function onClass(ctx: BotContext, services: Services, classId: number): Promise<void> {
  const c = await services.control.schoolClass(ctx.access!, classId);
  if (!c) return void (await unavailable(ctx));
  await moveTo(ctx, services, { s: 'class', id: c.classId, p: viewOf(ctx).p });
}

export async function onTeacher(ctx: BotContext, services: Services, staffId: number): Promise<void> {
  const t = await services.control.teacher(ctx.access!, staffId);
  if (!t) return void (await unavailable(ctx));
  await moveTo(ctx, services, { s: 'teacher', id: t.id, p: viewOf(ctx).p });
}

export async function onPeriod(ctx: BotContext, services: Services, periodId: number): Promise<void> {
  const period = await services.control.period(ctx.access!, periodId);
  if (!period) return void (await unavailable(ctx));
  await moveTo(ctx, services, { ...viewOf(ctx), p: period.id });
}

/** A figure's list: the pressed message shows its first part, the rest follow; the back button under the last. */
export async function onFigure(ctx: BotContext, services: Services, figure: Figure): Promise<void> {
  const panel = await services.control.panel(ctx.access!, viewOf(ctx));
  const parts = figureView(panel, figure, panelLabels(ctx, panel, services.control.timezone));
  await ctx.answerCallbackQuery();
  for (const [i, part] of parts.entries())
    await show(ctx, part, { edit: i === 0, reply_markup: i === parts.length - 1 ? figureBack(ctx) : undefined });
}

/** The summary sheet of a class for the view's period, as PDF and CSV. */
export async function onSheet(ctx: BotContext, services: Services, classId: number): Promise<void> {
  const p = ctx.access!;
  const target = await services.control.sheetTarget(p, viewOf(ctx), classId);
  if (!target) return void (await unavailable(ctx));
  const { cls, period } = target;
  await ctx.answerCallbackQuery();
  const made = await services.paper.makeSummarySheet(p, { classId: cls.classId, periodId: period.id });
  for (const f of [made.pdf, made.csv])
    await ctx.replyWithDocument(new InputFile(f.content, f.fileName), {
      caption: ctx.tPlain('control-sheet-caption', {
        class: cls.name,
        period: period.name,
        format: f.format.toUpperCase(),
      }),
    });
}
