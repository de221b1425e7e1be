import type { OutboxEvent } from '../../../db/entities/index.js';
import { staffRecipients } from '../../notifications/audience.js';
import type { Planned } from '../../notifications/deliveries.js';
import type { EventContext } from '../../notifications/event-plan.js';
import { joinHtml, type Html } from '../../html.js';
import { dayText, markText, str, t, tHtml } from '../../notifications/texts.js';

/**
 * What the teacher is told about their entries for the school's e-journal, by
 * pushed messages (Notifications' outbox): an entry rejected or in conflict
 * (`feed.entryRejected` {entryId, restored}) — the lesson, the student as the
 * teacher sees them, the reason and the value put back — and entries waiting
 * longer than FEED_STALE_MINUTES (`feed.entriesStale` {staffId, entryIds,
 * minutes}), one message per batch. Families are told nothing of either.
 */

type Handler = (e: OutboxEvent, ctx: EventContext) => Promise<Planned[]>;

interface EntryRow {
  id: number;
  staffId: number | null;
  kind: string;
  status: string;
  after: Record<string, unknown>;
  reason: string | null;
  theirs: { data?: Record<string, unknown> } | null;
  date: string | null;
  slot: number | null;
  className: string | null;
  subject: string | null;
}

async function entryRows(ctx: EventContext, ids: number[]): Promise<EntryRow[]> {
  return ctx.ds.query(
    `SELECT e.id, e."staffId", e.kind, e.status, e.after, e.reason, e.theirs,
            to_char(l.date, 'YYYY-MM-DD') AS date, l.slot, c.name AS "className", s.name AS subject
       FROM feed_entry e LEFT JOIN lesson l ON l.id = e."lessonId"
       LEFT JOIN school_class c ON c.id = l."classId" LEFT JOIN subject s ON s.id = l."subjectId"
      WHERE e.id = ANY($1) ORDER BY e.id`,
    [ids],
  );
}

const KINDS: Record<string, string> = {
  'mark.set': 'mark',
  'mark.deleted': 'markDeleted',
  'attendance.set': 'attendance',
  'lesson.topic': 'topic',
  'homework.set': 'homework',
  'periodMark.set': 'periodMark',
};

/** A value as the teacher reads it: a mark's short form, an attendance status, a text; «—» for none. */
export function valueText(kind: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (kind === 'attendance') return t('notifications-entry-status', { status: str(v) });
  return kind === 'mark' || kind === 'markDeleted' || kind === 'periodMark' ? markText(str(v)) : str(v);
}

/** The entry's own value (what the teacher set) and the e-journal's, for its kind. */
function values(kind: string, e: EntryRow): { ours: unknown; theirs: unknown } {
  const a = e.after;
  const d = e.theirs?.data ?? {};
  if (kind === 'attendance') return { ours: a.status, theirs: d.status };
  if (kind === 'topic') return { ours: a.text, theirs: d.topic };
  return { ours: a.value ?? a.text, theirs: d.value ?? d.text };
}

/** «Математика, 5А, 23 ноября, 2-й урок: отметка Иванова Анна «4»». */
function entryLine(e: EntryRow): { kind: string; where: Html; what: Html } {
  const kind = KINDS[e.kind] ?? 'homework';
  const a = e.after;
  const where =
    kind === 'periodMark'
      ? tHtml('notifications-entry-where-period', {
          subject: str(a.subject),
          class: str(a.class),
          period: str(a.period),
        })
      : tHtml('notifications-entry-where-lesson', {
          subject: str(e.subject),
          class: str(e.className),
          date: e.date ? dayText(e.date) : '',
          slot: e.slot ?? 0,
        });
  const what = tHtml('notifications-entry-what', {
    kind,
    student: str(a.student),
    value: valueText(kind, values(kind, e).ours),
  });
  return { kind, where, what };
}

async function teacherOf(ctx: EventContext, staffId: number) {
  return staffRecipients(ctx.ds, { staffIds: [staffId] }, ctx.cache, (p) => p.staff?.staffId === staffId);
}

/** One message to the entry's teacher (never to families), keyed so a retried event writes it once. */
async function toTeacher(ctx: EventContext, ev: Parameters<Handler>[0], staffId: number, key: string, text: string) {
  return (await teacherOf(ctx, staffId)).map((recipient) => ({
    key,
    schoolId: ev.schoolId,
    eventId: String(ev.id),
    kind: 'journalEntry',
    preference: null,
    recipient,
    text,
  }));
}

/** An entry the e-journal rejected (or found in conflict): its teacher is told once, with the reason. */
export const entryRejectedNotice: Handler = async (ev, ctx) => {
  const [e] = await entryRows(ctx, [Number(ev.payload.entryId)]);
  if (!e?.staffId) return [];
  const { kind, where, what } = entryLine(e);
  const both = values(kind, e);
  const restored = ev.payload.restored as { value: unknown } | null | undefined;
  const text =
    e.status === 'conflict'
      ? t('notifications-entry-conflict', {
          where,
          what,
          theirs: valueText(kind, both.theirs),
          ours: valueText(kind, both.ours),
        })
      : t('notifications-entry-rejected', {
          where,
          what,
          reason: e.reason ?? '',
          state: !restored ? 'theirs' : restored.value === null ? 'cleared' : 'back',
          restored: restored ? valueText(kind, restored.value) : null,
        });
  return toTeacher(ctx, ev, e.staffId, `feed-entry:${e.id}`, text);
};

/** Entries that waited longer than FEED_STALE_MINUTES: one message to their teacher for the batch. */
export const entriesStaleNotice: Handler = async (ev, ctx) => {
  const staffId = Number(ev.payload.staffId);
  const ids = ((ev.payload.entryIds ?? []) as unknown[]).map(Number);
  // Those answered since the look that found them are no longer waiting: not listed (nothing sent if none is left).
  const rows = (await entryRows(ctx, ids)).filter((e) => e.status === 'queued' || e.status === 'sent');
  if (!rows.length) return [];
  const lines = rows.map((e) => {
    const l = entryLine(e);
    return tHtml('notifications-entries-stale-line', { where: l.where, what: l.what });
  });
  const text = t('notifications-entries-stale', {
    count: rows.length,
    minutes: Number(ev.payload.minutes) || 0,
    lines: joinHtml(lines, '\n'),
  });
  return toTeacher(ctx, ev, staffId, `feed-stale:${ev.id}`, text);
};

export const ENTRY_EVENT_HANDLERS: Record<string, Handler> = {
  'feed.entryRejected': entryRejectedNotice,
  'feed.entriesStale': entriesStaleNotice,
};
