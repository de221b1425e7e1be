import { secureHeaders } from 'hono/secure-headers';

/** Telegram's web clients, the only pages allowed to frame the app (the mobile and desktop apps do not frame it). */
export const TELEGRAM_WEB_CLIENTS = [
  'https://web.telegram.org',
  'https://webk.telegram.org',
  'https://webz.telegram.org',
];

/** MAX's web client, which frames mini apps opened from MAX (issue 20). */
export const MAX_WEB_CLIENTS = ['https://web.max.ru'];

/**
 * A strict policy: scripts and styles from our own origin only (no inline
 * script, nothing from a CDN), API calls to our own origin. `frame-ancestors`
 * works only as a response header, and X-Frame-Options: SAMEORIGIN — the
 * usual default — would block the app in Telegram Web, so it is off.
 */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'self'", ...TELEGRAM_WEB_CLIENTS, ...MAX_WEB_CLIENTS],
    },
    xFrameOptions: false,
    crossOriginResourcePolicy: 'same-origin',
    referrerPolicy: 'no-referrer',
  });
