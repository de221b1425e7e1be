import type { MigrationInterface } from 'typeorm';
import { Initial1764072000000 } from './1764072000000-initial.js';
import { Diary1764100000000 } from './1764100000000-diary.js';
import { Feed1764300000000 } from './1764300000000-feed.js';
import { Notifications1764200000000 } from './1764200000000-notifications.js';
import { Control1764400000000 } from './1764400000000-control.js';
import { SchoolFamily1764500000000 } from './1764500000000-school-family.js';
import { Hardening1764600000000 } from './1764600000000-hardening.js';
import { ClassGroups1764700000000 } from './1764700000000-class-groups.js';
import { UpdateReceipts1764710000000 } from './1764710000000-update-receipts.js';
import { DeliveryPriority1764720000000 } from './1764720000000-delivery-priority.js';
import { PaidBroadcasts1764730000000 } from './1764730000000-paid-broadcasts.js';
import { Upstream1764740000000 } from './1764740000000-upstream.js';
import { EntryNotices1764750000000 } from './1764750000000-entry-notices.js';
import { Messenger1764760000000 } from './1764760000000-messenger.js';
import { MessengerPacing1764770000000 } from './1764770000000-messenger-pacing.js';
import { MessengerFiles1764780000000 } from './1764780000000-messenger-files.js';
import { FeedEntryTarget1764793180000 } from './1764793180000-feed-entry-target.js';
import { HeldEventsQuiet1764800000000 } from './1764800000000-held-events-quiet.js';

/** Every migration in order; a new one is appended here (explicit, so tsx needs no glob loading). */
export const migrations: (new () => MigrationInterface)[] = [
  Initial1764072000000,
  Diary1764100000000,
  Feed1764300000000,
  Notifications1764200000000,
  Control1764400000000,
  SchoolFamily1764500000000,
  Hardening1764600000000,
  ClassGroups1764700000000,
  UpdateReceipts1764710000000,
  DeliveryPriority1764720000000,
  PaidBroadcasts1764730000000,
  Upstream1764740000000,
  EntryNotices1764750000000,
  Messenger1764760000000,
  MessengerPacing1764770000000,
  MessengerFiles1764780000000,
  FeedEntryTarget1764793180000,
  HeldEventsQuiet1764800000000,
];
