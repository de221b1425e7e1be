import type { DataSource } from 'typeorm';
import { sweepAbsenceReports } from '../absence-reports/index.js';
import { sweepCorrections } from '../corrections/index.js';
import { sweepConsultations } from '../consultations/index.js';

/**
 * The school ↔ family sweep, every few minutes (jobs/index.ts): reminders of
 * absence reports pending a school day, corrections closed by a journal
 * change or escalated when overdue. Each step is idempotent and writes its
 * outbox events (consultation reminders the day before too); the delivery worker sends the messages.
 */
export async function runFamilySweep(
  ds: DataSource,
  opts: { now: Date; timezone: string },
): Promise<Record<string, number>> {
  const absences = await sweepAbsenceReports(ds, opts);
  const corrections = await sweepCorrections(ds, opts);
  const consultationReminders = await sweepConsultations(ds, opts);
  return {
    absenceReminders: absences.reminded,
    absenceCompleted: absences.completed,
    corrected: corrections.corrected,
    escalated: corrections.escalated,
    consultationReminders,
  };
}
