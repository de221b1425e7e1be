import { sign } from '@tma.js/init-data-node';
import { maxSignature } from '../../web/server/max-init-data.js';

/**
 * Launch data as Telegram hands it to a Mini App: signed with the bot's token
 * (`sign` of @tma.js/init-data-node, the library the server checks it with) and
 * put in the URL's fragment with the client's version, platform and theme.
 * Used by the demo's launcher, the end-to-end test and the browser benchmark.
 */

export type ThemeName = 'light' | 'dark';

/** Telegram's theme parameters (Telegram Web's light and night themes). */
export const THEME_PARAMS: Record<ThemeName, Record<string, string>> = {
  light: {
    bg_color: '#ffffff',
    secondary_bg_color: '#f4f4f5',
    text_color: '#000000',
    hint_color: '#707579',
    link_color: '#3390ec',
    button_color: '#3390ec',
    button_text_color: '#ffffff',
    header_bg_color: '#ffffff',
    accent_text_color: '#3390ec',
    section_bg_color: '#ffffff',
    section_header_text_color: '#3390ec',
    subtitle_text_color: '#707579',
    destructive_text_color: '#e53935',
  },
  dark: {
    bg_color: '#212121',
    secondary_bg_color: '#181818',
    text_color: '#ffffff',
    hint_color: '#aaaaaa',
    link_color: '#8774e1',
    button_color: '#8774e1',
    button_text_color: '#ffffff',
    header_bg_color: '#212121',
    accent_text_color: '#8774e1',
    section_bg_color: '#212121',
    section_header_text_color: '#8774e1',
    subtitle_text_color: '#aaaaaa',
    destructive_text_color: '#ee686f',
  },
};

export interface LaunchUser {
  id: number;
  firstName: string;
  lastName?: string;
}

/** The init data Telegram signs for `user` at `authDate`. */
export function signLaunchData(token: string, user: LaunchUser, authDate: Date): string {
  return sign(
    {
      user: {
        id: user.id,
        first_name: user.firstName,
        ...(user.lastName ? { last_name: user.lastName } : {}),
        language_code: 'ru',
      },
      chat_type: 'sender',
      chat_instance: String(user.id),
    },
    token,
    authDate,
  );
}

/** The fragment Telegram appends to the Mini App's address: `#tgWebAppData=…&tgWebAppVersion=…`. */
export function launchFragment(initData: string, theme: ThemeName = 'light'): string {
  const q = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: 'web',
    tgWebAppThemeParams: JSON.stringify(THEME_PARAMS[theme]),
  });
  return `#${q.toString()}`;
}

/** The address a Telegram client opens for a `web_app` button (or the menu button) of `appUrl`. */
export function launchUrl(appUrl: string, initData: string, theme: ThemeName = 'light'): string {
  const u = new URL(appUrl);
  u.hash = '';
  return `${u.toString()}${launchFragment(initData, theme)}`;
}

/**
 * The launch data MAX signs for `user` at `authDate` (dev.max.ru/docs/webapps/validation): query_id,
 * auth_date in seconds, the user as JSON, the `open_app` button's payload as start_param, and the hash.
 */
export function signMaxLaunchData(token: string, user: LaunchUser, authDate: Date, startParam?: string): string {
  const fields: [string, string][] = [
    ['query_id', `demo-${user.id}`],
    ['auth_date', String(Math.floor(authDate.getTime() / 1000))],
    [
      'user',
      JSON.stringify({
        id: user.id,
        first_name: user.firstName,
        ...(user.lastName ? { last_name: user.lastName } : {}),
        language_code: 'ru',
      }),
    ],
    ...(startParam ? [['start_param', startParam] as [string, string]] : []),
  ];
  return new URLSearchParams([...fields, ['hash', maxSignature(fields, token)]]).toString();
}

/** The address MAX opens for the bot's app: `#WebAppData=…&WebAppPlatform=…&WebAppVersion=…`. */
export function maxLaunchUrl(appUrl: string, initData: string): string {
  const u = new URL(appUrl);
  u.hash = '';
  const q = new URLSearchParams({ WebAppData: initData, WebAppPlatform: 'web', WebAppVersion: '25.9.0' });
  return `${u.toString()}#${q.toString()}`;
}
