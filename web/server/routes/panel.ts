import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Services } from '../../../core/services/index.js';
import type { WebDeps, WebEnv } from '../context.js';
import { refuse } from '../http-errors.js';
import { valid } from '../validate.js';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const idParam = z.object({ id });
/** A period of the current year by id, or `week` for the last seven days; none: the current period. */
const spanQuery = z.object({ period: z.union([z.literal('week'), id]).optional() });

/**
 * The control panel (screen `panel`): the chat's /control figures with the
 * drill-down school → class → teacher → student → lesson, each level its GET,
 * and the deputy's «remind the teacher» (POST). Every call: the account must
 * view the control panel (viewControl: deputy, director) and the id must be
 * of its school — any other id gets 403, the same whether it exists or not.
 * The director reads only: the reminder is manageControl, the deputy's.
 */
/** What each level answers, as the page reads it (web/app/screens/panel/types.ts): the service's own types. */
type Level<K extends 'school' | 'schoolClass' | 'teacher' | 'student' | 'lesson'> = NonNullable<
  Awaited<ReturnType<Services['panel'][K]>>
>;
export type SchoolLevel = Level<'school'>;
export type ClassLevel = Level<'schoolClass'>;
export type TeacherLevel = Level<'teacher'>;
export type StudentLevel = Level<'student'>;
export type LessonLevel = Level<'lesson'>;

export function panelRoutes({ services }: WebDeps) {
  const panel = services.panel;
  const viewer: MiddlewareHandler<WebEnv> = async (c, next) => {
    if (!panel.allowed(c.get('profile'))) return refuse('forbidden');
    await next();
  };
  const found = <T>(x: T | null): T => x ?? refuse('forbidden');

  return new Hono<WebEnv>()
    .use('/panel', viewer)
    .use('/panel/*', viewer)
    .get('/panel', valid('query', spanQuery), async (c) =>
      c.json(found(await panel.school(c.get('profile'), c.req.valid('query').period))),
    )
    .get('/panel/class/:id', valid('param', idParam), valid('query', spanQuery), async (c) =>
      c.json(found(await panel.schoolClass(c.get('profile'), c.req.valid('param').id, c.req.valid('query').period))),
    )
    .get('/panel/teacher/:id', valid('param', idParam), valid('query', spanQuery), async (c) =>
      c.json(found(await panel.teacher(c.get('profile'), c.req.valid('param').id, c.req.valid('query').period))),
    )
    .get('/panel/student/:id', valid('param', idParam), valid('query', spanQuery), async (c) =>
      c.json(found(await panel.student(c.get('profile'), c.req.valid('param').id, c.req.valid('query').period))),
    )
    .get('/panel/lesson/:id', valid('param', idParam), async (c) =>
      c.json(found(await panel.lesson(c.get('profile'), c.req.valid('param').id))),
    )
    .post('/panel/teacher/:id/remind', valid('param', idParam), valid('query', spanQuery), async (c) =>
      c.json(found(await panel.nudge(c.get('profile'), c.req.valid('param').id, c.req.valid('query').period))),
    );
}
