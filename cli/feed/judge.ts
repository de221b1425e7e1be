import { entityKind, UPSTREAM_VERSION, type FeedChange } from '../../core/feed/protocol.js';
import type { Entry, EntryKind, RejectionCode } from '../../core/feed/upstream-protocol.js';
import type { ChangeInput, EntryBook, JudgeRules } from './server-types.js';

/**
 * The reference e-journal's own rules for teachers' entries (protocol v2):
 * the lesson must exist and be the teacher's (or theirs to substitute), its
 * date after the closed period (a period mark: its period not closed), the
 * value allowed for the class, and the
 * entity unchanged since the version the teacher's change was based on. An
 * accepted entry becomes the change the server publishes (with the client id).
 */

export type Verdict =
  | { ok: true; change: ChangeInput }
  | {
      ok: false;
      code: RejectionCode;
      reason: string;
      current?: { externalId: string; version: number; data: Record<string, unknown> };
    };

/** What the judge reads of the school's log: the latest state of an entity, and natural keys to external ids. */
export interface SchoolView {
  state(kind: string, externalId: string): FeedChange | undefined;
  natural(key: string): string | undefined;
}

const refuse = (code: RejectionCode, reason: string): Verdict => ({ ok: false, code, reason });
type LessonData = Extract<FeedChange, { event: 'lesson.set' }>['data'];
type ClassData = Extract<FeedChange, { event: 'class.set' }>['data'];

/** The entity an entry is about, as the log keys it (kind, external id). */
export function entityOf(e: Entry, view: SchoolView): { kind: string; externalId: string } {
  const d = e.data as Record<string, string>;
  switch (e.entry) {
    case 'mark.set':
    case 'mark.deleted':
      return { kind: 'mark', externalId: e.externalId ?? `mark-${e.clientId}` };
    case 'attendance.set': {
      const known = e.externalId ?? view.natural(`attendance:${d.lesson}:${d.student}`);
      return { kind: 'attendance', externalId: known ?? `att-${d.lesson}-${d.student}` };
    }
    case 'homework.set':
      return { kind: 'homework', externalId: view.natural(`homework:${d.lesson}`) ?? `hw-${d.lesson}` };
    case 'lesson.topic':
      return { kind: 'lesson', externalId: d.lesson };
    case 'periodMark.set': {
      const key = `periodMark:${d.student}:${d.subject}:${d.period}`;
      return {
        kind: 'periodMark',
        externalId: e.externalId ?? view.natural(key) ?? `pm-${d.student}-${d.subject}-${d.period}`,
      };
    }
  }
}

const EVENT_OF: Record<EntryKind, FeedChange['event']> = {
  'mark.set': 'mark.set',
  'mark.deleted': 'mark.deleted',
  'attendance.set': 'attendance.set',
  'lesson.topic': 'lesson.set',
  'homework.set': 'homework.set',
  'periodMark.set': 'periodMark.set',
};

/** The lesson's rules: it exists, it is the teacher's, it is held, its period is open. Returns the class's grade. */
function lessonRules(
  e: Entry,
  lessonId: string | null | undefined,
  view: SchoolView,
  rules: JudgeRules,
): Verdict | { grade: number } {
  if (!lessonId) return { grade: 0 };
  const lesson = view.state('lesson', lessonId);
  if (!lesson) return refuse('unknown_entity', 'Урок не найден в журнале школы.');
  const l = lesson.data as LessonData;
  const teacher = l.substituteTeacher ?? l.teacher;
  if (teacher !== e.teacher) return refuse('not_teachers_lesson', 'Этот урок ведёт другой учитель.');
  if (l.cancelled) return refuse('invalid', 'Урок отменён.');
  if (rules.closedThrough && l.date <= rules.closedThrough)
    return refuse(
      'period_closed',
      `Период закрыт: изменения за ${l.date.split('-').reverse().join('.')} не принимаются.`,
    );
  const cls = view.state('class', l.class);
  return { grade: (cls?.data as ClassData | undefined)?.grade ?? 0 };
}

/** A period mark's rules: the period exists and is not closed (it ended after `closedThrough`). */
function periodRules(period: unknown, view: SchoolView, rules: JudgeRules): Verdict | null {
  const p = typeof period === 'string' ? view.state('period', period) : undefined;
  if (!p) return refuse('unknown_entity', 'Период не найден в журнале школы.');
  const d = p.data as { name: string; endsOn: string };
  if (rules.closedThrough && d.endsOn <= rules.closedThrough)
    return refuse('period_closed', `Период «${d.name}» закрыт: итоговые отметки за него не принимаются.`);
  return null;
}

