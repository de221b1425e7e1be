import type { BotContext } from '../../context.js';
import type { TodayDraft, TodaySession } from './session.js';

export type { TodayDraft, TodaySession } from './session.js';

/**
 * Two-part choices of /today (which student in the grid, which mark for whom)
 * live in a short-lived draft in the session; a button carries the draft's
 * small id.
 */

/** How long a draft and a question of /today stay open. */
export const DRAFT_TTL_MS = 3 * 3600_000;
const MAX_DRAFTS = 5;
/** Draft ids go round 1…MAX_DRAFT_ID. */
export const MAX_DRAFT_ID = 99_999;

/** The chat's drafts, those past their time dropped. */
export function todayState(ctx: BotContext): TodaySession {
  const s = (ctx.session.today ??= { seq: 0, drafts: {} });
  const now = ctx.clock.now().getTime();
  for (const [id, d] of Object.entries(s.drafts)) if (now - d.at > DRAFT_TTL_MS) delete s.drafts[id];
  return s;
}

/** Opens a draft and returns its id; the oldest go beyond MAX_DRAFTS. */
export function newDraft(ctx: BotContext, d: Omit<TodayDraft, 'at'>): number {
  const s = todayState(ctx);
  s.seq = (s.seq % MAX_DRAFT_ID) + 1;
  s.drafts[s.seq] = { ...d, at: ctx.clock.now().getTime() };
  const ids = Object.keys(s.drafts)
    .map(Number)
    .sort((a, b) => s.drafts[a].at - s.drafts[b].at);
  while (ids.length > MAX_DRAFTS) delete s.drafts[ids.shift()!];
  return s.seq;
}

export const draftOf = (ctx: BotContext, id: number): TodayDraft | null => todayState(ctx).drafts[id] ?? null;

export const dropDraft = (ctx: BotContext, id: number) => void delete todayState(ctx).drafts[id];

/** A draft used: its time starts again. */
export const touchDraft = (ctx: BotContext, d: TodayDraft) => void (d.at = ctx.clock.now().getTime());
