import { Hono } from 'hono';
import { z } from 'zod';
import { isIsoDate } from '../../../core/calendar.js';
import { MARK_VALUES, type WriteResult } from '../../../core/grid/service.js';
import type { MarkValue } from '../../../core/records.js';
import { textsOf } from '../../../core/texts.js';
import type { WebDeps, WebEnv } from '../context.js';
import { refuse } from '../http-errors.js';
import { valid } from '../validate.js';

/** The shapes the page reads (web/app/screens/grid imports them as types). */
export type {
  CellState,
  EntryRefusal,
  GridAttendance,
  GridLesson,
  GridMark,
  GridPair,
  GridPeriod,
  GridStudent,
  GridView,
} from '../../../core/grid/service.js';

const t = textsOf('grid');

/** Ids from the page are shapes only (the policy decides); PostgreSQL's int is their ceiling. */
const id = z.coerce.number().int().positive().max(2_147_483_647);
const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const markValue = z.enum(MARK_VALUES as [MarkValue, ...MarkValue[]]);
const reason = z.enum(['illness', 'excused', 'unexcused', 'unknown']);
const status = z.enum(['present', 'absent', 'late']);
/** A grid spans at most a school year. */
const MAX_DAYS = 400;

const gridQuery = z
  .object({
    class: id,
    subject: id,
    subgroup: id.optional(),
    period: id.optional(),
    from: date.optional(),
    to: date.optional(),
  })
  .refine((q) => !q.from === !q.to, { message: 'from and to go together', path: ['to'] })
  .refine((q) => !q.from || (q.from <= q.to! && Date.parse(q.to!) - Date.parse(q.from) <= MAX_DAYS * 86_400_000), {
    message: `from must be before to, at most ${MAX_DAYS} days apart`,
    path: ['to'],
  });

const markBody = z.object({
  lessonId: id,
  studentId: id,
  workKindId: id,
  value: markValue.nullable(),
  comment: z.string().max(1000).nullable().optional(),
  seen: z.object({ id: id.nullable(), version: z.number().int().positive().nullable() }),
  from: date.optional(),
  to: date.optional(),
});

const attendanceBody = z.object({
  lessonId: id,
  studentId: id,
  status,
  reason: reason.optional(),
  seen: z.object({ status, reason: reason.nullable() }),
});

const lessonBody = z
  .object({
    lessonId: id,
    field: z.enum(['topic', 'homework']),
    text: z.string().max(4000).nullable(),
    seen: z.string().max(4000).nullable(),
  })
  .refine((b) => b.field === 'homework' || (b.text ?? '').length <= 500, {
    message: 'a topic is at most 500 characters',
    path: ['text'],
  });

const periodMarkBody = z.object({
  classId: id,
  subjectId: id,
  subgroupId: id.nullable().optional(),
  periodId: id,
  studentId: id,
  value: markValue,
  seen: markValue.nullable(),
});

/** A write's answer: the saved cell, or the refusal as JSON (403 the same whether it exists, 422 with why, 409 with what is there). */
function answer(r: WriteResult) {
  if ('saved' in r) return r;
  switch (r.refused) {
    case 'forbidden':
      return refuse('forbidden');
    case 'badInput':
      return refuse('badInput', r.field);
    case 'closed':
      return refuse('closed', r.reason, { message: t.plain(`grid-refused-${r.reason}`) });
    case 'conflict':
      return refuse('conflict', undefined, { message: t.plain('grid-conflict'), current: r.current });
  }
}

/**
 * The teacher's journal grid (web/app/screens/grid): the pairs to pick, the
 * grid, and one write per cell, each through services.grid (the policy,
 * lessonForEntry's window, the version check, the journal's use cases).
 */
export function gridRoutes(deps: WebDeps) {
  const grid = deps.services.grid;
  return new Hono<WebEnv>()
    .get('/grid/options', async (c) => {
      const p = c.get('profile');
      return p.staff ? c.json(await grid.options(p)) : refuse('forbidden');
    })
    .get('/grid', valid('query', gridQuery), async (c) => {
      const q = c.req.valid('query');
      const r = await grid.grid(c.get('profile'), {
        classId: q.class,
        subjectId: q.subject,
        subgroupId: q.subgroup ?? null,
        ...(q.period !== undefined ? { periodId: q.period } : {}),
        ...(q.from && q.to ? { from: q.from, to: q.to } : {}),
      });
      return 'refused' in r ? refuse('forbidden') : c.json(r);
    })
    .put('/grid/mark', valid('json', markBody), async (c) => {
      const { lessonId, from, to, comment, ...b } = c.req.valid('json');
      const input = {
        ...b,
        ...(comment !== undefined ? { comment: comment?.trim() || null } : {}),
        ...(from && to ? { range: { from, to } } : {}),
      };
      return c.json(answer(await grid.saveMark(c.get('profile'), lessonId, input)));
    })
    .put('/grid/attendance', valid('json', attendanceBody), async (c) => {
      const { lessonId, ...b } = c.req.valid('json');
      return c.json(answer(await grid.saveAttendance(c.get('profile'), lessonId, b)));
    })
    .put('/grid/lesson', valid('json', lessonBody), async (c) => {
      const { lessonId, ...b } = c.req.valid('json');
      return c.json(answer(await grid.saveLessonText(c.get('profile'), lessonId, b)));
    })
    .put('/grid/period-mark', valid('json', periodMarkBody), async (c) => {
      const { classId, subjectId, subgroupId, ...b } = c.req.valid('json');
      const ref = { classId, subjectId, subgroupId: subgroupId ?? null };
      return c.json(answer(await grid.savePeriodMark(c.get('profile'), ref, b)));
    });
}
