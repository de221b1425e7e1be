import type { EntityManager } from 'typeorm';
import type { Actor } from '../../actor.js';
import {
  deleteMark,
  recordAttendance,
  removePeriodMark,
  setHomework,
  setLessonTopic,
  setMark,
  setPeriodMark,
} from '../../journal/index.js';
import type { FeedEntry } from '../../../db/entities/index.js';

/**
 * A rejected entry's local change undone (answers.ts entryRejected): only if the value is still the teacher's,
 * through the journal's own use cases, silently — nobody had been told of it.
 */

/** A teacher's entry as its answer is written (the columns answers.ts reads back). */
export type EntryRow = Pick<
  FeedEntry,
  'id' | 'schoolId' | 'kind' | 'targetType' | 'targetId' | 'lessonId' | 'before' | 'after'
> & {
  heldEvents: string[];
};
type Row = EntryRow;

/** The local value now is still the teacher's (nothing from the e-journal wrote over it since); locks the row, so
 * a change from the feed waits for the rollback and lands after it. */
export async function stillOurs(em: EntityManager, row: Row): Promise<boolean> {
  const after = row.after;
  if (row.targetType === 'mark') {
    const [m] = await em.query(`SELECT value, deleted FROM mark WHERE id = $1 FOR UPDATE`, [row.targetId]);
    return !!m && (after.deleted ? m.deleted : !m.deleted && m.value === after.value);
  }
  if (row.targetType === 'attendance') {
    const [a] = await em.query(`SELECT status FROM attendance WHERE "studentId" = $1 AND "lessonId" = $2 FOR UPDATE`, [
      row.targetId,
      row.lessonId,
    ]);
    return (a?.status ?? 'present') === after.status;
  }
  if (row.targetType === 'periodMark') {
    const [p] = await em.query(`SELECT value FROM period_mark WHERE id = $1 FOR UPDATE`, [row.targetId]);
    return !!p && p.value === after.value;
  }
  const [l] = await em.query(`SELECT topic, homework FROM lesson WHERE id = $1 FOR UPDATE`, [row.targetId]);
  return !!l && (after.what === 'topic' ? l.topic : l.homework) === after.text;
}

/** A period mark back to its value before, or removed if the teacher's entry created it. */
async function rollBackPeriodMark(em: EntityManager, row: Row, actor: Actor): Promise<void> {
  const value = row.before?.value as string | null | undefined;
  if (!value) {
    await removePeriodMark(em, { schoolId: row.schoolId, periodMarkId: row.targetId! }, actor, { silent: true });
    return;
  }
  const [p] = await em.query(`SELECT "studentId", "subjectId", "periodId" FROM period_mark WHERE id = $1`, [
    row.targetId,
  ]);
  await setPeriodMark(em, { schoolId: row.schoolId, ...p, value }, actor, { silent: true });
}

/** The value the local row has again after a rollback (null: none — the entry had created it). */
export function restoredValue(row: Row): unknown {
  const b = row.before ?? {};
  if (row.targetType === 'mark') return b.deleted ? null : b.value;
  if (row.targetType === 'attendance') return b.status ?? 'present';
  if (row.targetType === 'periodMark') return b.value ?? null;
  return b.text ?? null;
}

/** Puts the local value back as it was before the teacher's change; silently (nobody was told of it). */
export async function rollBack(em: EntityManager, row: Row, actor: Actor): Promise<void> {
  const b = row.before ?? {};
  const silent = { silent: true };
  if (row.targetType === 'mark') {
    if (b.deleted) await deleteMark(em, { schoolId: row.schoolId, markId: row.targetId! }, actor, silent);
    else {
      const [m] = await em.query(
        `SELECT "studentId", "subjectId", "workKindId", "lessonId", "teacherId", date FROM mark WHERE id = $1`,
        [row.targetId],
      );
      const fields = { ...m, value: b.value, comment: b.comment ?? null };
      await setMark(em, { schoolId: row.schoolId, markId: row.targetId!, ...fields }, actor, silent);
    }
  } else if (row.targetType === 'attendance')
    await recordAttendance(
      em,
      {
        schoolId: row.schoolId,
        lessonId: row.lessonId!,
        studentId: row.targetId!,
        status: b.status as 'present',
        reason: (b.reason as 'unknown' | undefined) ?? 'unknown',
        comment: (b.comment as string | null | undefined) ?? null,
      },
      actor,
      silent,
    );
  else if (row.targetType === 'periodMark') await rollBackPeriodMark(em, row, actor);
  else if ((row.after as { what: string }).what === 'topic')
    await setLessonTopic(
      em,
      { schoolId: row.schoolId, lessonId: row.targetId!, topic: b.text as string | null },
      actor,
    );
  else {
    const [l] = await em.query(`SELECT "homeworkSetAt" FROM lesson WHERE id = $1`, [row.targetId]);
    const setAt = (l?.homeworkSetAt as Date | null) ?? (row as unknown as { createdAt: Date }).createdAt;
    await setHomework(
      em,
      { schoolId: row.schoolId, lessonId: row.targetId!, homework: b.text as string | null, setAt },
      actor,
      silent,
    );
  }
}
