import { z } from 'zod';
import { entityVersion, EVENT_DATA, extId, isoInstant, seq } from './event-data.js';

/**
 * Protocol v2, the upstream direction (docs/journal-feed.md, «Entries»): the
 * client submits a teacher's entry with its own id and the version it was
 * based on; the e-journal answers accepted or rejected, and an accepted entry
 * comes back as an ordinary event carrying the same client id.
 */

/** The version that adds entries; negotiated at subscribe (`versions` → `version`). */
export const UPSTREAM_VERSION = 2 as const;
const v2 = z.literal(UPSTREAM_VERSION);

/** What a teacher can enter, and the data of each (the entity's full state, as in the events). */
export const ENTRY_DATA = {
  'mark.set': EVENT_DATA['mark.set'],
  'mark.deleted': z.object({}),
  'attendance.set': EVENT_DATA['attendance.set'],
  'lesson.topic': z.object({ lesson: extId, topic: z.string().max(500).nullable() }),
  'homework.set': EVENT_DATA['homework.set'],
  'periodMark.set': EVENT_DATA['periodMark.set'],
} as const;
export type EntryKind = keyof typeof ENTRY_DATA;
export const ENTRY_KINDS = Object.keys(ENTRY_DATA) as EntryKind[];

/** A client id: chosen by the client, unique for ever; the same entry resubmitted keeps it. */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8–100 of A–Z a–z 0–9 _ -');

const entryVariants = ENTRY_KINDS.map((k) => z.object({ entry: z.literal(k), data: ENTRY_DATA[k] }));
const entryBody = z.discriminatedUnion(
  'entry',
  entryVariants as unknown as [(typeof entryVariants)[number], ...(typeof entryVariants)[number][]],
);

export const entryMessage = z
  .object({
    v: v2,
    type: z.literal('entry'),
    clientId: clientIdSchema,
    /** The entity in the e-journal, when it exists there (a mark changed or deleted, a known attendance row). */
    externalId: extId.nullable(),
    /** The entity's version the teacher's change was based on (0: a new entity, or none known). */
    baseVersion: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** The teacher who made it (their external id). */
    teacher: extId,
    enteredAt: isoInstant,
  })
  .and(entryBody);

export type Entry = { [K in EntryKind]: { entry: K; data: z.input<(typeof ENTRY_DATA)[K]> } }[EntryKind] & {
  clientId: string;
  externalId: string | null;
  baseVersion: number;
  teacher: string;
  enteredAt: string;
};

/** Why the e-journal refused an entry; `reason` says it in Russian for the teacher. */
export const REJECTION_CODES = [
  'period_closed',
  'not_teachers_lesson',
  'value_not_allowed',
  'unknown_entity',
  'conflict',
  'invalid',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** The e-journal's answers (server → client). */
export const ENTRY_ANSWERS = {
  'entry.accepted': z.object({
    v: v2,
    type: z.literal('entry.accepted'),
    clientId: clientIdSchema,
    externalId: extId,
    version: entityVersion,
    seq: seq.optional(),
  }),
  'entry.rejected': z.object({
    v: v2,
    type: z.literal('entry.rejected'),
    clientId: clientIdSchema,
    code: z.enum(REJECTION_CODES),
    reason: z.string().min(1).max(500),
    current: z
      .object({ externalId: extId, version: entityVersion, data: z.record(z.string(), z.unknown()) })
      .optional(),
  }),
} as const;

export type EntryAccepted = z.infer<(typeof ENTRY_ANSWERS)['entry.accepted']>;
export type EntryRejected = z.infer<(typeof ENTRY_ANSWERS)['entry.rejected']>;
