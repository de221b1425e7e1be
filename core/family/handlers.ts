import { ABSENCE_REPORT_EVENT_HANDLERS } from '../absence-reports/notify.js';
import { MESSAGE_EVENT_HANDLERS } from '../messages/notify.js';
import { ANNOUNCEMENT_EVENT_HANDLERS } from '../announcements/notify.js';
import { CORRECTION_EVENT_HANDLERS } from '../corrections/notify.js';
import { CONSULTATION_EVENT_HANDLERS } from '../consultations/notify.js';

/** The school ↔ family event handlers, registered with the delivery worker (core/notifications/events.ts). */
export const FAMILY_EVENT_HANDLERS = {
  ...ABSENCE_REPORT_EVENT_HANDLERS,
  ...MESSAGE_EVENT_HANDLERS,
  ...ANNOUNCEMENT_EVENT_HANDLERS,
  ...CORRECTION_EVENT_HANDLERS,
  ...CONSULTATION_EVENT_HANDLERS,
};
