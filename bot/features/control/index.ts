import { Composer, type Filter } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { Services } from '../../../core/services/index.js';
import { onButton, type CallbackCodec } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import { unavailable } from '../../ui.js';
import {
  figureList,
  nudgeTeacher,
  panelScreen,
  pickClass,
  pickPeriod,
  pickTeacher,
  summarySheet,
  toggleNoHomework,
  toggleSetting,
} from './callbacks.js';
import { may, onClass, onFigure, onPeriod, onScreen, onSheet, onTeacher, openPanel } from './handlers.js';
import { onNudge, onToggleNoHomework, onToggleSetting } from './manage.js';

/**
 * /control: the deputy director's and the director's control panel (seed
 * 000 §3.7–3.8, 001 §3.4.4; docs/control-panel.md). Figures for a span and a
 * scope, each opening its list; the summary sheet of any class. The director
 * reads everything and changes nothing: settings and reminders to teachers
 * are the deputy's (policy: viewControl / manageControl).
 */
export function controlFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  type Ctx = Filter<BotContext, 'callback_query:data'>;
  /** A panel button: for those who may view the panel, or (`manage`) change it. */
  const button = <V>(codec: CallbackCodec<V>, manage: boolean, handler: (ctx: Ctx, v: V) => Promise<void>) =>
    onButton(priv, codec, async (ctx, v) => {
      const allowed = may(ctx, 'viewControl') && (!manage || may(ctx, 'manageControl'));
      await (allowed ? handler(ctx, v) : unavailable(ctx));
    });

  priv.command('control', (ctx) => openPanel(ctx, services));
  priv.filter(hears('menu-control'), (ctx) => openPanel(ctx, services));

  button(panelScreen, false, (ctx, { screen }) => onScreen(ctx, services, screen));
  button(pickClass, false, (ctx, { classId }) => onClass(ctx, services, classId));
  button(pickTeacher, false, (ctx, { staffId }) => onTeacher(ctx, services, staffId));
  button(pickPeriod, false, (ctx, { periodId }) => onPeriod(ctx, services, periodId));
  button(figureList, false, (ctx, { figure }) => onFigure(ctx, services, figure));
  button(summarySheet, false, (ctx, { classId }) => onSheet(ctx, services, classId));
  button(toggleSetting, true, (ctx, { setting }) => onToggleSetting(ctx, services, setting));
  button(toggleNoHomework, true, (ctx, { subjectId }) => onToggleNoHomework(ctx, services, subjectId));
  button(nudgeTeacher, true, (ctx, { staffId }) => onNudge(ctx, services, staffId));
  return composer;
}
