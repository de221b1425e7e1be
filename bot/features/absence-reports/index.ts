import { Composer } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { Services } from '../../../core/services/index.js';
import { onButton } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import * as button from './callbacks.js';
import * as draft from './draft.js';
import { answer } from './replies.js';
import * as saved from './reports.js';

/**
 * «Сообщить об отсутствии» (issue 8): a guardian picks the child, the days
 * (today, tomorrow, a range, or certain lessons today), the reason and the
 * справка (now or later), and confirms; the class teacher decides from the
 * message the delivery worker brings (aa / aj / aq). Nothing is saved before
 * the confirmation, and the dates are checked before the reason is asked.
 */
export function absenceReportsFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const reports = services.absenceReports;

  priv.command('absent', (ctx) => draft.start(reports, ctx));
  priv.filter(hears('absence-reports-menu-button'), (ctx) => draft.start(reports, ctx));
  onButton(priv, button.pickChild, (ctx, { studentId }) => draft.childPicked(reports, ctx, studentId));
  onButton(priv, button.pickDates, (ctx, { choice }) => draft.datesPicked(reports, ctx, choice));
  onButton(priv, button.toggleLesson, (ctx, { lessonId }) => draft.lessonToggled(reports, ctx, lessonId));
  onButton(priv, button.pickReason, (ctx, { reason }) => draft.reasonPicked(reports, ctx, reason));
  onButton(priv, button.certificateLater, (ctx) => draft.certificateLater(reports, ctx));
  onButton(priv, button.sendOrCancel, (ctx, { answer }) => saved.sendOrCancel(reports, ctx, answer));

  // The справка later, and the family's own list.
  onButton(priv, button.attachLater, (ctx, { reportId }) => saved.attachAsked(reports, ctx, reportId));
  onButton(priv, button.myReports, (ctx, { studentId }) => saved.list(reports, ctx, studentId));

  // The class teacher's decision.
  onButton(priv, button.accept, (ctx, { reportId }) => saved.accept(reports, ctx, reportId));
  onButton(priv, button.reject, (ctx, { reportId }) => saved.rejectAsked(reports, ctx, reportId));
  onButton(priv, button.reply, (ctx, { reportId }) => saved.reply(reports, ctx, reportId));

  // Answers: dates typed, the other reason, a file, a rejection comment.
  priv.on('message', (ctx, next) => answer(reports, ctx, next));
  return composer;
}
