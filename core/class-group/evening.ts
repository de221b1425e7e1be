import { addDays } from '../calendar.js';
import type { ScheduleContext } from '../notifications/digests.js';
import { classLessons } from './content.js';
import { deliverToGroups, type GroupMessage } from './deliveries.js';
import { eveningPost } from './posts.js';
import { receivingGroups } from './store.js';

/**
 * The evening post in each class group that wants it, at the families' digest
 * time: tomorrow's homework and tomorrow's cancelled and substituted lessons.
 * Nothing on an evening before a day without lessons. Keyed by group and day,
 * so a rerun of the slot adds nothing.
 */
export async function runClassGroupEvening(ctx: ScheduleContext, date: string) {
  const tomorrow = addDays(date, 1);
  const schools: { id: number }[] = await ctx.ds.query(`SELECT id FROM school ORDER BY id`);
  const messages: GroupMessage[] = [];
  for (const s of schools)
    for (const g of await receivingGroups(ctx.ds, { schoolId: s.id }, 'eveningPost')) {
      const lessons = await classLessons(ctx.ds, g.classId, tomorrow, tomorrow);
      if (!lessons.length) continue;
      messages.push({
        key: `class-group-evening:${g.id}:${tomorrow}`,
        schoolId: g.schoolId,
        kind: 'classGroup',
        classGroupId: g.id,
        messenger: g.messenger,
        chatId: g.chatId,
        text: eveningPost(g.className, { date: tomorrow, lessons }),
      });
    }
  const sent = await deliverToGroups(ctx.ds, messages, ctx);
  return { groups: messages.length, messages: sent };
}
