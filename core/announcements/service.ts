import { visibleClasses } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { addDays, wallClock, zonedInstant } from '../calendar.js';
import type { ServiceDeps } from '../services/deps.js';
import type { Announcement } from '../../db/entities/index.js';
import {
  acknowledge,
  announcementFor,
  audienceClassName,
  audienceSize,
  cancelAnnouncement,
  createAnnouncement,
  isRecipient,
  mayAnnounce,
  receipts,
  recentAnnouncements,
  remindUnconfirmed,
  type Audience,
  type NewAnnouncement,
} from './index.js';

/** Announcements: the audience, sending (now or later), receipts, reminders, cancelling, «Ознакомлен». */
export function announcementsService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  const withReceipts = async (a: Announcement) => ({
    announcement: a,
    className: await audienceClassName(db, a),
    receipts: await receipts(db, a.id),
  });
  return {
    /** The classes this account may announce to. */
    classes: (p: AccessProfile) => visibleClasses(db, p, 'announce'),
    mayAnnounce: (p: AccessProfile, a: Audience) => mayAnnounce(db, p, a),
    /** The class an audience names (for its label), or null for a grade or the school. */
    className: (a: Audience) => audienceClassName(db, a),
    size: (schoolId: number, a: Audience) => audienceSize(db, schoolId, a),
    /** The scheduled time offered in the preview: tomorrow 08:00 at the school. */
    tomorrowMorning: () => zonedInstant(addDays(wallClock(timezone, clock.now()).date, 1), '08:00', timezone),
    create: (p: AccessProfile, a: NewAnnouncement) => createAnnouncement(db, p, a, { now: clock.now() }),
    /** One this account may manage (its author or the administration of its school), or null. */
    own: (p: AccessProfile, id: number) => announcementFor(db, p, id),
    /** An announcement with its audience's class name and live receipts. */
    withReceipts,
    receipts: (id: number) => receipts(db, id),
    /** The latest announcements this account may see, each with its class name and receipts. */
    recent: async (p: AccessProfile) => {
      const out = [];
      for (const a of await recentAnnouncements(db, p)) out.push(await withReceipts(a));
      return out;
    },
    remind: (p: AccessProfile, id: number) => remindUnconfirmed(db, p, id, { now: clock.now() }),
    cancel: (p: AccessProfile, id: number) => cancelAnnouncement(db, p, id, { now: clock.now() }),
    isRecipient: (p: AccessProfile, id: number) => isRecipient(db, p, id),
    acknowledge: (p: AccessProfile, id: number) => acknowledge(db, p, id),
  };
}

export type AnnouncementsService = ReturnType<typeof announcementsService>;
