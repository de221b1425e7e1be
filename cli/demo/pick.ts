import type { Screen } from './screen.js';
import type { Persona } from './school.js';
import type { Texts } from './texts.js';

/** The launcher's list of people: one line each, and the choice typed by number. */
export function personaLine(t: Texts, p: Persona): string {
  const role = t(`demo-role-${p.role}`);
  const args = { role, name: p.name, student: p.student ?? '', class: p.class ?? '' };
  if (p.role === 'parent' || p.role === 'student' || p.role === 'class_teacher')
    return t(`demo-persona-${p.role}`, args);
  return t('demo-persona-staff', args);
}

export async function choosePersona(screen: Screen, t: Texts, personas: Persona[]): Promise<Persona | null> {
  screen.print();
  screen.print(t('demo-pick'));
  personas.forEach((p, i) => screen.print(`  [${i + 1}] ${personaLine(t, p)}`));
  screen.print(t('demo-pick-hint'));
  for (;;) {
    const line = await screen.nextLine();
    if (line === null || line.trim() === '/quit') return null;
    const n = Number(line.trim());
    if (Number.isInteger(n) && n >= 1 && n <= personas.length) return personas[n - 1];
    if (line.trim()) screen.print(t('demo-pick-wrong', { max: personas.length }));
  }
}
