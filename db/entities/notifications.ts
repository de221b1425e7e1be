import { EntitySchema } from 'typeorm';
import { ref, text, ts, createdAt, updatedAt, json, fk, messenger, type Messenger } from './columns.js';

/**
 * Notifications (docs/notifications.md): one row per message to one chat,
 * keyed so that a retried event or schedule slot never makes a second row.
 * `sending` rows are claimed by a live worker (`claimedBy`, held by an
 * advisory lock); a dead worker's rows go back to `pending`.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'blocked' | 'cancelled';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'pending',
  'sending',
  'sent',
  'failed',
  'blocked',
  'cancelled',
];

export interface NotificationDelivery {
  id: string;
  schoolId: number;
  dedupeKey: string;
  eventId: string | null;
  kind: string;
  /** The messenger `chatId` is a chat of: its sender, its rate and its per-chat order. */
  messenger: Messenger;
  chatId: string;
  linkId: number | null;
  studentId: number | null;
  text: string;
  status: DeliveryStatus;
  notBefore: Date;
  attempts: number;
  lastError: string | null;
  claimedBy: number | null;
  claimedAt: Date | null;
  sentAt: Date | null;
  telegramMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Inline buttons and a file sent with the text (core/notifications/deliveries.ts DeliveryExtra); null: text only. */
  extra: Record<string, unknown> | null;
  /** A message to a class's group chat (linkId null): sent while that group stays linked and reachable. */
  classGroupId: number | null;
  priority: number;
}
export const NotificationDeliveryEntity = new EntitySchema<NotificationDelivery>({
  name: 'NotificationDelivery',
  tableName: 'notification_delivery',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    schoolId: ref(false, fk('School', 'fk_notification_delivery_schoolId', 'CASCADE')),
    dedupeKey: text(),
    eventId: { type: 'bigint', nullable: true },
    kind: text(),
    messenger: messenger(),
    chatId: { type: 'bigint' },
    linkId: ref(true, fk('Link', 'fk_notification_delivery_linkId', 'SET NULL')),
    studentId: ref(true, fk('Student', 'fk_notification_delivery_studentId', 'CASCADE')),
    text: text(),
    status: { type: 'text', default: 'pending' },
    notBefore: { type: 'timestamptz', default: () => 'now()' },
    attempts: { type: 'int', default: 0 },
    lastError: text(true),
    claimedBy: { type: 'int', nullable: true },
    claimedAt: ts(true),
    sentAt: ts(true),
    telegramMessageId: { type: 'bigint', nullable: true },
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    extra: json(true),
    classGroupId: ref(true, fk('ClassGroup', 'fk_notification_delivery_classGroupId', 'SET NULL')),
    /** 1 personal news, 0 bulk (announcements, digests): core/notifications/priority.ts. */
    priority: { type: 'smallint', default: 1 },
  },
  indices: [
    { name: 'ix_notification_delivery_claim', columns: ['priority', 'id'], where: `"status" = 'pending'` },
    { name: 'uq_notification_delivery_dedupe', columns: ['dedupeKey'], unique: true },
    { name: 'ix_notification_delivery_due', columns: ['notBefore'], where: `"status" = 'pending'` },
    { name: 'ix_notification_delivery_open_chat', columns: ['chatId'], where: `"status" IN ('pending', 'sending')` },
    { name: 'ix_notification_delivery_status', columns: ['status', 'updatedAt'] },
  ],
  checks: [
    {
      name: 'ck_notification_delivery_status',
      expression: `"status" IN ('pending','sending','sent','failed','blocked','cancelled')`,
    },
  ],
});

/** What an account wants to hear about one child: a mode per kind, threshold alerts. */
export interface NotificationPreference {
  accountHash: string;
  studentId: number;
  modes: Record<string, string>;
  averageBelow: string | null;
  absenceStreak: number | null;
  updatedAt: Date;
}
export const NotificationPreferenceEntity = new EntitySchema<NotificationPreference>({
  name: 'NotificationPreference',
  tableName: 'notification_preference',
  columns: {
    accountHash: { type: 'text', primary: true },
    studentId: {
      type: 'int',
      primary: true,
      foreignKey: fk('Student', 'fk_notification_preference_studentId', 'CASCADE'),
    },
    modes: json(),
    averageBelow: { type: 'numeric', precision: 3, scale: 2, nullable: true },
    absenceStreak: { type: 'int', nullable: true },
    updatedAt: updatedAt(),
  },
  checks: [
    {
      name: 'ck_notification_preference_average',
      expression: `"averageBelow" IS NULL OR "averageBelow" BETWEEN 2 AND 5`,
    },
    {
      name: 'ck_notification_preference_streak',
      expression: `"absenceStreak" IS NULL OR "absenceStreak" BETWEEN 1 AND 20`,
    },
  ],
});

