import { z } from 'zod';

import { entityVersion, EVENT_DATA, extId, isoInstant, seq } from './event-data.js';
import { ENTRY_ANSWERS, entryMessage, UPSTREAM_VERSION } from './upstream-protocol.js';

/**
 * The journal feed protocol: JSON text frames over one WebSocket between a
 * school's e-journal (the server) and this system (the client). Version 1
 * streams the e-journal's changes to us; version 2 (negotiated at subscribe)
 * adds teachers' entries sent the other way (upstream-protocol.ts).
 * docs/journal-feed.md explains it; test/feed-doc.test.ts checks that every
 * message and event below is documented there with a valid example.
 */
export const PROTOCOL_VERSION = 1 as const;
/** The versions this code speaks; a frame of another version is refused. */
export const PROTOCOL_VERSIONS: readonly number[] = [PROTOCOL_VERSION, UPSTREAM_VERSION];

export { EVENT_DATA } from './event-data.js';
export * from './upstream-protocol.js';

const v = z.union([z.literal(PROTOCOL_VERSION), z.literal(UPSTREAM_VERSION)]);
/** The versions a client speaks (sent with subscribe and snapshot); the server picks one. */
const versions = z.array(z.number().int().min(1).max(99)).max(10).optional();
const chosen = z.number().int().min(1).max(99).optional();

export type EventName = keyof typeof EVENT_DATA;
export const EVENT_NAMES = Object.keys(EVENT_DATA) as EventName[];
export type EventData<N extends EventName> = z.infer<(typeof EVENT_DATA)[N]>;

/** The entity an event is about: the part of its name before the dot (mark.set, mark.deleted → mark). */
export const entityKind = (event: EventName) => event.slice(0, event.indexOf('.'));

/** What every change carries besides its data: which entity, which version, when. */
const change = {
  /** The entity's id in the e-journal (unique per school and kind). */
  externalId: extId,
  /** Grows with every change of the entity (a counter, or updated_at in milliseconds). */
  version: entityVersion,
  /** When the e-journal stored this version. */
  updatedAt: isoInstant,
  /** When the teacher made the change (may be earlier than updatedAt, e.g. entered offline). */
  changedAt: isoInstant,
};

const eventVariants = EVENT_NAMES.map((n) => z.object({ event: z.literal(n), data: EVENT_DATA[n] }));
type Variant = z.infer<(typeof eventVariants)[number]>;
const eventBody = z.discriminatedUnion(
  'event',
  eventVariants as unknown as [(typeof eventVariants)[number], ...(typeof eventVariants)[number][]],
);

/** An entity change without its place in the stream: what `event` and `snapshot.item` share. */
export type FeedChange = { [N in EventName]: { event: N; data: EventData<N> } }[EventName] & {
  externalId: string;
  version: number;
  updatedAt: string;
  changedAt: string;
  /** v2: the client id of the teacher's entry this change carries out (docs/journal-feed.md, «Entries»). */
  clientId?: string;
};

export const changeSchema = z.object(change).and(eventBody) as unknown as z.ZodType<FeedChange, unknown>;

/** The envelope of an event, checked first: a valid envelope with bad data still has a seq to skip past. */
export const eventEnvelope = z
  .object({ v, type: z.literal('event'), seq, id: extId, event: z.string().max(50) })
  .passthrough();

/** Every message, by its `type`. Client → server: hello, subscribe, ack, snapshot, ping, pong; v2: entry. */
export const CLIENT_MESSAGES = {
  hello: z.object({
    v,
    type: z.literal('hello'),
    school: extId,
    token: z.string().min(16).max(512),
    client: z.string().max(100).optional(),
  }),
  subscribe: z.object({
    v,
    type: z.literal('subscribe'),
    since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    versions,
  }),
  ack: z.object({ v, type: z.literal('ack'), seq }),
  snapshot: z.object({ v, type: z.literal('snapshot'), versions }),
  ping: z.object({ v, type: z.literal('ping'), t: z.number() }),
  pong: z.object({ v, type: z.literal('pong'), t: z.number(), head: z.number().int().min(0).optional() }),
  entry: entryMessage,
} as const;

