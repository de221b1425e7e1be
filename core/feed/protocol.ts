import { z } from 'zod';

/**
 * The journal feed protocol, version 1: JSON text frames over one WebSocket
 * between a school's e-journal (the server) and this system (the client).
 * docs/journal-feed.md explains it; test/feed-doc.test.ts checks that every
 * message and event below is documented there with a valid example.
 */
export const PROTOCOL_VERSION = 1 as const;

const v = z.literal(PROTOCOL_VERSION);
const extId = z.string().min(1).max(200);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const isoTime = z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/, 'must be HH:MM');
const isoInstant = z.string().datetime({ offset: true });
const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const name = z.string().min(1).max(200);
const year = z.object({ name: z.string().min(1).max(50), startsOn: isoDate, endsOn: isoDate });

/** The data of each event, by event name: always the entity's full state after the change, never a diff. */
export const EVENT_DATA = {
  'class.set': z.object({ grade: z.number().int().min(1).max(11), letter: z.string().min(1).max(2), year }),
  'subject.set': z.object({ name, shortName: name.optional() }),
  'workKind.set': z.object({ code: z.string().min(1).max(50), name, weight: z.number().positive().max(99) }),
  'period.set': z.object({
    year,
    kind: z.enum(['quarter', 'trimester', 'halfYear', 'year']),
    number: z.number().int().min(1).max(4),
    name,
    startsOn: isoDate,
    endsOn: isoDate,
  }),
  'subgroup.set': z.object({ class: extId, name, members: z.array(extId).max(100) }),
  'student.set': z.object({
    class: extId,
    lastName: name,
    firstName: name,
    middleName: name.nullish(),
    birthDate: isoDate.nullish(),
    active: z.boolean().default(true),
  }),
  'guardian.set': z.object({
    lastName: name,
    firstName: name,
    middleName: name.nullish(),
    phone: z.string().max(50).nullish(),
    children: z.array(z.object({ student: extId, relation: z.string().min(1).max(50) })).max(20),
  }),
  'staff.set': z.object({
    lastName: name,
    firstName: name,
    middleName: name.nullish(),
    active: z.boolean().default(true),
    roles: z
      .array(
        z.object({
          role: z.enum(['teacher', 'classTeacher', 'deputy', 'director', 'admin']),
          class: extId.nullish(),
        }),
      )
      .max(20),
  }),
  'lesson.set': z.object({
    class: extId,
    subgroup: extId.nullish(),
    subject: extId,
    teacher: extId,
    substituteTeacher: extId.nullish(),
    date: isoDate,
    slot: z.number().int().min(0).max(12),
    startsAt: isoTime,
    endsAt: isoTime,
    room: z.string().max(50).nullish(),
    topic: z.string().max(500).nullish(),
    cancelled: z.boolean().default(false),
  }),
  'homework.set': z.object({ lesson: extId, text: z.string().max(4000).nullable() }),
  'attendance.set': z.object({
    lesson: extId,
    student: extId,
    status: z.enum(['present', 'absent', 'late']),
    reason: z.enum(['illness', 'excused', 'unexcused', 'unknown']).default('unknown'),
    comment: z.string().max(1000).nullish(),
  }),
  'mark.set': z.object({
    student: extId,
    subject: extId,
    workKind: extId,
    lesson: extId.nullish(),
    teacher: extId.nullish(),
    date: isoDate,
    value: z.enum(['1', '2', '3', '4', '5', 'exempt', 'notAttested', 'pass', 'noMarks']),
    comment: z.string().max(1000).nullish(),
  }),
  'mark.deleted': z.object({}),
  'periodMark.set': z.object({
    student: extId,
    subject: extId,
    period: extId,
    value: z.enum(['1', '2', '3', '4', '5', 'exempt', 'notAttested', 'pass', 'noMarks']),
  }),
} as const;

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
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
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
};

export const changeSchema = z.object(change).and(eventBody) as unknown as z.ZodType<FeedChange, unknown>;

/** The envelope of an event, checked first: a valid envelope with bad data still has a seq to skip past. */
export const eventEnvelope = z
  .object({ v, type: z.literal('event'), seq, id: extId, event: z.string().max(50) })
  .passthrough();

/** Every message, by its `type`. Client → server: hello, subscribe, ack, snapshot, ping, pong. */
export const CLIENT_MESSAGES = {
  hello: z.object({
    v,
    type: z.literal('hello'),
    school: extId,
    token: z.string().min(16).max(512),
    client: z.string().max(100).optional(),
  }),
  subscribe: z.object({ v, type: z.literal('subscribe'), since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  ack: z.object({ v, type: z.literal('ack'), seq }),
  snapshot: z.object({ v, type: z.literal('snapshot') }),
  ping: z.object({ v, type: z.literal('ping'), t: z.number() }),
  pong: z.object({ v, type: z.literal('pong'), t: z.number(), head: z.number().int().min(0).optional() }),
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
  }),
  event: z
    .object({ v, type: z.literal('event'), seq, id: extId })
    .extend(change)
    .and(eventBody),
  'snapshot.begin': z.object({
    v,
    type: z.literal('snapshot.begin'),
    seq: z.number().int().min(0),
    count: z.number().int().min(0),
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
} as const;

export type ClientMessage = {
  [K in keyof typeof CLIENT_MESSAGES]: z.infer<(typeof CLIENT_MESSAGES)[K]>;
}[keyof typeof CLIENT_MESSAGES];
export type ServerMessage =
  | z.infer<(typeof SERVER_MESSAGES)['welcome']>
  | z.infer<(typeof SERVER_MESSAGES)['error']>
  | z.infer<(typeof SERVER_MESSAGES)['subscribed']>
  | ({ v: 1; type: 'event'; seq: number; id: string } & FeedChange)
  | z.infer<(typeof SERVER_MESSAGES)['snapshot.begin']>
  | ({ v: 1; type: 'snapshot.item' } & FeedChange)
  | z.infer<(typeof SERVER_MESSAGES)['snapshot.end']>
  | z.infer<(typeof SERVER_MESSAGES)['ping']>
  | z.infer<(typeof SERVER_MESSAGES)['pong']>;
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
  if ((json as Record<string, unknown>).v !== PROTOCOL_VERSION)
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

/** A frame ready to send (adds `v`). */
export function encode(message: Record<string, unknown> & { type: string }): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...message });
}

/** Close codes the server uses. */
export const CLOSE = { authFailed: 4001, unsupportedVersion: 4002, badRequest: 4003, goingAway: 1001 } as const;

export type { Variant as EventVariant };
