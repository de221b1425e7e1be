import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { textsOf } from '../../core/texts.js';

const t = textsOf('webapp');

/** The reasons an API call is refused; each has its Russian text in locales/ru/webapp.ftl (webapp-error-<reason>). */
export type Refusal =
  | 'unauthorized'
  | 'expired'
  | 'notLinked'
  | 'forbidden'
  | 'badInput'
  | 'tooLarge'
  | 'notFound'
  | 'conflict'
  | 'closed'
  | 'internal';

const STATUS: Record<Refusal, ContentfulStatusCode> = {
  unauthorized: 401,
  expired: 401,
  notLinked: 403,
  // The same answer whether the target exists or not: an id outside the profile tells nothing.
  forbidden: 403,
  badInput: 400,
  tooLarge: 413,
  notFound: 404,
  conflict: 409,
  closed: 422,
  internal: 500,
};

const KEY: Record<Refusal, string> = {
  unauthorized: 'webapp-error-unauthorized',
  expired: 'webapp-error-expired',
  notLinked: 'webapp-error-not-linked',
  forbidden: 'webapp-error-forbidden',
  badInput: 'webapp-error-bad-input',
  tooLarge: 'webapp-error-too-large',
  notFound: 'webapp-error-not-found',
  conflict: 'webapp-error-conflict',
  closed: 'webapp-error-closed',
  internal: 'webapp-error-internal',
};

/** The JSON body of every refusal: a machine reason, the page's Russian message, details (e.g. which field). */
export interface ErrorBody {
  error: Refusal;
  message: string;
  detail?: string;
  /** A conflict: what the record holds now (the page shows it beside the value it meant to write). */
  current?: unknown;
}

/** What a route may add to a refusal: a more precise Russian message, the current state of a conflict. */
export type RefusalExtra = Pick<ErrorBody, 'current'> & { message?: string };

export const errorBody = (error: Refusal, detail?: string, extra: RefusalExtra = {}): ErrorBody => ({
  error,
  message: extra.message ?? t.plain(KEY[error]),
  ...(detail ? { detail } : {}),
  ...(extra.current !== undefined ? { current: extra.current } : {}),
});

/** Thrown by a route or middleware; the app's error handler answers it as JSON. */
export class ApiRefusal extends HTTPException {
  constructor(
    readonly reason: Refusal,
    readonly detail?: string,
    readonly extra: RefusalExtra = {},
  ) {
    super(STATUS[reason], { message: reason });
  }
  body(): ErrorBody {
    return errorBody(this.reason, this.detail, this.extra);
  }
}

export const refuse = (reason: Refusal, detail?: string, extra?: RefusalExtra): never => {
  throw new ApiRefusal(reason, detail, extra);
};
