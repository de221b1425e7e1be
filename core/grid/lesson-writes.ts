import type { MarkValue } from '../../db/entities/index.js';
import type { AccessProfile } from '../access/profile.js';
import { setHomework, setLessonTopic, setPeriodMark } from '../journal/index.js';
import { keepsMarks, type TodayLesson } from '../today/index.js';
import { audit, inTransaction, type Db } from '../unit-of-work.js';
import type { GridTarget } from './access.js';
import { gridStudents } from './queries.js';
import { staffActor } from './cells.js';
import { upstreamFor } from '../feed/entries/mode.js';
import { queueLessonText, queuePeriodMark } from '../today/upstream.js';
import { journalRefused } from './journal-refusal.js';
import type { WriteResult } from './types.js';

/**
 * The grid's other writes: a lesson's topic or homework (the same lessons as
 * the cells), and a student's period mark (the appointed teacher of the class
 * and subject). Each only if it is still what the page saw; where the school's
 * e-journal is the journal of record, each is queued for it as an entry.
 */

const plain = (s: string | null | undefined) => s?.trim() || null;

/** Sets the lesson's topic or homework (none in grade 1) if it is still the text the page saw. */
export async function saveLessonText(
  db: Db,
  p: AccessProfile,
  l: TodayLesson,
  i: { field: 'topic' | 'homework'; text: string | null; seen: string | null },
  now: Date,
): Promise<WriteResult> {
  if (i.field === 'homework' && !keepsMarks(l.grade)) return { refused: 'closed', reason: 'noMarks' };
  const actor = staffActor(p);
  return journalRefused(() =>
    inTransaction(db, async (em) => {
      const up = await upstreamFor(em, l.schoolId);
      const [row]: { topic: string | null; homework: string | null }[] = await em.query(
        `SELECT topic, homework FROM lesson WHERE id = $1 FOR UPDATE`,
        [l.lessonId],
      );
      if (plain(row[i.field]) !== plain(i.seen))
        return { refused: 'conflict' as const, current: { value: row[i.field] } };
      const text = plain(i.text);
      if (i.field === 'topic')
        await setLessonTopic(em, { schoolId: l.schoolId, lessonId: l.lessonId, topic: text }, actor);
      else await setHomework(em, { schoolId: l.schoolId, lessonId: l.lessonId, homework: text, setAt: now }, actor);
      await audit(em, actor, `grid.${i.field}`, { type: 'lesson', id: l.lessonId });
      if (up && text !== row[i.field])
        await queueLessonText(em, up, { staffId: p.staff!.staffId, l, now, what: i.field, before: row[i.field], text });
      return { saved: { value: text } };
    }),
  );
}

/** Sets a student's period mark for the subject, if it is still the one the page saw. */
export async function savePeriodMark(
  db: Db,
  p: AccessProfile,
  t: GridTarget,
  i: { periodId: number; studentId: number; value: MarkValue; seen: MarkValue | null },
  now: Date,
): Promise<WriteResult> {
  if (!t.appointed) return { refused: 'forbidden' };
  if (!keepsMarks(t.grade)) return { refused: 'closed', reason: 'noMarks' };
  const [period] = await db.query(`SELECT 1 FROM period WHERE id = $1 AND "academicYearId" = $2`, [
    i.periodId,
    t.academicYearId,
  ]);
  if (!period || !(await gridStudents(db, t)).some((s) => s.id === i.studentId)) return { refused: 'forbidden' };
  const actor = staffActor(p);
  return journalRefused(() =>
    inTransaction(db, async (em) => {
      // Where the e-journal is the journal of record the mark goes to it as an entry (families told once accepted).
      const up = await upstreamFor(em, t.schoolId);
      // The first period mark of a student has no row to lock yet: two teachers' tabs wait for each other here.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('period_mark'), hashtext($1))`, [
        `${i.studentId}:${t.subjectId}:${i.periodId}`,
      ]);
      const [row]: { value: MarkValue }[] = await em.query(
        `SELECT value FROM period_mark WHERE "studentId" = $1 AND "subjectId" = $2 AND "periodId" = $3 FOR UPDATE`,
        [i.studentId, t.subjectId, i.periodId],
      );
      if ((row?.value ?? null) !== i.seen)
        return { refused: 'conflict' as const, current: { value: row?.value ?? null } };
      const r = await setPeriodMark(
        em,
        { schoolId: t.schoolId, studentId: i.studentId, subjectId: t.subjectId, periodId: i.periodId, value: i.value },
        actor,
        up?.opts ?? {},
      );
      if (r.outcome !== 'unchanged') {
        await audit(em, actor, 'grid.periodMark', { type: 'periodMark', id: r.periodMark.id }, { value: i.value });
        if (up)
          await queuePeriodMark(em, up, {
            schoolId: t.schoolId,
            staffId: p.staff!.staffId,
            now,
            periodMark: r.periodMark,
            value: i.value,
            before: row?.value ?? null,
          });
      }
      return { saved: { value: r.periodMark.value } };
    }),
  );
}
