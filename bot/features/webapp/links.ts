import { InlineKeyboard } from 'grammy';
import type { AccessProfile } from '../../../core/access/profile.js';
import { screensFor, type Screen } from '../../../web/server/screens.js';
import type { BotContext } from '../../context.js';

/**
 * Where the chat opens the Mini App (docs/webapp.md): `${WEBAPP_URL}?screen=<name>&…`,
 * or the home screen. Nothing here when WEBAPP_URL is unset: no Mini App button anywhere.
 */

export type LinkParams = Record<string, string | number | null | undefined>;

/** The Mini App's address for a screen (or the home screen) with its parameters. */
export function webappLink(base: string, screen?: Screen, params: LinkParams = {}): string {
  const url = new URL(base);
  if (screen) url.searchParams.set('screen', screen);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
  return url.toString();
}

/**
 * The screen the chat's menu button opens for this account: its only screen;
 * the panel for the deputy and the director; otherwise the home screen (a class
 * teacher picks between the grid and the class). Null: no Mini App for it.
 */
export function menuScreenFor(p: AccessProfile | null): { screen?: Screen } | null {
  if (!p?.links.length) return null;
  const screens = screensFor(p);
  if (!screens.length) return null;
  if (screens.length === 1) return { screen: screens[0] };
  const roles = p.staff?.roles ?? [];
  if (screens.includes('panel') && (roles.includes('deputy') || roles.includes('director'))) return { screen: 'panel' };
  return {};
}

/**
 * Puts a `web_app` button on top of a screen's keyboard when the Mini App is
 * on and the account may open that screen; the view that built the keyboard
 * stays pure (the handler adds the button, as it adds «Сообщить об ошибке»).
 */
export function addWebAppButton(
  ctx: BotContext,
  keyboard: InlineKeyboard,
  screen: Screen,
  label: string,
  params: LinkParams = {},
): InlineKeyboard {
  const base = ctx.webappUrl;
  if (!base || ctx.chat?.type !== 'private' || !ctx.access || !screensFor(ctx.access).includes(screen)) return keyboard;
  keyboard.inline_keyboard.unshift([InlineKeyboard.webApp(ctx.tPlain(label), webappLink(base, screen, params))]);
  return keyboard;
}
