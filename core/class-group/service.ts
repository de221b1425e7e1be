import { visibleClasses } from '../access/policy.js';
import type { AccessProfile } from '../access/profile.js';
import { isRecipient, loadAnnouncement } from '../announcements/index.js';
import { wallClock } from '../calendar.js';
import type { ServiceDeps } from '../services/deps.js';
import type { Messenger } from '../messenger.js';
import { nextSchoolDay, timetableDay } from './content.js';
import { chatMigrated, groupLost, groupRightsBack, recordAnswer, type LostReason } from './lifecycle.js';
import {
  classRef,
  confirmReplace,
  issueGroupCode,
  linkWithCode,
  mayManageGroup,
  toggleOption,
  unlinkGroup,
  type GroupChat,
  type GroupOption,
} from './link.js';
import { homeworkPost, schedulePost } from './posts.js';
import { groupOfChat, groupOfClass, type GroupRow } from './store.js';

/** How often a group gets a fresh answer to `/homework` or `/schedule`; in between, a pointer to the last one. */
export const ANSWER_INTERVAL_MS = 10 * 60_000;

export type AnswerKind = 'homework' | 'schedule';

/** The class's group chat (issue 19): linking, what it gets, its answers, its life outside the bot. */
export function classGroupService(deps: ServiceDeps) {
  const { db, clock, hashKey } = deps;
  const timezone = deps.config.SCHOOL_TIMEZONE;
  return {
    /** The classes whose group this account may manage. */
    classes: (p: AccessProfile) => visibleClasses(db, p, 'manageGroup'),
    /** The class teacher's panel: the class and its group (null: not this account's to manage). */
    panel: async (p: AccessProfile, classId: number) => {
      const c = await classRef(db, classId);
      if (!c || !mayManageGroup(p, c)) return null;
      return { classId, className: c.name, group: await groupOfClass(db, classId) };
    },
    issueCode: (p: AccessProfile, classId: number) => issueGroupCode(db, p, classId, clock.now(), hashKey),
    link: (input: { code: string; profile: AccessProfile | null; chat: GroupChat; by: string }) =>
      linkWithCode(db, input, clock.now(), hashKey),
    confirmReplace: (input: { codeId: number; profile: AccessProfile | null; chat: GroupChat; by: string }) =>
      confirmReplace(db, input, clock.now()),
    unlink: (p: AccessProfile | null, classId: number) => unlinkGroup(db, p, classId, clock.now()),
    toggle: (p: AccessProfile, classId: number, option: GroupOption) => toggleOption(db, p, classId, option),
    mayManage: mayManageGroup,
    /** The class linked to this chat of the messenger, or null. */
    ofChat: (chatId: number, messenger: Messenger) => groupOfChat(db, chatId, messenger),
    /** A Telegram group became a supergroup. */
    migrated: (from: number, to: number) => chatMigrated(db, from, to),
    lost: (chatId: number, reason: LostReason, messenger: Messenger) =>
      groupLost(db, chatId, reason, clock.now(), messenger),
    rightsBack: (chatId: number, messenger: Messenger) => groupRightsBack(db, chatId, messenger),
    /** The answer to `/homework` in the group: the class's homework for the next school day. */
    homework: async (g: GroupRow) =>
      homeworkPost(g.className, await nextSchoolDay(db, g.classId, wallClock(timezone, clock.now()).date)),
    /** The answer to `/schedule`: today's timetable until its last lesson ends, then the next school day's. */
    schedule: async (g: GroupRow) => {
      const w = wallClock(timezone, clock.now());
      return schedulePost(g.className, await timetableDay(db, g.classId, w.date, w.time));
    },
    /** The last answer of this kind when it is under ten minutes old (the pointer instead of a new one). */
    recentAnswer: (g: GroupRow, kind: AnswerKind) => {
      const a = g.answers?.[kind];
      if (!a) return null;
      const age = clock.now().getTime() - new Date(a.at).getTime();
      if (age < 0 || age >= ANSWER_INTERVAL_MS) return null;
      return {
        messageId: a.messageId,
        minutes: Math.floor(age / 60_000),
        wait: Math.max(1, Math.ceil((ANSWER_INTERVAL_MS - age) / 60_000)),
      };
    },
    recordAnswer: (g: GroupRow, kind: AnswerKind, messageId: number) =>
      recordAnswer(db, g.id, kind, clock.now(), messageId),
    /** The announcement a group's deep link opens, for a family it went to (null otherwise). */
    announcementToConfirm: async (p: AccessProfile, id: number) => {
      if (!p.links.length || !(await isRecipient(db, p, id))) return null;
      const a = await loadAnnouncement(db, id);
      return a && a.status === 'sent' ? { id: a.id, text: a.text } : null;
    },
  };
}

export type ClassGroupService = ReturnType<typeof classGroupService>;
