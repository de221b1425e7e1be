import { EntitySchema } from 'typeorm';
import { id, ref, text, ts, createdAt, json, actor, fk, messenger, type Messenger } from './columns.js';

/** The role an invitation grants and a link holds (glossary: guardian, student, staff roles). */
export type LinkRole = 'guardian' | 'student' | 'teacher' | 'classTeacher' | 'deputy' | 'director' | 'admin';

/** A personal invitation code. Only its keyed hash is stored; the code itself is shown once. */
export interface Invitation {
  id: number;
  schoolId: number;
  codeHash: string;
  role: LinkRole;
  studentId: number | null;
  guardianId: number | null;
  staffId: number | null;
  classId: number | null;
  issuedBy: string;
  issuedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  linkId: number | null;
  revokedAt: Date | null;
  /** Which CODE_HASH_KEY made codeHash (core/linking/keys.ts keyId); null only for rows older than key versions. */
  keyId: string | null;
}
export const InvitationEntity = new EntitySchema<Invitation>({
  name: 'Invitation',
  tableName: 'invitation',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_invitation_schoolId', 'CASCADE')),
    codeHash: { type: 'text', unique: true },
    role: text(),
    studentId: ref(true, fk('Student', 'fk_invitation_studentId', 'CASCADE')),
    guardianId: ref(true, fk('Guardian', 'fk_invitation_guardianId', 'CASCADE')),
    staffId: ref(true, fk('Staff', 'fk_invitation_staffId', 'CASCADE')),
    classId: ref(true, fk('SchoolClass', 'fk_invitation_classId', 'CASCADE')),
    issuedBy: actor(),
    issuedAt: createdAt(),
    expiresAt: ts(),
    usedAt: ts(true),
    linkId: ref(true),
    revokedAt: ts(true),
    keyId: text(true),
  },
  indices: [
    { name: 'ix_invitation_student', columns: ['studentId'] },
    { name: 'ix_invitation_staff', columns: ['staffId'] },
  ],
});

/**
 * A Telegram account bound to a person in a role. On unlink the Telegram ids
 * are erased; `accountHash` (a keyed hash of the user id) stays for the audit.
 */
export interface Link {
  id: number;
  schoolId: number;
  /** Which messenger `telegramUserId` and `chatId` are ids of (issue 20: MAX as well as Telegram). */
  messenger: Messenger;
  telegramUserId: string | null;
  chatId: string | null;
  accountHash: string;
  role: LinkRole;
  studentId: number | null;
  guardianId: number | null;
  staffId: number | null;
  invitationId: number;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
  inactiveReason: string | null;
  lastSeenAt: Date | null;
}
export const LinkEntity = new EntitySchema<Link>({
  name: 'Link',
  tableName: 'link',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_link_schoolId', 'CASCADE')),
    messenger: messenger(),
    telegramUserId: { type: 'bigint', nullable: true },
    chatId: { type: 'bigint', nullable: true },
    accountHash: text(),
    role: text(),
    studentId: ref(true, fk('Student', 'fk_link_studentId', 'CASCADE')),
    guardianId: ref(true, fk('Guardian', 'fk_link_guardianId', 'CASCADE')),
    staffId: ref(true, fk('Staff', 'fk_link_staffId', 'CASCADE')),
    invitationId: ref(false, fk('Invitation', 'fk_link_invitationId', 'RESTRICT')),
    createdAt: createdAt(),
    revokedAt: ts(true),
    revokedBy: text(true),
    revokeReason: text(true),
    inactiveReason: text(true),
    lastSeenAt: ts(true),
  },
  indices: [
    { name: 'ix_link_user_active', columns: ['messenger', 'telegramUserId'], where: '"revokedAt" IS NULL' },
    { name: 'ix_link_student', columns: ['studentId'] },
    { name: 'ix_link_staff', columns: ['staffId'] },
  ],
});

/** 152-ФЗ consent (or refusal) given by an account for a student's data, with the text version shown. */
export interface Consent {
  id: number;
  schoolId: number;
  accountHash: string;
  invitationId: number;
  studentId: number | null;
  role: LinkRole;
  decision: 'granted' | 'refused';
  textVersion: string;
  at: Date;
  withdrawnAt: Date | null;
}
export const ConsentEntity = new EntitySchema<Consent>({
  name: 'Consent',
  tableName: 'consent',
  columns: {
    id: id(),
    schoolId: ref(false, fk('School', 'fk_consent_schoolId', 'CASCADE')),
    accountHash: text(),
    invitationId: ref(),
    studentId: ref(true, fk('Student', 'fk_consent_studentId', 'CASCADE')),
    role: text(),
    decision: text(),
    textVersion: text(),
    at: createdAt(),
    withdrawnAt: ts(true),
  },
});

/** Per-account state that outlives sessions: the active child, a compromise report. */
export interface Account {
  accountHash: string;
  /** Which messenger `telegramUserId` is a user id of. */
  messenger: Messenger;
  telegramUserId: string | null;
  activeStudentId: number | null;
  compromisedAt: Date | null;
  createdAt: Date;
  /** Which CODE_HASH_KEY made accountHash. The row, not a re-hash, is the account's identity: a key change keeps it. */
  keyId: string | null;
}
export const AccountEntity = new EntitySchema<Account>({
  name: 'Account',
  tableName: 'account',
  columns: {
    accountHash: { type: 'text', primary: true },
    messenger: messenger(),
    telegramUserId: { type: 'bigint', nullable: true },
    activeStudentId: ref(true),
    compromisedAt: ts(true),
    createdAt: createdAt(),
    keyId: text(true),
  },
  indices: [{ name: 'uq_account_user', columns: ['messenger', 'telegramUserId'], unique: true }],
});

/** Fixed-window counters for rate limits when Redis is not configured (survive restarts, shared by replicas). */
export interface RateLimitCounter {
  key: string;
  windowStart: Date;
  count: number;
}
export const RateLimitCounterEntity = new EntitySchema<RateLimitCounter>({
  name: 'RateLimitCounter',
  tableName: 'rate_limit_counter',
  columns: {
    key: { type: 'text', primary: true },
    windowStart: { type: 'timestamptz', primary: true },
    count: { type: 'int' },
  },
});

/** grammY session storage when Redis is not configured. */
export interface BotSession {
  key: string;
  value: Record<string, unknown>;
  updatedAt: Date;
}
export const BotSessionEntity = new EntitySchema<BotSession>({
  name: 'BotSession',
  tableName: 'bot_session',
  columns: {
    key: { type: 'text', primary: true },
    value: json(),
    updatedAt: { type: 'timestamptz', default: () => 'now()' },
  },
});

/** Webhook updates claimed (a lease: the holder) or handled ('done') until `until` (db/stores/update-ledger.ts), when Redis is not configured. */
export interface UpdateReceipt {
  key: string;
  holder: string;
  until: Date;
}
export const UpdateReceiptEntity = new EntitySchema<UpdateReceipt>({
  name: 'UpdateReceipt',
  tableName: 'update_receipt',
  columns: {
    key: { type: 'text', primary: true },
    holder: { type: 'text' },
    until: { type: 'timestamptz' },
  },
  indices: [{ name: 'ix_update_receipt_until', columns: ['until'] }],
});

export const accessEntities = [
  InvitationEntity,
  LinkEntity,
  ConsentEntity,
  AccountEntity,
  RateLimitCounterEntity,
  BotSessionEntity,
  UpdateReceiptEntity,
];
