import type { Db } from '../unit-of-work.js';
import type { Candidate, CandidateView, EntityType, Entry } from './types.js';

/** The journal entry as the family sees it, if it is this student's; null otherwise. */
export async function loadEntry(q: Db, type: EntityType, id: number, studentId: number): Promise<Entry | null> {
  if (type === 'mark') {
    const [m] = await q.query(
      `SELECT m.id, m."studentId", m.date::text AS date, m.value, m.comment, m.deleted, su.name AS subject, w.name AS kind,
              COALESCE(m."teacherId", l."teacherId") AS "teacherId"
         FROM mark m JOIN subject su ON su.id = m."subjectId" JOIN work_kind w ON w.id = m."workKindId" LEFT JOIN lesson l ON l.id = m."lessonId"
        WHERE m.id = $1 AND m."studentId" = $2`,
      [id, studentId],
    );
    return m
      ? {
          type,
          id,
          studentId,
          date: m.date,
          subject: m.subject,
          teacherId: m.teacherId,
          snapshot: { value: m.value, comment: m.comment, deleted: m.deleted },
          label: { value: m.value, kind: m.kind },
        }
      : null;
  }
  if (type === 'attendance') {
    const [a] = await q.query(
      `SELECT a.id, a.status, a.reason, l.date::text AS date, l.slot, su.name AS subject, COALESCE(l."substituteTeacherId", l."teacherId") AS "teacherId"
         FROM attendance a JOIN lesson l ON l.id = a."lessonId" JOIN subject su ON su.id = l."subjectId" WHERE a.id = $1 AND a."studentId" = $2`,
      [id, studentId],
    );
    return a
      ? {
          type,
          id,
          studentId,
          date: a.date,
          subject: a.subject,
          teacherId: a.teacherId,
          snapshot: { status: a.status, reason: a.reason },
          label: { status: a.status, slot: a.slot },
        }
      : null;
  }
  const [l] = await q.query(
    `SELECT l.id, l.date::text AS date, l.homework, su.name AS subject, COALESCE(l."substituteTeacherId", l."teacherId") AS "teacherId"
       FROM lesson l JOIN student st ON st."classId" = l."classId" JOIN subject su ON su.id = l."subjectId"
      WHERE l.id = $1 AND st.id = $2 AND l.homework IS NOT NULL`,
    [id, studentId],
  );
  return l
    ? {
        type,
        id,
        studentId,
        date: l.date,
        subject: l.subject,
        teacherId: l.teacherId,
        snapshot: { homework: l.homework },
        label: { slot: 0 },
      }
    : null;
}

/** Entries a family may report from a diary view: a subject's marks, a period's absences, a day's homework. */
export async function candidates(q: Db, studentId: number, view: CandidateView): Promise<Candidate[]> {
  type Row = { id: number; date: string; subject: string; what: string };
  const as = (type: EntityType) => (rows: Row[]) => rows.map((r) => ({ ...r, type }));
  if (view.kind === 'marks')
    return as('mark')(
      await q.query(
        `SELECT m.id, m.date::text AS date, su.name AS subject, m.value AS what FROM mark m JOIN subject su ON su.id = m."subjectId"
        WHERE m."studentId" = $1 AND m."subjectId" = $2 AND NOT m.deleted ORDER BY m.date DESC, m.id DESC LIMIT 12`,
        [studentId, view.subjectId],
      ),
    );
  if (view.kind === 'absences')
    return as('attendance')(
      await q.query(
        `SELECT a.id, l.date::text AS date, su.name AS subject, a.status AS what FROM attendance a JOIN lesson l ON l.id = a."lessonId" JOIN subject su ON su.id = l."subjectId"
         JOIN period p ON p.id = $2 WHERE a."studentId" = $1 AND l.date BETWEEN p."startsOn" AND p."endsOn" ORDER BY l.date DESC, l.slot DESC LIMIT 12`,
        [studentId, view.periodId],
      ),
    );
  return as('homework')(
    await q.query(
      `SELECT l.id, l.date::text AS date, su.name AS subject, 'homework' AS what FROM lesson l JOIN student st ON st."classId" = l."classId" JOIN subject su ON su.id = l."subjectId"
      WHERE st.id = $1 AND l.date = $2 AND l.homework IS NOT NULL ORDER BY l.slot`,
      [studentId, view.date],
    ),
  );
}
