import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ControlSettingEntity, type ControlSetting } from '../../db/entities/index.js';
import { actorKey, type Actor } from '../actor.js';
import { parseInput } from '../errors.js';
import { audit, inTransaction } from '../unit-of-work.js';

/**
 * Days a teacher has to mark written work, by work kind code (seed 000 §3.6,
 * 003 §2.11–2.12): a control test within 3 days, other written work within a
 * week. Kinds not listed (oral answers, classwork…) are lesson marks, not
 * written work, and are left out of «marks entered late».
 */
export const DEFAULT_WRITTEN_WORK_DAYS: Readonly<Record<string, number>> = {
  test: 3,
  dictation: 7,
  essay: 7,
  independent: 7,
  check: 7,
  practical: 7,
};

export interface ControlSettings {
  digest: boolean;
  nudges: boolean;
  noHomeworkSubjectIds: number[];
  writtenWorkDays: Record<string, number>;
}

export async function loadControlSettings(ds: DataSource, schoolId: number): Promise<ControlSettings> {
  const row: ControlSetting | null = await ds.manager.findOneBy(ControlSettingEntity, { schoolId });
  return {
    digest: row?.digest ?? true,
    nudges: row?.nudges ?? false,
    noHomeworkSubjectIds: row?.noHomeworkSubjectIds ?? [],
    writtenWorkDays: row?.writtenWorkDays ?? { ...DEFAULT_WRITTEN_WORK_DAYS },
  };
}

export const controlSettingsPatch = z.object({
  digest: z.boolean().optional(),
  nudges: z.boolean().optional(),
  noHomeworkSubjectIds: z.array(z.number().int().positive()).max(200).optional(),
  writtenWorkDays: z.record(z.string().min(1).max(50), z.number().int().min(1).max(30)).optional(),
});
export type ControlSettingsPatch = z.input<typeof controlSettingsPatch>;

/**
 * Changes the school's control settings (the deputy director, from the panel
 * or the CLI), audited. Subject ids are kept only if they are the school's.
 */
export async function updateControlSettings(
  ds: DataSource,
  schoolId: number,
  patch: ControlSettingsPatch,
  actor: Actor,
): Promise<ControlSettings> {
  const p = parseInput(controlSettingsPatch, patch);
  return inTransaction(ds, async (em) => {
    await em.query(`INSERT INTO control_setting ("schoolId", "updatedBy") VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      schoolId,
      actorKey(actor),
    ]);
    const current = await em.findOneOrFail(ControlSettingEntity, {
      where: { schoolId },
      lock: { mode: 'pessimistic_write' },
    });
    let subjects = p.noHomeworkSubjectIds;
    if (subjects) {
      const own: { id: number }[] = await em.query(
        `SELECT id FROM subject WHERE "schoolId" = $1 AND id = ANY($2) ORDER BY id`,
        [schoolId, subjects],
      );
      subjects = own.map((r) => r.id);
    }
    const next = {
      digest: p.digest ?? current.digest,
      nudges: p.nudges ?? current.nudges,
      noHomeworkSubjectIds: subjects ?? current.noHomeworkSubjectIds,
      writtenWorkDays: p.writtenWorkDays ?? current.writtenWorkDays,
    };
    await em.update(
      ControlSettingEntity,
      { schoolId },
      {
        ...next,
        noHomeworkSubjectIds: next.noHomeworkSubjectIds,
        writtenWorkDays: next.writtenWorkDays,
        updatedBy: actorKey(actor),
      },
    );
    await audit(em, actor, 'control.settings', { type: 'school', id: schoolId }, { changed: Object.keys(p) });
    return { ...next, writtenWorkDays: next.writtenWorkDays ?? { ...DEFAULT_WRITTEN_WORK_DAYS } };
  });
}
