import type { MiddlewareFn } from 'grammy';
import type { Logger } from '../../../core/logger.js';
import type { BotContext } from '../../context.js';
import { menuScreenFor, webappLink } from './links.js';

/** The menu button's label: the screen it opens, or the app's name for the home screen. */
const labelKey = (screen?: string) => (screen ? `webapp-screen-${screen}` : 'webapp-title');

/**
 * Keeps the private chat's menu button in step with who the account is, after
 * each of its updates: the Mini App's screen for its role once it is linked
 * (linking, /start of a linked account, any message), the default (the
 * commands) once it is not (/logout, /compromised, a link revoked by the
 * school, a dismissed teacher — seen at the person's next message) or when
 * WEBAPP_URL is unset. The session remembers what was set, so Telegram is
 * asked only when it changes. A failure is logged and tried again next time.
 */
export function menuButtonSync(logger: Logger): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    await next();
    if (ctx.chat?.type !== 'private') return;
    const target = ctx.webappUrl ? menuScreenFor(ctx.access) : null;
    const url = target && ctx.webappUrl ? webappLink(ctx.webappUrl, target.screen) : undefined;
    if (url === ctx.session.webappMenu) return;
    try {
      await ctx.api.setChatMenuButton({
        chat_id: ctx.chat.id,
        menu_button: url
          ? { type: 'web_app', text: ctx.tPlain(labelKey(target?.screen)), web_app: { url } }
          : { type: 'default' },
      });
      if (url) ctx.session.webappMenu = url;
      else delete ctx.session.webappMenu;
    } catch (e) {
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'setChatMenuButton failed');
    }
  };
}
