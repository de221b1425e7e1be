import { CONTROL_EVENT_HANDLERS } from '../control/notify.js';
import { FAMILY_EVENT_HANDLERS } from '../family/handlers.js';
import { LINKING_EVENT_HANDLERS } from '../linking/notify.js';
import { absence } from './attendance-events.js';
import type { Handler } from './event-plan.js';
import { homework, lessonChanged } from './lesson-events.js';
import { compromised, feedDown } from './staff-events.js';
import { CLASS_GROUP_EVENT_HANDLERS } from '../class-group/notify.js';
import { ENTRY_EVENT_HANDLERS } from '../feed/entries/notices.js';

/**
 * Journal events other than marks (those wait for the correction window, see
 * marks.ts) turned into planned messages, one per recipient chat. The handlers
 * are in attendance-events.ts, lesson-events.ts, staff-events.ts and the
 * modules named below; what they share is in event-plan.ts.
 */
export type { EventContext } from './event-plan.js';

/** Event types handled one by one; mark types are grouped per child (marks.ts). */
export const EVENT_HANDLERS: Record<string, Handler> = {
  'absence.recorded': absence,
  'homework.set': homework,
  'lesson.changed': lessonChanged,
  'access.compromised': compromised,
  // Codes revoked when a CODE_HASH_KEY was retired (core/linking/key-rotation.ts).
  ...LINKING_EVENT_HANDLERS,
  'feed.down': feedDown,
  // Teachers' entries for the school's e-journal: rejected or in conflict, waiting too long (core/feed/entries/notices.ts).
  ...ENTRY_EVENT_HANDLERS,
  // The administration's messages to staff: weekly digest, nudges, printouts ready (core/control/notify.ts).
  ...CONTROL_EVENT_HANDLERS,
  // School ↔ family: absence reports, threads, consultations, corrections, announcements (core/family/handlers.ts).
  ...FAMILY_EVENT_HANDLERS,
  // The class's group chat: a refused code, the bot removed or silenced (core/class-group/notify.ts).
  ...CLASS_GROUP_EVENT_HANDLERS,
};

export const MARK_EVENT_TYPES = ['mark.set', 'mark.changed', 'mark.deleted', 'periodMark.set'];
