import type { AccessProfile } from '../../core/access/profile.js';
import { mayUseToday } from '../../core/today/index.js';

/** The Mini App's screens; each is opened by `?screen=<name>` and has its API under /app/api/<name>. */
export const SCREENS = ['grid', 'glance', 'term', 'panel'] as const;
export type Screen = (typeof SCREENS)[number];

/** The screens this account may open, in the home screen's order. */
export function screensFor(p: AccessProfile): Screen[] {
  const s = p.staff;
  const out: Screen[] = [];
  if (mayUseToday(p)) out.push('grid');
  if (s && s.classTeacherOf.length > 0) out.push('glance');
  if (s && (s.roles.includes('deputy') || s.roles.includes('director'))) out.push('panel');
  if (p.children.length > 0) out.push('term');
  return out;
}
