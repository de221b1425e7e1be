import { navigate } from '../../route.js';

/**
 * Where the panel is: the drill-down's ids in the query string
 * (`?screen=panel&class=12&teacher=5&lesson=90&period=3`), the deepest naming
 * the level. Each step down is a navigate(), so the back button goes one
 * level up by dropping the deepest id.
 */
export interface Target {
  class?: number;
  teacher?: number;
  student?: number;
  lesson?: number;
}
export type Level = 'school' | 'class' | 'teacher' | 'student' | 'lesson';
export type Go = (to: Target) => void;

const num = (s: string | null) => (s && /^\d{1,10}$/.test(s) ? Number(s) : undefined);

export function readTarget(params: URLSearchParams): Target {
  return {
    class: num(params.get('class')),
    teacher: num(params.get('teacher')),
    student: num(params.get('student')),
    lesson: num(params.get('lesson')),
  };
}

export function levelOf(x: Target): Level {
  if (x.lesson) return 'lesson';
  if (x.student) return 'student';
  if (x.teacher) return 'teacher';
  if (x.class) return 'class';
  return 'school';
}

/** One level up; null at the school (the shell then goes home). */
export function parentOf(x: Target): Target | null {
  switch (levelOf(x)) {
    case 'lesson':
      return { class: x.class, teacher: x.teacher };
    case 'student':
    case 'teacher':
      return x.class ? { class: x.class } : {};
    case 'class':
      return {};
    case 'school':
      return null;
  }
}

/** The API path of a level (web/server/routes/panel.ts). */
export function apiPath(x: Target, period: string | null): string {
  const q = period ? `?period=${encodeURIComponent(period)}` : '';
  switch (levelOf(x)) {
    case 'lesson':
      return `panel/lesson/${x.lesson}`;
    case 'student':
      return `panel/student/${x.student}${q}`;
    case 'teacher':
      return `panel/teacher/${x.teacher}${q}`;
    case 'class':
      return `panel/class/${x.class}${q}`;
    case 'school':
      return `panel${q}`;
  }
}

export const goTo = (x: Target, period: string | null) =>
  navigate({ screen: 'panel', period: period ?? undefined, ...x });

/** Names seen on the way down, for the breadcrumbs of the levels below. */
const names = new Map<string, string>();
export const remember = (kind: keyof Target, id: number, name: string): number => {
  names.set(`${kind}:${id}`, name);
  return id;
};
export const nameOf = (kind: keyof Target, id: number | undefined): string | undefined =>
  id === undefined ? undefined : names.get(`${kind}:${id}`);
