/**
 * The page's one way to the server: JSON over fetch, signed in by the launch
 * data in a header (no cookies). A refusal comes back as ApiError with the
 * server's Russian message, which the screen shows as it is.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly detail?: string,
    /** The refusal's whole JSON body (a conflict carries `current`: what the record holds now). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

let initData = '';
let scheme: 'tma' | 'max' = 'tma';

/** The launch data every call is signed in by, and whose it is (the header's scheme tells the server). */
export const signIn = (raw: string, messengerScheme: 'tma' | 'max' = 'tma') => {
  initData = raw;
  scheme = messengerScheme;
};

export async function api<T>(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(`/app/api/${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `${scheme} ${initData}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (json ?? {}) as { error?: string; message?: string; detail?: string };
    throw new ApiError(res.status, e.error ?? 'internal', e.message ?? res.statusText, e.detail, json);
  }
  return json as T;
}
