import { Composer } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { Services } from '../../../core/services/index.js';
import { onButton } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import { classOpen, revokeAsk, revokeYes } from './callbacks.js';
import { classHandlers } from './handlers.js';

/** /class: a class's connected families, with revocation (the "No" answer is the settings feature's). */
export function classFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const h = classHandlers(services);
  priv.command('class', h.pickClass);
  priv.filter(hears('menu-class'), h.pickClass);
  priv.filter(hears('menu-classes'), h.pickClass);
  onButton(priv, classOpen, (ctx, { classId }) => h.openClass(ctx, classId));
  onButton(priv, revokeAsk, (ctx, { linkId }) => h.askRevoke(ctx, linkId));
  onButton(priv, revokeYes, (ctx, { linkId }) => h.revoke(ctx, linkId));
  return composer;
}
