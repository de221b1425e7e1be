import type { EntityManager } from 'typeorm';
import { MarkEntity, type Mark, type MarkValue } from '../../db/entities/index.js';
import type { AccessProfile } from '../access/profile.js';
import type { Actor } from '../actor.js';
import type { Upstream } from '../feed/entries/mode.js';
import { deleteMark, setMark } from '../journal/index.js';
import { audit } from '../unit-of-work.js';
import type { TodayLesson } from './index.js';
import { queueMark } from './upstream.js';

/**
 * A teacher's mark in a lesson, written inside the caller's transaction — the
 * one way /today and the Mini App's grid both write it: set, changed in place
 * (`current`) or deleted (`value` null), with its audit row (`<source>.mark.*`)
 * and, where the school's e-journal is the journal of record, its entry queued
 * for it with the families' notice held (core/feed/entries). Returns the mark
 * as saved, or null once deleted.
 */
export async function writeLessonMark(
  em: EntityManager,
  p: AccessProfile,
  l: TodayLesson,
  i: {
    studentId: number;
    workKindId: number;
    value: MarkValue | null;
    comment?: string | null;
    /** The live mark of this student, lesson and work kind, if any. */
    current: { id: number; comment: string | null } | null;
  },
  /** `up`: the school's e-journal queue (upstreamFor), looked up by the caller before its own checks. */
  o: { now: Date; source: 'today' | 'grid'; up: Upstream | null },
): Promise<Mark | null> {
  const staffId = p.staff!.staffId;
  const actor: Actor = { kind: 'staff', staffId };
  const { current } = i;
  const { up } = o;
  const before = current && up ? await em.findOneByOrFail(MarkEntity, { id: current.id }) : null;
  if (i.value === null) {
    if (!current) return null;
    await deleteMark(em, { schoolId: l.schoolId, markId: current.id }, actor, up?.opts ?? {});
    await audit(em, actor, `${o.source}.markDeleted`, { type: 'mark', id: current.id });
    if (up && before) await queueMark(em, up, { staffId, l, now: o.now, before, mark: before, deleted: true });
    return null;
  }
  const r = await setMark(
    em,
    {
      schoolId: l.schoolId,
      studentId: i.studentId,
      subjectId: l.subjectId,
      workKindId: i.workKindId,
      lessonId: l.lessonId,
      teacherId: staffId,
      date: l.date,
      value: i.value,
      comment: i.comment !== undefined ? i.comment : (current?.comment ?? null),
      ...(current ? { markId: current.id } : {}),
    },
    actor,
    up?.opts ?? {},
  );
  if (r.outcome !== 'unchanged') {
    await audit(em, actor, `${o.source}.mark.${r.outcome}`, { type: 'mark', id: r.mark.id }, { value: r.mark.value });
    if (up) await queueMark(em, up, { staffId, l, now: o.now, before, mark: r.mark, deleted: false });
  }
  return r.mark;
}
