import { useEffect, useState } from 'preact/hooks';
import type { ScreenName } from './screens/index.js';

/**
 * The screen is named in the query string (`?screen=grid&class=12…`), never in
 * the fragment: the fragment is Telegram's (launch data). Moving between screens
 * rewrites the query with history.pushState, so the launch data stays.
 */
export interface Route {
  screen: ScreenName | null;
  params: URLSearchParams;
}

const read = (): Route => {
  const params = new URLSearchParams(window.location.search);
  return { screen: (params.get('screen') as ScreenName | null) ?? null, params };
};

export function navigate(to: Record<string, string | number | undefined>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(to)) if (v !== undefined && v !== '') q.set(k, String(v));
  const search = q.toString();
  window.history.pushState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`);
  window.dispatchEvent(new Event('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}

/**
 * «Back» one level up inside a screen (the panel's drill-down): a screen sets
 * it while it is deeper than its first level; the shell's back (Telegram's
 * button, or the page's own link in a browser) calls it, else goes home.
 */
let up: (() => void) | null = null;
export const setUp = (f: (() => void) | null): void => {
  up = f;
};
export const goBack = (): void => (up ? up() : navigate({}));