/** Per-account settings: quiet hours ('HH:MM-HH:MM', 'off', or null for the default). */
export interface NotificationSetting {
  accountHash: string;
  quietHours: string | null;
  updatedAt: Date;
}
export const NotificationSettingEntity = new EntitySchema<NotificationSetting>({
  name: 'NotificationSetting',
  tableName: 'notification_setting',
  columns: { accountHash: { type: 'text', primary: true }, quietHours: text(true), updatedAt: updatedAt() },
});

/** A line waiting for the evening digest of one chat and child (kinds set to "daily digest"). */
export interface NotificationDigestItem {
  id: string;
  dedupeKey: string;
  schoolId: number;
  linkId: number;
  chatId: string;
  studentId: number;
  kind: string;
  line: string;
  createdAt: Date;
  digestedAt: Date | null;
}
export const NotificationDigestItemEntity = new EntitySchema<NotificationDigestItem>({
  name: 'NotificationDigestItem',
  tableName: 'notification_digest_item',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    dedupeKey: text(),
    schoolId: ref(false, fk('School', 'fk_notification_digest_item_schoolId', 'CASCADE')),
    linkId: ref(false, fk('Link', 'fk_notification_digest_item_linkId', 'CASCADE')),
    chatId: { type: 'bigint' },
    studentId: ref(false, fk('Student', 'fk_notification_digest_item_studentId', 'CASCADE')),
    kind: text(),
    line: text(),
    createdAt: createdAt(),
    digestedAt: ts(true),
  },
  indices: [
    { name: 'uq_notification_digest_item_dedupe', columns: ['dedupeKey'], unique: true },
    { name: 'ix_notification_digest_item_open', columns: ['linkId'], where: '"digestedAt" IS NULL' },
  ],
});

/** One run of a scheduled job for one slot (e.g. homework-digest 2026-11-23T19:00): claimed once across replicas. */
export interface ScheduledRun {
  job: string;
  slot: string;
  claimedBy: string;
  claimedAt: Date;
  finishedAt: Date | null;
  outcome: Record<string, unknown> | null;
}
export const ScheduledRunEntity = new EntitySchema<ScheduledRun>({
  name: 'ScheduledRun',
  tableName: 'scheduled_run',
  columns: {
    job: { type: 'text', primary: true },
    slot: { type: 'text', primary: true },
    claimedBy: text(),
    claimedAt: ts(),
    finishedAt: ts(true),
    outcome: json(true),
  },
});

/** Send pacing when Redis is not configured: the next free moment per key (global, chat:<id>, pause). */
export interface NotificationThrottle {
  key: string;
  nextAt: Date;
}
export const NotificationThrottleEntity = new EntitySchema<NotificationThrottle>({
  name: 'NotificationThrottle',
  tableName: 'notification_throttle',
  columns: { key: { type: 'text', primary: true }, nextAt: ts() },
});

/** Paid-broadcast messages reserved per school day, shared by the workers (core/notifications/paid-budget.ts). */
export interface NotificationPaidSpend {
  day: string;
  messages: number;
  updatedAt: Date;
}
export const NotificationPaidSpendEntity = new EntitySchema<NotificationPaidSpend>({
  name: 'NotificationPaidSpend',
  tableName: 'notification_paid_spend',
  columns: {
    day: { type: 'date', primary: true },
    messages: { type: 'int', default: 0 },
    updatedAt: { type: 'timestamptz', default: () => 'now()' },
  },
});

export const notificationEntities = [
  NotificationDeliveryEntity,
  NotificationPreferenceEntity,
  NotificationSettingEntity,
  NotificationDigestItemEntity,
  ScheduledRunEntity,
  NotificationThrottleEntity,
  NotificationPaidSpendEntity,
];
