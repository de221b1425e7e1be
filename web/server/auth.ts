import { parse, validate } from '@tma.js/init-data-node';
import type { MiddlewareHandler } from 'hono';
import { isLinked } from '../../core/access/profile.js';
import type { WebDeps, WebEnv } from './context.js';
import { refuse } from './http-errors.js';

/** Launch data signed a little in the future (clock skew between Telegram and us) is still taken. */
const SKEW_MS = 60_000;

/** The raw init data of `Authorization: tma <initData>`, or null. */
const rawInitData = (header: string | undefined): string | null => {
  const m = /^tma (.+)$/.exec(header ?? '');
  return m ? m[1] : null;
};

/**
 * Every API call is signed in by the Mini App's launch data, sent in a header
 * (no cookies: on some clients the app runs in a cross-origin frame that loses
 * them). The signature is Telegram's HMAC with the bot token; its age is
 * checked against the product's clock (the library's own expiry uses the real
 * date, so it is off). Then the same account → profile → policy as the chat:
 * a revoked link or a deactivated teacher is refused on the next request.
 */
export function initDataAuth(deps: WebDeps): MiddlewareHandler<WebEnv> {
  const maxAgeMs = deps.services.config.WEBAPP_INIT_DATA_MAX_AGE_SECONDS * 1000;
  return async (c, next) => {
    const raw = rawInitData(c.req.header('authorization'));
    if (!raw) return refuse('unauthorized');
    let userId: number | undefined;
    let signedAt: Date;
    try {
      validate(raw, deps.botToken, { expiresIn: 0 });
      const data = parse(raw);
      userId = data.user?.id;
      signedAt = data.auth_date;
    } catch {
      return refuse('unauthorized');
    }
    if (!userId || !Number.isSafeInteger(userId)) return refuse('unauthorized');
    const age = deps.services.now().getTime() - signedAt.getTime();
    if (age > maxAgeMs || age < -SKEW_MS) return refuse('expired');
    const profile = await deps.services.access.profile(userId);
    if (!isLinked(profile)) return refuse('notLinked');
    c.set('userId', userId);
    c.set('profile', profile);
    await next();
  };
}
