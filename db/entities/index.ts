import { schoolEntities } from './school.js';
import { journalEntities } from './journal.js';
import { accessEntities } from './access.js';
import { diaryEntities } from './diary.js';
import { feedEntities } from './feed.js';
import { notificationEntities } from './notifications.js';
import { controlEntities } from './control.js';
import { familyEntities } from './family.js';

export * from './school.js';
export * from './journal.js';
export * from './access.js';
export * from './diary.js';
export * from './feed.js';
export * from './notifications.js';
export * from './control.js';
export * from './family.js';

export const entities = [
  ...schoolEntities,
  ...journalEntities,
  ...accessEntities,
  ...diaryEntities,
  ...feedEntities,
  ...notificationEntities,
  ...controlEntities,
  ...familyEntities,
];
