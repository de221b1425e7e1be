import type { ThreadRef } from '../access/policy.js';
import { DomainError } from '../errors.js';

export type MessagesError = 'notAllowed' | 'notContact' | 'dailyLimit' | 'empty' | 'tooLong';
export class MessageRefused extends DomainError {
  constructor(
    readonly reason: MessagesError,
    details: Record<string, unknown> = {},
  ) {
    super(`messages.${reason}`, `message refused: ${reason}`, details);
  }
}

export const MESSAGE_MAX_CHARS = 3000;

export interface ThreadRow extends ThreadRef {
  id: number;
  familyRole: 'guardian' | 'student';
  lastMessageAt: Date;
  studentName: string;
  className: string;
  staffName: string;
  unread: number;
  lastText: string | null;
}

export interface Contact {
  staffId: number;
  name: string;
  roles: ('classTeacher' | 'teacher' | 'deputy' | 'director')[];
  subjects: string[];
}

export interface Hours {
  days: number[];
  fromTime: string;
  toTime: string;
}

export interface Body {
  text: string | null;
  file: { kind: 'photo' | 'document'; fileId: string } | null;
  /** The chat update that sends it (bot/update-source.ts): the same update handled again writes nothing new. */
  source?: string | null;
}

export interface MessageRow {
  id: number;
  side: 'family' | 'staff';
  text: string | null;
  fileId: string | null;
  fileKind: 'photo' | 'document' | null;
  createdAt: Date;
  readAt: Date | null;
}
