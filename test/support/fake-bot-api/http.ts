import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Failures } from './failures.js';
import type { BroadcastLimits } from './broadcast-limits.js';
import type { FileStore } from './file-store.js';
import { MultipartError, multipartBoundary, parseMultipart, type MultipartFile } from './multipart.js';
import {
  ApiError,
  badRequest,
  type ApiCall,
  type ApiResponse,
  type FakeBotApiEvents,
  type Handler,
  type UploadedFile,
} from './types.js';

/** The fake's HTTP side: `POST|GET /bot<token>/<method>`, its parameters whatever the encoding, the JSON answer. */

/** What answering a call needs from FakeBotApi. */
export interface Dispatch {
  token: string;
  /** Every request, in arrival order, with its answer. */
  calls: ApiCall[];
  events: EventEmitter<FakeBotApiEvents>;
  failures: Failures;
  handlers: Record<string, Handler>;
  /** Telegram's broadcast limits, when the test asked for them. */
  limits?: BroadcastLimits;
  /** The files GET /file/bot<token>/<file_path> serves. */
  files: FileStore;
}

/** Reads a call, logs it, lets an interceptor fail it, runs its method and answers as Telegram does. */
export async function handleRequest(d: Dispatch, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
  if (download) return serveFile(d, download[1], decodeURIComponent(download[2]), res);
  const m = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
  if (!m) return respond(res, { ok: false, error_code: 404, description: 'Not Found' });
  const [, token, method] = m;
  const call: ApiCall = { seq: -1, at: Date.now(), method, httpMethod: req.method ?? 'GET', params: {}, files: [] };
  // Logged once its parameters are read (or could not be).
  const record = () => {
    if (call.seq >= 0) return;
    call.seq = d.calls.length;
    d.calls.push(call);
    d.events.emit('request', call);
  };
  const answer = (r: ApiResponse) => {
    record();
    call.response = r;
    respond(res, r);
    d.events.emit('call', call);
  };
  try {
    const { params, files } = await readParams(req, url);
    call.params = params;
    call.files = files;
    record();
    if (token !== d.token) throw new ApiError(401, 'Unauthorized');
    const intercepted = await d.failures.intercept(method, res);
    if (intercepted === 'reset') {
      call.response = { ok: false, error_code: 0, description: 'connection reset by the fake' };
      d.events.emit('call', call);
      return;
    }
    if (intercepted) throw intercepted;
    const handler = d.handlers[method.toLowerCase()];
    if (!handler) throw new ApiError(404, 'Not Found: method not found');
    d.limits?.check(method, params);
    const result = await handler(params, files, res);
    if (res.writableEnded || res.destroyed) return;
    answer({ ok: true, result });
  } catch (e) {
    record();
    if (res.writableEnded || res.destroyed) return;
    if (e instanceof ApiError)
      answer({
        ok: false,
        error_code: e.code,
        description: e.description,
        ...(e.parameters ? { parameters: e.parameters } : {}),
      });
    else
      answer({
        ok: false,
        error_code: 500,
        description: `Internal Server Error: ${e instanceof Error ? e.message : String(e)}`,
      });
  }
}

/** A file's bytes by its file_path, as Telegram serves them (logged as the call `file`). */
function serveFile(d: Dispatch, token: string, path: string, res: ServerResponse): void {
  const f = token === d.token ? d.files.atPath(path) : undefined;
  const call: ApiCall = {
    seq: d.calls.length,
    at: Date.now(),
    method: 'file',
    httpMethod: 'GET',
    params: { file_path: path },
    files: [],
  };
  d.calls.push(call);
  d.events.emit('request', call);
  if (f) {
    call.response = { ok: true, result: { file_size: f.data.length } };
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.data.length }).end(f.data);
  } else {
    call.response = { ok: false, error_code: 404, description: 'Not Found' };
    respond(res, call.response);
  }
  d.events.emit('call', call);
}

const MAX_BODY = 60 * 1024 * 1024;
const JSON_PARAMS = new Set([
  'reply_markup',
  'allowed_updates',
  'commands',
  'scope',
  'entities',
  'caption_entities',
  'menu_button',
  'link_preview_options',
  'reply_parameters',
  'media',
]);
const INT_PARAMS = new Set([
  'chat_id',
  'message_id',
  'offset',
  'limit',
  'timeout',
  'user_id',
  'cache_time',
  'max_connections',
  'message_thread_id',
  'reply_to_message_id',
  'from_chat_id',
]);

export function respond(res: ServerResponse, body: ApiResponse): void {
  if (res.writableEnded || res.destroyed) return;
  const status = body.ok ? 200 : body.error_code || 500;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'Request Entity Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Query string and body, whatever the encoding, as one parameter object. */
export async function readParams(
  req: IncomingMessage,
  url: URL,
): Promise<{ params: Record<string, any>; files: UploadedFile[] }> {
  const raw: Record<string, string> = Object.fromEntries(url.searchParams);
  const files: UploadedFile[] = [];
  const body = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
  const type = req.headers['content-type'] ?? '';
  let json: Record<string, unknown> = {};
  if (body.length) {
    const boundary = multipartBoundary(type);
    if (boundary) {
      try {
        const parsed = parseMultipart(body, boundary);
        Object.assign(raw, parsed.fields);
        files.push(
          ...parsed.files.map((f: MultipartFile) => ({
            param: f.field,
            filename: f.filename,
            contentType: f.contentType,
            size: f.size,
            data: f.data,
          })),
        );
      } catch (e) {
        if (e instanceof MultipartError) throw badRequest(`can't parse multipart/form-data: ${e.message}`);
        throw e;
      }
    } else if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
      Object.assign(raw, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    } else if (/^application\/json\b/i.test(type) || type === '') {
      try {
        const v = JSON.parse(body.toString('utf8'));
        if (v && typeof v === 'object' && !Array.isArray(v)) json = v as Record<string, unknown>;
      } catch {
        throw badRequest("can't parse JSON encoded request parameters");
      }
    } else {
      throw badRequest(`unsupported content type ${type}`);
    }
  }
  // Text-encoded values: JSON parameters parsed, numbers as numbers, like Telegram reads them.
  const params: Record<string, any> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (JSON_PARAMS.has(k)) {
      try {
        params[k] = JSON.parse(v);
      } catch {
        throw badRequest(
          k === 'reply_markup' ? "can't parse reply keyboard markup JSON object" : `can't parse ${k} JSON object`,
        );
      }
    } else if (INT_PARAMS.has(k) && /^-?\d+$/.test(v)) params[k] = Number(v);
    else if (v === 'true' || v === 'false') params[k] = v === 'true';
    else params[k] = v;
  }
  Object.assign(params, json);
  return { params, files };
}
