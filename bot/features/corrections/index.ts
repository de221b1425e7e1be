import { Composer, type InlineKeyboard } from 'grammy';
import type { CandidateView } from '../../../core/corrections/index.js';
import type { Services } from '../../../core/services/index.js';
import { onButton } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import { unavailable } from '../../ui.js';
import * as button from './callbacks.js';
import * as h from './handlers.js';
import { errorButton } from './views.js';

/** The diary views a report can come from: a subject's marks, a period's absences, a day's homework. */
export const errorViewCode = {
  marks: (subjectId: number): CandidateView => ({ kind: 'marks', subjectId }),
  absences: (periodId: number): CandidateView => ({ kind: 'absences', periodId }),
  homework: (date: string): CandidateView => ({ kind: 'homework', date }),
};

/** Adds «⚠️ Сообщить об ошибке» under a diary view (families only). */
export function addErrorButton(ctx: BotContext, kb: InlineKeyboard | undefined, view: CandidateView): void {
  if (!kb || !ctx.access?.children.length) return;
  const b = errorButton(ctx, view);
  kb.row().text(b.text, b.data);
}

/**
 * «Сообщить об ошибке» from the diary (issue 8, seed 000 §3.7): the family
 * picks the entry of the view and writes what is wrong; the teacher answers
 * «Исправлено» or «Данные верны» from the delivered message; /errors shows
 * the status.
 */
export function correctionsFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const corrections = services.corrections;

  onButton(priv, button.reportFrom, async (ctx, v) => {
    const view = button.viewOf(v);
    await (view ? h.fromView(corrections, ctx, view) : unavailable(ctx));
  });
  onButton(priv, button.pickEntry, (ctx, ref) => h.entryPicked(corrections, ctx, ref));
  priv.command('errors', (ctx) => h.list(services, ctx));

  // The teacher's (or deputy's) answer.
  onButton(priv, button.corrected, (ctx, { requestId }) => h.markCorrected(corrections, ctx, requestId));
  onButton(priv, button.dataRight, (ctx, { requestId }) => h.confirmAsked(corrections, ctx, requestId));
  priv.on('message', (ctx, next) => h.answer(services, ctx, next));
  return composer;
}
