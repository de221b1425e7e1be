import { schoolCalendarEntities } from './school.js';
import { classEntities } from './classes.js';
import { peopleEntities } from './people.js';
import { subjectEntities } from './subjects.js';
import { journalEntryEntities } from './journal.js';
import { auditOutboxEntities } from './audit-outbox.js';
import { accessEntities } from './access.js';
import { diaryEntities } from './diary.js';
import { feedEntities } from './feed.js';
import { notificationEntities } from './notifications.js';
import { controlEntities } from './control.js';
import { absenceReportEntities } from './absence-reports.js';
import { threadEntities } from './threads.js';
import { consultationEntities } from './consultations.js';
import { correctionEntities } from './corrections.js';
import { announcementEntities } from './announcements.js';
import { diaryVisitEntities } from './diary-visits.js';
import { classGroupEntities } from './class-groups.js';
import { messengerFileEntities } from './messenger-files.js';

export * from './school.js';
export * from './classes.js';
export * from './people.js';
export * from './subjects.js';
export * from './journal.js';
export * from './audit-outbox.js';
export * from './access.js';
export * from './diary.js';
export * from './feed.js';
export * from './notifications.js';
export * from './control.js';
export * from './absence-reports.js';
export * from './threads.js';
export * from './consultations.js';
export * from './corrections.js';
export * from './announcements.js';
export * from './diary-visits.js';
export * from './class-groups.js';
export * from './messenger-files.js';

/**
 * School ↔ family (issue 8): absence reports, threads with teachers,
 * consultations, reports of errors in the journal, announcements with read
 * receipts, and how often families open the diary. A family side is an
 * account (its hash) acting for one child; staff are rows of `staff`.
 */
export const familyEntities = [
  ...absenceReportEntities,
  ...threadEntities,
  ...consultationEntities,
  ...correctionEntities,
  ...announcementEntities,
  ...diaryVisitEntities,
];

/** The school's structure: the school and its calendar, classes, people, subjects. */
export const schoolEntities = [...schoolCalendarEntities, ...classEntities, ...peopleEntities, ...subjectEntities];

/** The journal's entries, and the audit log and outbox events written with every change. */
export const journalEntities = [...journalEntryEntities, ...auditOutboxEntities];

/** Every entity, in the order the tables were designed (a table after those it refers to). */
export const entities = [
  ...schoolEntities,
  ...journalEntities,
  ...accessEntities,
  ...diaryEntities,
  ...feedEntities,
  ...notificationEntities,
  ...controlEntities,
  ...familyEntities,
  ...classGroupEntities,
  ...messengerFileEntities,
];
