import {
  backButton,
  init,
  isTMA,
  mainButton,
  miniApp,
  retrieveLaunchParams,
  retrieveRawInitData,
  swipeBehavior,
  themeParams,
  viewport,
} from '@tma.js/sdk';

/**
 * Telegram's side of the page: the signed launch data and, inside Telegram,
 * its theme, back button and main button. The launch parameters come from
 * the URL's fragment (`#tgWebAppData=…`) on the first load and from session
 * storage after a reload (Telegram Web drops the fragment; the SDK keeps a
 * copy). Opened in an ordinary browser (the demo), the page draws its own
 * buttons instead: every SDK call here is allowed to fail.
 */
export interface Launch {
  /** The raw init data, sent with every API call (`Authorization: <scheme> …`). */
  initData: string;
  /** Whose launch data it is: `tma` Telegram's, `max` MAX's (web/app/max.ts). */
  scheme: 'tma' | 'max';
  inTelegram: boolean;
  dark: boolean;
}

const attempt = (f: () => void) => {
  try {
    f();
  } catch {
    // Not in Telegram, or an old client without this method: the page's own controls stand in.
  }
};

export function startTelegram(): Launch | null {
  let initData: string | undefined;
  let themeBg: string | undefined;
  try {
    initData = retrieveRawInitData();
    themeBg = retrieveLaunchParams().tgWebAppThemeParams.bg_color;
  } catch {
    return null;
  }
  if (!initData) return null;
  // Telegram's clients reach the page through a webview proxy (mobile), window.external.notify (desktop)
  // or, on the web, as the parent of the frame; a browser tab opened by the demo has none of them.
  const external = (window as { external?: { notify?: unknown } }).external;
  const inTelegram =
    isTMA() && (window.parent !== window || 'TelegramWebviewProxy' in window || typeof external?.notify === 'function');
  attempt(() => init());
  attempt(() => themeParams.mount());
  attempt(() => themeParams.bindCssVars());
  attempt(() => miniApp.mount());
  attempt(() => miniApp.bindCssVars());
  attempt(() => backButton.mount());
  attempt(() => mainButton.mount());
  // Scrolling a long grid must not close the app on mobile.
  attempt(() => swipeBehavior.mount());
  attempt(() => swipeBehavior.disableVertical());
  attempt(() => void viewport.mount().then(() => viewport.expand()));
  attempt(() => miniApp.ready());
  return { initData, scheme: 'tma', inTelegram, dark: isDark(themeBg) };
}

/** A dark theme is one whose background is darker than mid-grey. */
function isDark(bg: string | undefined): boolean {
  if (!bg || !/^#[0-9a-f]{6}$/i.test(bg)) return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  const n = parseInt(bg.slice(1), 16);
  const luma = 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return luma < 128;
}

/** Telegram's back button when there is one; returns the function that takes the handler off. */
export function onBack(launch: Launch, handler: () => void): () => void {
  if (!launch.inTelegram) return () => undefined;
  attempt(() => backButton.show());
  let off: () => void = () => undefined;
  attempt(() => (off = backButton.onClick(handler)));
  return () => {
    off();
    attempt(() => backButton.hide());
  };
}

/** Telegram's main button with this text and handler; returns the function that hides it. */
export function showMainButton(launch: Launch, text: string, handler: () => void): () => void {
  if (!launch.inTelegram) return () => undefined;
  attempt(() => mainButton.setParams({ text, isVisible: true, isEnabled: true }));
  let off: () => void = () => undefined;
  attempt(() => (off = mainButton.onClick(handler)));
  return () => {
    off();
    attempt(() => mainButton.setParams({ isVisible: false }));
  };
}
