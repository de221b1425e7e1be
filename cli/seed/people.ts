import { className, demo } from './data.js';
import type { Random } from './random.js';

/** A demo student before it is written; `key` becomes its external id. */
export interface PlannedStudent {
  key: string;
  className: string;
  grade: number;
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: string;
  /** How well the student does, around 4 (used to draw marks). */
  ability: number;
}

export interface PlannedGuardian {
  key: string;
  lastName: string;
  firstName: string;
  middleName: string;
  phone: string;
  relation: 'mother' | 'father' | 'grandmother';
  children: string[];
}

/**
 * Families: each has its own surname; ten of them have two children in
 * different classes (siblings share the surname and the guardians). Most
 * children have both parents as guardians, some only a mother, a father or a
 * grandmother.
 */
export function planPeople(rng: Random): { students: PlannedStudent[]; guardians: PlannedGuardian[] } {
  const { names } = demo;
  const surnames = rng.shuffle(names.surnames);
  const classes = demo.classes.map((c) => ({ name: className(c), grade: c.grade, left: c.students }));
  const byName = new Map(classes.map((c) => [c.name, c]));
  const families: string[][] = [];
  for (const pair of demo.siblingPairs) {
    families.push(pair);
    for (const c of pair) byName.get(c)!.left--;
  }
  for (const c of classes) for (; c.left > 0; c.left--) families.push([c.name]);
  if (families.length > surnames.length) throw new Error('demo data: more families than surnames');

  const students: PlannedStudent[] = [];
  const households: { adults: Omit<PlannedGuardian, 'key' | 'children'>[]; children: PlannedStudent[] }[] = [];
  families.forEach((childClasses, f) => {
    const r = rng.fork(`family:${f}`);
    const [maleSurname, femaleSurname] = surnames[f];
    const father = r.pick(names.adultMale);
    const used = new Set<string>();
    const children = childClasses.map((cls) => {
      const grade = byName.get(cls)!.grade;
      const girl = r.chance(0.5);
      let first: string;
      do first = r.pick(girl ? names.childFemale : names.childMale);
      while (used.has(first));
      used.add(first);
      return {
        key: '',
        className: cls,
        grade,
        lastName: girl ? femaleSurname : maleSurname,
        firstName: first,
        middleName: girl ? father[2] : father[1],
        birthDate: birthDate(grade, r),
        ability: Math.min(4.95, Math.max(2.7, r.normal(4, 0.5))),
      };
    });
    students.push(...children);
    const mother = {
      lastName: femaleSurname,
      firstName: r.pick(names.adultFemale),
      middleName: r.pick(names.adultMale)[2],
      phone: phone(r),
      relation: 'mother' as const,
    };
    const dad = {
      lastName: maleSurname,
      firstName: father[0],
      middleName: r.pick(names.adultMale)[1],
      phone: phone(r),
      relation: 'father' as const,
    };
    const kind = r.next();
    const adults =
      kind < 0.66
        ? [mother, dad]
        : kind < 0.88
          ? [mother]
          : kind < 0.95
            ? [dad]
            : [{ ...mother, firstName: r.pick(names.adultFemale), relation: 'grandmother' as const }];
    households.push({ adults, children });
  });

  const order = new Map(classes.map((c, i) => [c.name, i]));
  students.sort(
    (a, b) =>
      order.get(a.className)! - order.get(b.className)! ||
      a.lastName.localeCompare(b.lastName, 'ru') ||
      a.firstName.localeCompare(b.firstName, 'ru'),
  );
  students.forEach((s, i) => (s.key = `demo-student-${String(i + 1).padStart(3, '0')}`));
  const guardians = households.flatMap((h) => h.adults.map((a) => ({ ...a, children: h.children.map((c) => c.key) })));
  return {
    students,
    guardians: guardians.map((g, i) => ({ key: `demo-guardian-${String(i + 1).padStart(3, '0')}`, ...g })),
  };
}

/** A class splits into subgroups alphabetically: the first half (rounded up) is subgroup 0. */
export function subgroupMembers<T>(classStudents: T[], index: number): T[] {
  const half = Math.ceil(classStudents.length / 2);
  return index === 0 ? classStudents.slice(0, half) : classStudents.slice(half);
}

/** Grade g on 1 September 2026: born between September of (2026 − g − 7) and August of (2026 − g − 6). */
function birthDate(grade: number, r: Random): string {
  const start = Date.UTC(2026 - grade - 7, 8, 1);
  const end = Date.UTC(2026 - grade - 6, 7, 31);
  return new Date(start + Math.floor(r.next() * (end - start))).toISOString().slice(0, 10);
}

function phone(r: Random): string {
  return `+7 9${r.int(10, 99)} ${r.int(100, 999)}-${r.int(10, 99)}-${r.int(10, 99)}`;
}
