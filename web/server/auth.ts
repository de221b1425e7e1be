import { parse, validate } from '@tma.js/init-data-node';
import type { MiddlewareHandler } from 'hono';
import { isLinked } from '../../core/access/profile.js';
import type { Messenger } from '../../core/messenger.js';
import type { WebDeps, WebEnv } from './context.js';
import { refuse } from './http-errors.js';
import { validateMaxInitData } from './max-init-data.js';

/** Launch data signed a little in the future (clock skew between the messenger and us) is still taken. */
const SKEW_MS = 60_000;

/** The scheme names the messenger: `tma <initData>` is Telegram's, `max <initData>` MAX's. */
const SCHEMES: Record<string, Messenger> = { tma: 'telegram', max: 'max' };

/** The messenger and raw init data of the Authorization header, or null. */
const credentials = (header: string | undefined): { messenger: Messenger; raw: string } | null => {
  const m = /^(tma|max) (.+)$/.exec(header ?? '');
  return m ? { messenger: SCHEMES[m[1]], raw: m[2] } : null;
};

/** The signed user and time by that messenger's own check and token; null when it does not hold. */
function signedBy(deps: WebDeps, messenger: Messenger, raw: string): { userId?: number; signedAt: Date } | null {
  if (messenger === 'max') return deps.maxBotToken ? validateMaxInitData(raw, deps.maxBotToken) : null;
  if (!deps.botToken) return null;
  try {
    validate(raw, deps.botToken, { expiresIn: 0 });
    const data = parse(raw);
    return { userId: data.user?.id, signedAt: data.auth_date };
  } catch {
    return null;
  }
}

/**
 * Every API call is signed in by the Mini App's launch data, sent in a header
 * (no cookies: on some clients the app runs in a cross-origin frame that loses
 * them). The header's scheme says whose signature it is — Telegram's HMAC with
 * BOT_TOKEN, or MAX's with MAX_BOT_TOKEN — and only that one is checked: a
 * token is never tried against the other messenger's data. The age is checked
 * against the product's clock (the library's own expiry uses the real date, so
 * it is off). Then the same (messenger, account) → profile → policy as that
 * messenger's chat: a revoked link or a deactivated teacher is refused on the
 * next request.
 */
export function initDataAuth(deps: WebDeps): MiddlewareHandler<WebEnv> {
  const maxAgeMs = deps.services.config.WEBAPP_INIT_DATA_MAX_AGE_SECONDS * 1000;
  return async (c, next) => {
    const cred = credentials(c.req.header('authorization'));
    if (!cred) return refuse('unauthorized');
    const signed = signedBy(deps, cred.messenger, cred.raw);
    const userId = signed?.userId;
    if (!signed || !userId || !Number.isSafeInteger(userId)) return refuse('unauthorized');
    const age = deps.services.now().getTime() - signed.signedAt.getTime();
    if (age > maxAgeMs || age < -SKEW_MS) return refuse('expired');
    const profile = await deps.services.access.profile(userId, cred.messenger);
    if (!isLinked(profile)) return refuse('notLinked');
    c.set('userId', userId);
    c.set('messenger', cred.messenger);
    c.set('profile', profile);
    await next();
  };
}
