import { Composer } from 'grammy';
import { onButton } from '../../callback-codec.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import * as cb from './callbacks.js';
import * as family from './family.js';
import * as staff from './staff.js';

/**
 * /consult and «📅 Консультация с учителем» in /messages (issue 8): a
 * guardian picks the child and the teacher and proposes times (or any time);
 * the teacher answers from the delivered message (cy / cn / cz); the family
 * confirms a time the teacher proposed (cq).
 */
export function consultationsFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  priv.command('consult', (ctx) => family.startConsultation(services, ctx));
  onButton(priv, cb.consultAbout, (ctx, { child }) => family.consultAbout(services, ctx, child));
  onButton(priv, cb.consultWith, (ctx, { staffId }) => family.consultWith(services, ctx, staffId));
  onButton(priv, cb.anyTime, (ctx) => family.anyTime(services, ctx));
  onButton(priv, cb.acceptTime, (ctx, v) => staff.acceptTime(services, ctx, v.consultationId, v.slot));
  onButton(priv, cb.proposeOther, (ctx, v) => staff.answerLater(services, ctx, v.consultationId, true));
  onButton(priv, cb.declineRequest, (ctx, v) => staff.answerLater(services, ctx, v.consultationId, false));
  onButton(priv, cb.confirmTime, (ctx, v) => family.confirmTime(services, ctx, v.consultationId));
  priv.on('message', (ctx, next) => staff.consultationAnswer(services, ctx, next));
  return composer;
}
