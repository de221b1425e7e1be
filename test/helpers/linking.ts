import type { DataSource } from 'typeorm';
import { issueInvitation, type IssueInvitationInput } from '../../core/linking/invitations.js';
import type { BotHarness } from './bot-harness.js';
import { buttons } from './screen.js';
import { systemClock } from '../../core/clock.js';

export const HASH_KEY = 'test-key-0123456789';

/** What a test says about a code; `now` is the bot's clock (default: the system clock). */
export type CodeFor = Omit<IssueInvitationInput, 'now' | 'ttlDays'> & { now?: Date; ttlDays?: number };

export async function issue(ds: DataSource, input: CodeFor, key = HASH_KEY): Promise<string> {
  const full = { ...input, now: input.now ?? systemClock.now(), ttlDays: input.ttlDays ?? 14 };
  return ds.transaction(async (em) => (await issueInvitation(em, full, { kind: 'cli', command: 'test' }, key)).code);
}

/** Links `userId` with a fresh code for `input`, agreeing to the consent where asked. */
export async function linkAs(h: BotHarness, ds: DataSource, userId: number, input: CodeFor) {
  const code = await issue(ds, { now: h.clock.now(), ...input }, h.hashKey);
  const calls = await h.send(userId, `/start ${code}`);
  if (buttons(calls).includes('Согласен')) return [...calls, ...(await h.press(userId, 'cf:y'))];
  return calls;
}
