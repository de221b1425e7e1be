import { deleteMark, recordAttendance, setHomework, setMark, setPeriodMark, upsertLessonIn } from '../journal/index.js';
import type { Handlers } from './context.js';
import { optRef, ref } from './refs.js';

type JournalEvent = 'lesson.set' | 'homework.set' | 'attendance.set' | 'mark.set' | 'mark.deleted' | 'periodMark.set';

/** The journal itself: lessons, homework, attendance, marks. */
export const journalHandlers: Handlers<JournalEvent> = {
  async 'lesson.set'(em, ctx, c, opts) {
    const d = c.data;
    const [classId, subgroupId, subjectId, teacherId, substituteTeacherId] = [
      await ref(em, ctx, 'class', d.class),
      await optRef(em, ctx, 'subgroup', d.subgroup),
      await ref(em, ctx, 'subject', d.subject),
      await ref(em, ctx, 'staff', d.teacher),
      await optRef(em, ctx, 'staff', d.substituteTeacher),
    ];
    const { lesson } = await upsertLessonIn(
      em,
      {
        schoolId: ctx.schoolId,
        classId,
        subgroupId,
        subjectId,
        teacherId,
        substituteTeacherId,
        date: d.date,
        slot: d.slot,
        startsAt: d.startsAt,
        endsAt: d.endsAt,
        room: d.room,
        cancelled: d.cancelled,
        externalId: c.externalId,
        ...(d.topic !== undefined ? { topic: d.topic } : {}),
      },
      ctx.actor,
      opts,
    );
    ctx.cache.set(`lesson:${c.externalId}`, lesson.id);
  },
  async 'homework.set'(em, ctx, c, opts) {
    const lessonId = await ref(em, ctx, 'lesson', c.data.lesson);
    await setHomework(
      em,
      { schoolId: ctx.schoolId, lessonId, homework: c.data.text, setAt: new Date(c.changedAt) },
      ctx.actor,
      opts,
    );
  },
  async 'attendance.set'(em, ctx, c, opts) {
    const lessonId = await ref(em, ctx, 'lesson', c.data.lesson);
    const studentId = await ref(em, ctx, 'student', c.data.student);
    await recordAttendance(
      em,
      {
        schoolId: ctx.schoolId,
        lessonId,
        studentId,
        status: c.data.status,
        reason: c.data.reason,
        comment: c.data.comment,
        externalId: c.externalId,
      },
      ctx.actor,
      opts,
    );
  },
  async 'mark.set'(em, ctx, c, opts) {
    const d = c.data;
    await setMark(
      em,
      {
        schoolId: ctx.schoolId,
        studentId: await ref(em, ctx, 'student', d.student),
        subjectId: await ref(em, ctx, 'subject', d.subject),
        workKindId: await ref(em, ctx, 'workKind', d.workKind),
        lessonId: await optRef(em, ctx, 'lesson', d.lesson),
        teacherId: await optRef(em, ctx, 'staff', d.teacher),
        date: d.date,
        value: d.value,
        comment: d.comment,
        externalId: c.externalId,
      },
      ctx.actor,
      opts,
    );
  },
  async 'mark.deleted'(em, ctx, c, opts) {
    const [known] = await em.query(`SELECT 1 FROM mark WHERE "schoolId" = $1 AND "externalId" = $2`, [
      ctx.schoolId,
      c.externalId,
    ]);
    // A mark deleted before we ever saw it: its version is recorded, so an older "set" cannot bring it back.
    if (known) await deleteMark(em, { schoolId: ctx.schoolId, externalId: c.externalId }, ctx.actor, opts);
  },
  async 'periodMark.set'(em, ctx, c, opts) {
    await setPeriodMark(
      em,
      {
        schoolId: ctx.schoolId,
        studentId: await ref(em, ctx, 'student', c.data.student),
        subjectId: await ref(em, ctx, 'subject', c.data.subject),
        periodId: await ref(em, ctx, 'period', c.data.period),
        value: c.data.value,
        externalId: c.externalId,
      },
      ctx.actor,
      opts,
    );
  },
};