/** The grade of a student's class (0 when unknown). */
function gradeOf(view: SchoolView, student: unknown): number {
  const st = typeof student === 'string' ? view.state('student', student) : undefined;
  const cls = st ? view.state('class', (st.data as { class: string }).class) : undefined;
  return (cls?.data as ClassData | undefined)?.grade ?? 0;
}

/** Decides an entry: accepted (the change to publish) or rejected with the reason. */
export function judge(e: Entry, view: SchoolView, rules: JudgeRules): Verdict {
  const target = entityOf(e, view);
  const current = view.state(target.kind, target.externalId);
  const d = e.data as Record<string, unknown>;
  const lessonId = e.entry === 'mark.deleted' ? (current?.data as { lesson?: string } | undefined)?.lesson : d.lesson;
  const lessonCheck = lessonRules(e, lessonId as string | null | undefined, view, rules);
  if ('ok' in lessonCheck) return lessonCheck;
  if ((e.entry === 'mark.set' || e.entry === 'homework.set') && lessonCheck.grade === 1)
    return refuse('value_not_allowed', 'В 1-м классе отметки и домашние задания не ставятся.');
  const periodCheck = e.entry === 'periodMark.set' ? periodRules(d.period, view, rules) : null;
  if (periodCheck) return periodCheck;
  if (e.entry === 'periodMark.set' && d.value !== 'noMarks' && gradeOf(view, d.student) === 1)
    return refuse('value_not_allowed', 'В 1-м классе за период ставится только «без отметки».');
  if (e.entry === 'mark.set' && d.value === 'noMarks')
    return refuse('value_not_allowed', '«Без отметки» ставится только за период, не за урок.');
  if (e.entry === 'mark.set' || e.entry === 'attendance.set' || e.entry === 'periodMark.set')
    if (d.student && !view.state('student', d.student as string))
      return refuse('unknown_entity', 'Ученик не найден в журнале школы.');
  if (e.entry === 'mark.deleted' && (!current || current.event === 'mark.deleted'))
    return refuse('unknown_entity', 'Отметка не найдена в журнале школы.');
  // A known entity changed in the e-journal since the teacher's version: the e-journal's value stands.
  if (e.externalId && current && current.version !== e.baseVersion)
    return {
      ok: false,
      code: 'conflict',
      reason: 'В журнале школы это значение уже изменили.',
      current: { externalId: target.externalId, version: current.version, data: current.data },
    };
  const data =
    e.entry === 'lesson.topic' ? { ...(current?.data as LessonData), topic: (d.topic as string | null) ?? null } : d;
  if (e.entry === 'lesson.topic' && !current) return refuse('unknown_entity', 'Урок не найден в журнале школы.');
  const change = {
    event: EVENT_OF[e.entry],
    externalId: target.externalId,
    data,
    changedAt: e.enteredAt,
    clientId: e.clientId,
  } as unknown as ChangeInput;
  return { ok: true, change };
}

/**
 * The answer to an entry, and the change to publish when it is accepted now. An entry seen before (the
 * same client id, resubmitted after a lost answer) gets the same answer again and publishes nothing.
 */
export function decideEntry(
  book: EntryBook,
  e: Entry,
  rules: JudgeRules,
  nextSeq: number,
): { answer: Record<string, unknown> & { type: string }; publish: ChangeInput | null } {
  const given = book.answers.get(e.clientId);
  if (given) return { answer: given, publish: null };
  const view: SchoolView = {
    state: (kind, externalId) => book.state.get(`${kind}:${externalId}`),
    natural: (key) => book.natural.get(key),
  };
  const verdict = judge(e, view, rules);
  let answer: Record<string, unknown> & { type: string };
  let publish: ChangeInput | null = null;
  if (verdict.ok) {
    const key = `${entityKind(verdict.change.event)}:${verdict.change.externalId}`;
    const version = (book.versions.get(key) ?? 0) + 1;
    publish = { ...verdict.change, version };
    const { externalId } = verdict.change;
    answer = { v: UPSTREAM_VERSION, type: 'entry.accepted', clientId: e.clientId, externalId, version, seq: nextSeq };
  } else {
    const { ok: _, ...rejection } = verdict;
    answer = { v: UPSTREAM_VERSION, type: 'entry.rejected', clientId: e.clientId, ...rejection };
  }
  book.answers.set(e.clientId, answer);
  return { answer, publish };
}

/** The natural key of a change whose entity the client may name without its external id. */
export function naturalKey(c: FeedChange): string | null {
  if (c.event === 'attendance.set') return `attendance:${c.data.lesson}:${c.data.student}`;
  if (c.event === 'homework.set') return `homework:${c.data.lesson}`;
  if (c.event === 'periodMark.set') return `periodMark:${c.data.student}:${c.data.subject}:${c.data.period}`;
  return null;
}
