import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { reschedule, type ClaimedDelivery } from '../../core/notifications/delivery-queue.js';
import type { PaidBudget } from '../../core/notifications/paid-budget.js';
import { PRIORITY } from '../../core/notifications/priority.js';
import type { SendPacer } from '../../db/stores/send-pacer.js';
import { recordOutcome } from './outcomes.js';
import { sleep } from './signal.js';
import type { MessageSender } from './telegram.js';

/** What one send needs from the worker (jobs/notifications/worker.ts). */
export interface DeliverContext {
  ds: DataSource;
  pacer: SendPacer;
  clock: Clock;
  log: Logger;
  maxAttempts: number;
  sender?: MessageSender;
  maxSender?: MessageSender;
  paidBudget?: PaidBudget;
  running: () => boolean;
  intervalOf: (chat: string) => number;
}

/** A chat as the worker tells chats apart: its messenger with its id. */
export function chatKey(d: ClaimedDelivery): string {
  return `${d.messenger}:${d.chatId}`;
}

/**
 * One delivery: waits for its slot on its messenger's lane (Telegram's free or paid one, or MAX's),
 * sends it through its messenger's sender, writes the outcome and frees the chat after its interval. Resolves
 * once the outcome is written, with the chat's release still on its way (`released`: the caller waits later).
 */
export async function deliverOne(c: DeliverContext, d: ClaimedDelivery): Promise<{ released: Promise<void> } | void> {
  const { ds, pacer, clock } = c;
  const chat = d.chatId;
  const max = d.messenger === 'max';
  // The pacer's chat key: Telegram's as it always was, MAX's apart (chat 5 in MAX is not chat 5 in Telegram).
  const key = max ? `max:${chat}` : chat;
  // Bulk goes paid (its own lane of slots, beyond the free rate) while the day's budget lasts (Telegram only).
  const paid = !max && d.priority === PRIORITY.bulk && !!c.paidBudget && (await c.paidBudget.take());
  const lane = max ? 'max' : paid ? 'paid' : 'free';
  const unpaid = () => (paid ? c.paidBudget!.giveBack() : undefined);
  for (;;) {
    if (!c.running()) {
      unpaid();
      return void (await reschedule(ds, d.id, clock.now(), null, false));
    }
    const a = await pacer.acquire(key, lane);
    // Busy (a send in flight, released within its interval after the answer) or too soon: later, not now.
    if (a.state === 'chat') {
      unpaid();
      return void (await reschedule(
        ds,
        d.id,
        new Date(clock.now().getTime() + Math.min(a.waitMs, c.intervalOf(chat))),
        null,
        false,
      ));
    }
    if (a.state !== 'go') {
      await sleep(a.waitMs);
      continue;
    }
    // A slot due now was just checked against the pause by acquire itself: no second round trip.
    if (a.waitMs <= 0) break;
    await sleep(a.waitMs);
    const paused = await pacer.pausedFor(lane);
    if (!paused) break;
    await pacer.release(key, 0);
    await sleep(paused);
  }
  const sender = max ? c.maxSender : c.sender;
  const outcome = sender
    ? await sender.send(chat, d.text, d.extra, { paid })
    : ({ kind: 'transient', reason: `no ${d.messenger} sender` } as const);
  if (outcome.kind !== 'sent') unpaid();
  let released: Promise<void>;
  try {
    await recordOutcome({ ds, pacer, clock, log: c.log, maxAttempts: c.maxAttempts }, d, outcome);
  } finally {
    // Not waited for here: the sender's next acquire joins it in one Redis call (the pacer keeps their
    // order); the worker waits for it before it stops. Starting after the row is written only lengthens the gap.
    released = pacer
      .release(key, c.intervalOf(chat))
      .catch((e) => c.log.warn({ err: String(e) }, 'pacer release failed'));
  }
  return { released };
}
