import type { DataSource } from 'typeorm';
import type { AccessProfile } from '../access/profile.js';
import { loadRules } from '../diary/marks.js';
import { diaryStudent, type DiaryAccess } from '../diary/student.js';

export type FamilyHelp =
  | Exclude<DiaryAccess, { kind: 'ok' }>
  | { kind: 'ok'; guardian: boolean; rules: Awaited<ReturnType<typeof loadRules>> };

/**
 * /help for a family: whether the /children line applies and how averages are
 * computed in the school of the child the answers are about (the diary's rules).
 */
export async function familyHelp(ds: DataSource, p: AccessProfile | null): Promise<FamilyHelp> {
  const r = await diaryStudent(ds, p);
  if (r.kind !== 'ok') return r;
  return {
    kind: 'ok',
    guardian: p!.children.some((c) => c.via === 'guardian'),
    rules: await loadRules(ds, r.student.schoolId),
  };
}
