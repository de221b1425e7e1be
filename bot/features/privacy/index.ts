import { Composer } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { privacyHandlers } from './handlers.js';

/** /privacy and /mydata (the settings screen's buttons for them route here through the settings feature). */
export function privacyFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const h = privacyHandlers(services);
  priv.command('privacy', h.showPrivacy);
  priv.command('mydata', h.sendMyData);
  return composer;
}
