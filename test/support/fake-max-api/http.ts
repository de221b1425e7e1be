import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { multipartBoundary, parseMultipart } from '../fake-bot-api/multipart.js';
import type { MaxState } from './state.js';
import type { UpdateQueue } from './updates.js';
import {
  MaxError,
  ROUTE_KEY,
  badRequest,
  notFound,
  type FailureSpec,
  type FakeMaxApiEvents,
  type FakeMaxUser,
  type MaxCall,
} from './types.js';

/** What answering a request needs from FakeMaxApi. */
export interface Dispatch {
  token: string;
  bot: FakeMaxUser;
  rps?: number;
  state: MaxState;
  updates: UpdateQueue;
  calls: MaxCall[];
  failures: FailureSpec[];
  events: EventEmitter<FakeMaxApiEvents>;
  commands: { name: string; description?: string }[];
  /** When the requests of the last second were accepted (the rate limit's window). */
  window: number[];
  /** Where the upload URLs point (the fake itself). */
  base: () => string;
  closed: () => boolean;
}

const MAX_BODY = 20 * 1024 * 1024;

/** Reads a request, checks the token, the rate and the test's failures, runs the route, answers JSON. */
export async function handleRequest(d: Dispatch, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const query = Object.fromEntries(url.searchParams);
  const method = req.method ?? 'GET';
  const call: MaxCall = { seq: d.calls.length, at: Date.now(), method, path: url.pathname, query };
  d.calls.push(call);
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    call.status = status;
    if (!res.writableEnded && !res.destroyed)
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    d.events.emit('call', call);
  };
  try {
    const raw = method === 'GET' || method === 'DELETE' ? Buffer.alloc(0) : await readBody(req);
    if (url.pathname.startsWith('/upload/')) return answer(200, receiveUpload(d, url.pathname, req, raw));
    // A file's download address (attachments' payload.url): no token needed, as MAX's signed links.
    if (method === 'GET' && url.pathname.startsWith('/files/')) return serveFile(d, url.pathname, res, call);
    const body = raw.length ? parseJson(raw) : undefined;
    call.body = body;
    if (query.access_token !== undefined)
      throw new MaxError(401, 'verify.token', 'Token in query parameters is no longer supported');
    if (req.headers.authorization !== d.token) throw new MaxError(401, 'verify.token', 'Invalid access_token');
    failure(d, ROUTE_KEY(method, url.pathname));
    if (!(method === 'GET' && url.pathname === '/updates')) rateLimit(d);
    answer(200, await route(d, method, url.pathname, query, body));
  } catch (e) {
    if (e instanceof MaxError)
      answer(
        e.status,
        { code: e.code, message: e.message },
        e.retryAfter !== undefined ? { 'retry-after': String(e.retryAfter) } : {},
      );
    else answer(500, { code: 'internal.error', message: e instanceof Error ? e.message : String(e) });
  }
}

async function route(
  d: Dispatch,
  method: string,
  path: string,
  q: Record<string, string>,
  body: unknown,
): Promise<unknown> {
  const ok = { success: true };
  switch (ROUTE_KEY(method, path)) {
    case 'GET /me':
      return { ...d.bot, commands: d.commands };
    case 'PATCH /me/commands':
      d.commands.splice(
        0,
        d.commands.length,
        ...(((body as Record<string, any>)?.commands ?? []) as typeof d.commands),
      );
      return { ...d.bot, commands: d.commands };
    case 'GET /updates':
      return d.updates.poll(q, d.closed);
    case 'POST /messages':
      return { message: d.state.view(d.state.send(q, body), d.bot) };
    case 'PUT /messages':
      d.state.edit(q.message_id, body);
      return ok;
    case 'DELETE /messages':
      d.state.remove(q.message_id);
      return ok;
    case 'POST /answers':
      d.state.answer(q.callback_id, body);
      return ok;
    case 'GET /subscriptions':
      return { subscriptions: d.updates.subscription ? [d.updates.subscription] : [] };
    case 'POST /subscriptions':
      d.updates.subscribe(body);
      return ok;
    case 'DELETE /subscriptions':
      d.updates.unsubscribe(q.url);
      return ok;
    case 'POST /uploads': {
      if (!['image', 'video', 'audio', 'file'].includes(q.type)) throw badRequest(`type: unknown value '${q.type}'`);
      const id = randomBytes(6).toString('hex');
      // Video and audio tokens come with the address; files' and images' from the upload itself.
      const token = q.type === 'video' || q.type === 'audio' ? `tok-${id}` : undefined;
      return { url: `${d.base()}/upload/${q.type}/${id}`, ...(token ? { token } : {}) };
    }
  }
  const m = /^\/messages\/(.+)$/.exec(path);
  if (method === 'GET' && m) {
    const msg = d.state.messages.get(decodeURIComponent(m[1]));
    if (!msg || msg.deleted) throw notFound('Message not found');
    return d.state.view(msg, d.bot);
  }
  throw new MaxError(404, 'not.found', `Path ${path} not found`);
}

function receiveUpload(d: Dispatch, path: string, req: IncomingMessage, raw: Buffer): unknown {
  const [, , type, id] = path.split('/');
  const boundary = multipartBoundary(req.headers['content-type']);
  if (!boundary) throw badRequest('multipart/form-data expected');
  const file = parseMultipart(raw, boundary).files.find((f) => f.field === 'data');
  if (!file) throw badRequest("the file goes in the multipart field 'data'");
  const token = `tok-${id}`;
  // The bytes are kept for the demo, which writes the files the bot sends where a person can open them.
  d.state.uploads.set(token, {
    filename: file.filename,
    size: file.size,
    ready: !d.state.uploadsNotReadyOnce,
    data: file.data,
  });
  if (type === 'image') return { photos: { [id]: { token } } };
  return type === 'file' ? { token } : { retval: 'ok' };
}

function serveFile(d: Dispatch, path: string, res: ServerResponse, call: MaxCall): void {
  const u = d.state.uploads.get(decodeURIComponent(path.slice('/files/'.length)));
  call.status = u?.data ? 200 : 404;
  if (u?.data) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(u.data);
  else res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(notFound('File not found')));
  d.events.emit('call', call);
}

function failure(d: Dispatch, key: string): void {
  const i = d.failures.findIndex((f) => f.route === key || f.route === '*');
  if (i < 0) return;
  const f = d.failures[i];
  if (--f.times! <= 0) d.failures.splice(i, 1);
  throw new MaxError(f.status, f.code ?? `http.${f.status}`, f.message ?? 'Failure the test asked for', f.retryAfter);
}

function rateLimit(d: Dispatch): void {
  if (!d.rps) return;
  const now = Date.now();
  while (d.window.length && d.window[0] <= now - 1000) d.window.shift();
  if (d.window.length >= d.rps) throw new MaxError(429, 'too.many.requests', 'Too many requests');
  d.window.push(now);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new MaxError(413, 'too.large', 'Request Entity Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('Unable to parse JSON body');
  }
}
