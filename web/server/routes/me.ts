import { Hono } from 'hono';
import type { WebDeps, WebEnv } from '../context.js';
import { screensFor } from '../screens.js';

/** Who is signed in and which screens they may open: the page's home. */
export function meRoutes(_deps: WebDeps) {
  return new Hono<WebEnv>().get('/me', (c) => {
    const p = c.get('profile');
    return c.json({
      staff: p.staff
        ? {
            name: [p.staff.lastName, p.staff.firstName, p.staff.middleName].filter(Boolean).join(' '),
            roles: p.staff.roles,
          }
        : null,
      children: p.children.map((ch) => ({
        studentId: ch.studentId,
        name: `${ch.firstName} ${ch.lastName}`,
        className: ch.className,
      })),
      activeStudentId: p.activeStudentId,
      screens: screensFor(p),
    });
  });
}
