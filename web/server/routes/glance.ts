import { Hono } from 'hono';
import { z } from 'zod';
import { REVIEW_REASONS } from '../../../core/desk/index.js';
import type { WebDeps, WebEnv } from '../context.js';
import { refuse } from '../http-errors.js';
import { valid } from '../validate.js';

const id = z.coerce.number().int().positive().max(2_147_483_647);

const viewQuery = z.object({ class: id.optional(), period: id.optional() });
const reasonBody = z.object({
  studentId: id,
  /** One absence; without it every absence of the student's week still without a reason. */
  lessonId: id.optional(),
  reason: z.enum(REVIEW_REASONS),
});

/**
 * The class at a glance (screen `glance`): GET the class's averages, period
 * marks, the week's unexplained absences and who of the families is connected;
 * PUT a reason for an absence. The class teacher sets reasons; the deputy and
 * director may look (core/glance/service.ts). Any other class → 403, the same
 * whether it exists or not.
 */
export function glanceRoutes({ services }: WebDeps) {
  return new Hono<WebEnv>()
    .get('/glance', valid('query', viewQuery), async (c) => {
      const p = c.get('profile');
      const q = c.req.valid('query');
      const classes = await services.glance.myClasses(p);
      const classId = q.class ?? classes[0]?.classId;
      const cls = classId ? await services.glance.glanceClass(p, classId) : null;
      if (!cls) return refuse('forbidden');
      const view = await services.glance.view(cls, q.period);
      return c.json({
        classes,
        cls: { classId: cls.classId, name: cls.name, grade: cls.grade, decides: cls.decides },
        ...view,
      });
    })
    .put('/glance/absence-reason', valid('json', reasonBody), async (c) => {
      const p = c.get('profile');
      const b = c.req.valid('json');
      const recorded = await services.glance.setReason(p, b.studentId, b.reason, b.lessonId);
      if (recorded === null) return refuse('forbidden');
      // Nothing left without a reason: explained meanwhile (a family's report accepted, the desk), or not this week's.
      if (recorded === 0) return refuse('conflict');
      const student = await services.desk.reviewStudent(p, b.studentId);
      const unknown = student ? await services.glance.unknownOf(student.classId, b.studentId) : [];
      return c.json({ recorded, unknown });
    });
}