/** Server → client: welcome, error, subscribed, event, snapshot.begin, snapshot.item, snapshot.end, ping, pong. */
export const SERVER_MESSAGES = {
  welcome: z.object({
    v,
    type: z.literal('welcome'),
    school: extId,
    head: z.number().int().min(0),
    serverTime: isoInstant,
  }),
  error: z.object({
    v,
    type: z.literal('error'),
    code: z.enum(['auth_failed', 'unsupported_version', 'bad_request', 'not_subscribed', 'internal']),
    message: z.string().max(500).optional(),
  }),
  subscribed: z.object({
    v,
    type: z.literal('subscribed'),
    since: z.number().int().min(0),
    head: z.number().int().min(0),
    version: chosen,
  }),
  event: z
    .object({ v, type: z.literal('event'), seq, id: extId })
    .extend(change)
    .extend({ clientId: z.string().min(1).max(100).optional() })
    .and(eventBody),
  'snapshot.begin': z.object({
    v,
    type: z.literal('snapshot.begin'),
    seq: z.number().int().min(0),
    count: z.number().int().min(0),
    version: chosen,
  }),
  'snapshot.item': z
    .object({ v, type: z.literal('snapshot.item') })
    .extend(change)
    .and(eventBody),
  'snapshot.end': z.object({
    v,
    type: z.literal('snapshot.end'),
    seq: z.number().int().min(0),
    count: z.number().int().min(0),
  }),
  ping: CLIENT_MESSAGES.ping,
  pong: CLIENT_MESSAGES.pong,
  ...ENTRY_ANSWERS,
} as const;

export type ClientMessage = {
  [K in keyof typeof CLIENT_MESSAGES]: z.infer<(typeof CLIENT_MESSAGES)[K]>;
}[keyof typeof CLIENT_MESSAGES];
export type ServerMessage =
  | z.infer<(typeof SERVER_MESSAGES)['welcome']>
  | z.infer<(typeof SERVER_MESSAGES)['error']>
  | z.infer<(typeof SERVER_MESSAGES)['subscribed']>
  | ({ v: 1 | 2; type: 'event'; seq: number; id: string } & FeedChange)
  | z.infer<(typeof SERVER_MESSAGES)['snapshot.begin']>
  | ({ v: 1 | 2; type: 'snapshot.item' } & FeedChange)
  | z.infer<(typeof SERVER_MESSAGES)['snapshot.end']>
  | z.infer<(typeof SERVER_MESSAGES)['ping']>
  | z.infer<(typeof SERVER_MESSAGES)['pong']>
  | z.infer<(typeof SERVER_MESSAGES)['entry.accepted']>
  | z.infer<(typeof SERVER_MESSAGES)['entry.rejected']>;
export type FeedEvent = Extract<ServerMessage, { type: 'event' }>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; reason: string; seq: number | null; raw: string };

const issues = (e: z.ZodError) =>
  e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
    .join('; ');

/** The seq of a message we could not parse, if it has one (so the stream can move past it). */
function salvageSeq(raw: string, json: unknown): number | null {
  const fromJson = json && typeof json === 'object' ? (json as Record<string, unknown>).seq : undefined;
  if (typeof fromJson === 'number' && Number.isSafeInteger(fromJson) && fromJson > 0) return fromJson;
  const m = /"seq"\s*:\s*(\d{1,15})\b/.exec(raw);
  return m ? Number(m[1]) : null;
}

function parseWith<T>(table: Record<string, z.ZodTypeAny>, raw: string): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON', seq: salvageSeq(raw, undefined), raw };
  }
  const type = json && typeof json === 'object' ? (json as Record<string, unknown>).type : undefined;
  const schema = typeof type === 'string' && Object.hasOwn(table, type) ? table[type] : undefined;
  if (!schema)
    return {
      ok: false,
      reason: `unknown message type ${JSON.stringify(type)?.slice(0, 40)}`,
      seq: salvageSeq(raw, json),
      raw,
    };
  if (!PROTOCOL_VERSIONS.includes((json as Record<string, unknown>).v as number))
    return {
      ok: false,
      reason: `unsupported protocol version ${JSON.stringify((json as Record<string, unknown>).v)}`,
      seq: salvageSeq(raw, json),
      raw,
    };
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: issues(parsed.error), seq: salvageSeq(raw, json), raw };
  return { ok: true, message: parsed.data as T };
}

/** Parses a frame the client received. */
export const parseServerMessage = (raw: string) => parseWith<ServerMessage>(SERVER_MESSAGES, raw);
/** Parses a frame the server received. */
export const parseClientMessage = (raw: string) => parseWith<ClientMessage>(CLIENT_MESSAGES, raw);

/** A frame ready to send (adds `v: 1` unless the message has its own `v`). */
export function encode(message: Record<string, unknown> & { type: string }): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...message });
}

/** Close codes the server uses. */
export const CLOSE = { authFailed: 4001, unsupportedVersion: 4002, badRequest: 4003, goingAway: 1001 } as const;

export type { Variant as EventVariant };
