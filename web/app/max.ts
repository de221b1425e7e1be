import { queryOfStartParam } from '../../core/webapp-start.js';
import type { Launch } from './telegram.js';

/**
 * MAX's side of the page (dev.max.ru/docs/webapps): MAX opens the bot's app with its signed launch
 * data in the URL's fragment (`#WebAppData=…&WebAppPlatform=…`), also at `window.WebApp.initData`
 * when MAX's bridge script is on the page (it is not: the CSP allows our own scripts only, and the
 * fragment suffices). A copy in session storage survives a reload that drops the fragment. The
 * screen comes as the launch data's start_param (an `open_app` button's payload, core/webapp-start).
 * MAX's bridge documents no theme: the page stays light there.
 */
type MaxBridge = { initData?: string; ready?: () => void };

const KEY = 'dnevnik:max-init-data';

function rawInitData(): string | null {
  // Telegram's launch data in the fragment: not MAX, whatever this tab kept from before.
  if (window.location.hash.includes('tgWebAppData')) return null;
  const fragment = new URLSearchParams(window.location.hash.slice(1)).get('WebAppData');
  const bridge = (window as { WebApp?: MaxBridge }).WebApp?.initData;
  const raw = fragment || bridge || sessionStorage.getItem(KEY);
  if (raw) sessionStorage.setItem(KEY, raw);
  return raw || null;
}

export function startMax(): Launch | null {
  const initData = rawInitData();
  if (!initData) return null;
  // The screen named by the button, unless the page already moved to one (a reload keeps the query).
  if (!new URLSearchParams(window.location.search).has('screen')) {
    const q = queryOfStartParam(new URLSearchParams(initData).get('start_param')).toString();
    if (q) window.history.replaceState(null, '', `${window.location.pathname}?${q}${window.location.hash}`);
  }
  try {
    (window as { WebApp?: MaxBridge }).WebApp?.ready?.();
  } catch {
    // An old client without ready(): nothing to tell it.
  }
  return { initData, scheme: 'max', inTelegram: false, dark: false };
}
