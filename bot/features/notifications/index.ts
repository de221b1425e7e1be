import { Composer } from 'grammy';
import { onButton } from '../../callback-codec.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { averageChoice, kindToggle, quietChoice, settingsChild, settingsPage, streakChoice } from './callbacks.js';
import { notificationsHandlers } from './handlers.js';

export { notificationsReachability } from './handlers.js';

/** /notifications and its buttons: what an account hears about each child, and when. */
export function notificationsFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const h = notificationsHandlers(services);
  priv.command('notifications', (ctx) => h.main(ctx));
  onButton(priv, settingsPage, h.page);
  onButton(priv, settingsChild, h.child);
  onButton(priv, kindToggle, (ctx, { kind }) => h.set(ctx, { kind }));
  onButton(priv, averageChoice, (ctx, { value }) => h.set(ctx, { average: value }));
  onButton(priv, streakChoice, (ctx, { value }) => h.set(ctx, { streak: value }));
  onButton(priv, quietChoice, h.quiet);
  return composer;
}
