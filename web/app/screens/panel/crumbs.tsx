import { t } from '../../texts.js';
import { levelOf, nameOf, type Go, type Level, type Target } from './nav.js';

/** The way down, each step a link up to it; the current level last, by its own name. */
export function Crumbs({ target, current, go }: { target: Target; current: string | null; go: Go }) {
  const steps: [Level, Target, string | undefined][] = [['school', {}, t('panel-crumb-school')]];
  if (target.class) steps.push(['class', { class: target.class }, nameOf('class', target.class)]);
  if (target.teacher)
    steps.push(['teacher', { class: target.class, teacher: target.teacher }, nameOf('teacher', target.teacher)]);
  if (target.student)
    steps.push(['student', { class: target.class, student: target.student }, nameOf('student', target.student)]);
  if (target.lesson) steps.push(['lesson', target, nameOf('lesson', target.lesson)]);
  const here = levelOf(target);
  return (
    <nav class="crumbs" aria-label="breadcrumbs">
      {steps.map(([level, to, name], i) => (
        <span key={level}>
          {i > 0 && <span class="sep"> › </span>}
          {level === here ? (
            <strong>{current ?? name ?? t(`panel-crumb-${level}`)}</strong>
          ) : (
            <button type="button" class="link" onClick={() => go(to)}>
              {name ?? t(`panel-crumb-${level}`)}
            </button>
          )}
        </span>
      ))}
    </nav>
  );
}
