import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeSchool, type SchoolFixture } from './helpers/fixtures.js';
import {
  setMark,
  deleteMark,
  recordAttendance,
  setHomework,
  upsertLesson,
  setPeriodMark,
} from '../core/journal/index.js';
import { DomainError } from '../core/errors.js';
import type { Actor } from '../core/actor.js';

let db: TestDb;
let f: SchoolFixture;
const teacher = (): Actor => ({ kind: 'staff', staffId: f.mathTeacher.id });

const outbox = (type?: string) =>
  db.ds.query(`SELECT type, payload FROM outbox ${type ? 'WHERE type = $1' : ''} ORDER BY id`, type ? [type] : []);

beforeAll(async () => {
  db = await createTestDb();
  f = await makeSchool(db.ds);
});
afterAll(() => db.close());

describe(`journal core on ${inject('pgMode')} PostgreSQL`, () => {
  it('sets a mark, keeps its history and writes mark.set to the outbox in one transaction', async () => {
    const r = await setMark(
      db.ds,
      {
        schoolId: f.school.id,
        studentId: f.anna.id,
        subjectId: f.maths.id,
        workKindId: f.test.id,
        lessonId: f.mathsLesson5a.id,
        teacherId: f.mathTeacher.id,
        date: '2026-11-23',
        value: '5',
        comment: 'Отлично',
      },
      teacher(),
    );
    expect(r.outcome).toBe('created');
    expect(r.mark.updatedBy).toBe(`staff:${f.mathTeacher.id}`);
    const events = await outbox('mark.set');
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ markId: r.mark.id, studentId: f.anna.id, value: '5' });
    const history = await db.ds.query('SELECT action, "newValue", actor FROM mark_history WHERE "markId" = $1', [
      r.mark.id,
    ]);
    expect(history).toEqual([{ action: 'created', newValue: '5', actor: `staff:${f.mathTeacher.id}` }]);
  });

  it('changing a mark records old → new; the same values again change nothing', async () => {
    const base = {
      schoolId: f.school.id,
      studentId: f.boris.id,
      subjectId: f.maths.id,
      workKindId: f.oral.id,
      date: '2026-11-23',
      externalId: 'ext-m-1',
    };
    const a = await setMark(db.ds, { ...base, value: '3' }, { kind: 'feed', schoolId: f.school.id });
    const b = await setMark(db.ds, { ...base, value: '4' }, { kind: 'feed', schoolId: f.school.id });
    const c = await setMark(db.ds, { ...base, value: '4' }, { kind: 'feed', schoolId: f.school.id });
    expect([a.outcome, b.outcome, c.outcome]).toEqual(['created', 'changed', 'unchanged']);
    expect(b.mark.id).toBe(a.mark.id);
    const changed = await outbox('mark.changed');
    expect(changed.map((e: { payload: unknown }) => e.payload)).toEqual([
      expect.objectContaining({ oldValue: '3', value: '4' }),
    ]);
    const history = await db.ds.query(
      'SELECT action, "oldValue", "newValue" FROM mark_history WHERE "markId" = $1 ORDER BY id',
      [a.mark.id],
    );
    expect(history).toEqual([
      { action: 'created', oldValue: null, newValue: '3' },
      { action: 'changed', oldValue: '3', newValue: '4' },
    ]);
    await deleteMark(db.ds, { schoolId: f.school.id, externalId: 'ext-m-1' }, teacher());
    const [row] = await db.ds.query('SELECT deleted FROM mark WHERE id = $1', [a.mark.id]);
    expect(row.deleted).toBe(true);
    expect(await outbox('mark.deleted')).toHaveLength(1);
  });

  it('refuses marks and homework in grade 1 but keeps its attendance', async () => {
    await expect(
      setMark(
        db.ds,
        {
          schoolId: f.school.id,
          studentId: f.mila.id,
          subjectId: f.russian.id,
          workKindId: f.oral.id,
          date: '2026-11-23',
          value: '5',
        },
        teacher(),
      ),
    ).rejects.toMatchObject({ code: 'no_marks_in_grade' });
    await expect(
      setHomework(
        db.ds,
        {
          schoolId: f.school.id,
          lessonId: f.lesson1a.id,
          homework: 'Прописи',
          setAt: new Date('2026-11-23T10:00:00Z'),
        },
        teacher(),
      ),
    ).rejects.toBeInstanceOf(DomainError);
    const r = await recordAttendance(
      db.ds,
      { schoolId: f.school.id, studentId: f.mila.id, lessonId: f.lesson1a.id, status: 'absent', reason: 'illness' },
      teacher(),
    );
    expect(r.outcome).toBe('created');
    const [ev] = await outbox('absence.recorded');
    expect(ev.payload).toMatchObject({ studentId: f.mila.id, reason: 'illness', status: 'absent' });
  });

  it('rejects a bad mark value and leaves nothing half-written', async () => {
    const before = await db.ds.query('SELECT count(*)::int AS n FROM outbox');
    await expect(
      setMark(
        db.ds,
        {
          schoolId: f.school.id,
          studentId: f.anna.id,
          subjectId: f.maths.id,
          workKindId: f.oral.id,
          date: '2026-11-23',
          value: '6' as never,
        },
        teacher(),
      ),
    ).rejects.toMatchObject({ code: 'invalid' });
    const after = await db.ds.query('SELECT count(*)::int AS n FROM outbox');
    expect(after[0].n).toBe(before[0].n);
  });

  it('homework, substitution and period marks write their events', async () => {
    await setHomework(
      db.ds,
      {
        schoolId: f.school.id,
        lessonId: f.mathsLesson5a.id,
        homework: '№ 245, 246',
        setAt: new Date('2026-11-23T10:00:00Z'),
      },
      teacher(),
    );
    const l = f.mathsLesson5a;
    await upsertLesson(
      db.ds,
      {
        schoolId: f.school.id,
        lessonId: l.id,
        classId: l.classId,
        subjectId: l.subjectId,
        teacherId: l.teacherId,
        substituteTeacherId: f.petrova.id,
        date: l.date,
        slot: l.slot,
        startsAt: l.startsAt,
        endsAt: l.endsAt,
        room: l.room,
      },
      { kind: 'staff', staffId: f.deputy.id },
    );
    const [hw] = await outbox('homework.set');
    expect(hw.payload).toMatchObject({ lessonId: l.id, changed: false });
    const [lc] = await outbox('lesson.changed');
    expect(lc.payload.changes).toEqual({ substituteTeacherId: { from: null, to: f.petrova.id } });
    const pm = await setPeriodMark(
      db.ds,
      { schoolId: f.school.id, studentId: f.anna.id, subjectId: f.maths.id, periodId: f.q2.id, value: 'exempt' },
      teacher(),
    );
    expect(pm.outcome).toBe('created');
    const [pe] = await outbox('periodMark.set');
    expect(pe.payload).toMatchObject({ value: 'exempt', oldValue: null });
  });

  it('NOTIFY on the outbox channel reaches a listener on commit', async () => {
    const pg = await import('pg');
    const client = new pg.default.Client(db.url);
    await client.connect();
    await client.query('LISTEN outbox');
    const got = new Promise<string>((resolve) => client.on('notification', (n) => resolve(n.payload ?? '')));
    await recordAttendance(
      db.ds,
      { schoolId: f.school.id, studentId: f.anna.id, lessonId: f.russianLesson5a.id, status: 'late' },
      teacher(),
    );
    expect(Number(await got)).toBeGreaterThan(0);
    await client.end();
  });
});
