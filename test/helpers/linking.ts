import type { DataSource } from 'typeorm';
import { issueInvitation, type IssueInvitationInput } from '../../core/linking/invitations.js';
import { BotHarness } from './bot-harness.js';

export const HASH_KEY = 'test-key-0123456789';

export async function issue(ds: DataSource, input: IssueInvitationInput): Promise<string> {
  return ds.transaction(
    async (em) => (await issueInvitation(em, input, { kind: 'cli', command: 'test' }, HASH_KEY)).code,
  );
}

/** Links `userId` with a fresh code for `input`, agreeing to the consent where asked. */
export async function linkAs(h: BotHarness, ds: DataSource, userId: number, input: IssueInvitationInput) {
  const code = await issue(ds, input);
  const calls = await h.send(userId, `/start ${code}`);
  if (BotHarness.buttons(calls).includes('Согласен')) return [...calls, ...(await h.press(userId, 'cf:y'))];
  return calls;
}
