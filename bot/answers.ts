import type { BotContext } from './context.js';
import { isMenuButton } from './features/menu/index.js';
import type { QuestionKind, Questions } from './questions.js';

export type { OpenQuestion, QuestionKind, Questions } from './questions.js';

/**
 * The one way the bot waits for an answer: a feature asks a question (`ask`),
 * the chat's next text, photo or document answers it (`answerTo`). The
 * question lives in the session, so a restart or another replica loses
 * nothing. A command, a menu button or a question left too long drops it and
 * lets the message do its own job, so a button's label is never saved as an
 * answer.
 *
 * Why not @grammyjs/conversations: every flow here is one question and one
 * answer, with the draft already in the session; replaying a conversation's
 * function on each update would add its own storage and a second source of
 * truth for the same draft, for no behaviour the users would notice.
 */

/** How long a question waits by default. */
export const ANSWER_TTL_MS = 30 * 60_000;

export function ask<K extends QuestionKind>(
  ctx: BotContext,
  kind: K,
  args: Questions[K],
  ttlMs: number = ANSWER_TTL_MS,
): void {
  ctx.session.question = { kind, args, at: ctx.clock.now().getTime(), ttlMs };
}

/** Drops the open question (a flow cancelled or moved on by a button). */
export function dropQuestion(ctx: BotContext): void {
  ctx.session.question = undefined;
}

/** The open question, if it is one of `kinds` (a button may want to know without answering it). */
export function openQuestion<K extends QuestionKind>(
  ctx: BotContext,
  kinds: readonly K[],
): { kind: K; args: Questions[K] } | null {
  const q = ctx.session.question;
  return q && (kinds as readonly string[]).includes(q.kind) ? (q as never) : null;
}

/**
 * The question this message answers, if it is one of `kinds`, and closes it.
 * A command, a menu button or a stale question clears it and returns null, so
 * the message goes on to whatever handles it.
 */
export function answerTo<K extends QuestionKind>(
  ctx: BotContext,
  kinds: readonly K[],
): { kind: K; args: Questions[K]; ttlMs: number } | null {
  const q = openQuestion(ctx, kinds);
  if (!q || !ctx.message) return null;
  const open = ctx.session.question!;
  ctx.session.question = undefined;
  const text = ctx.message.text;
  if (text && (text.startsWith('/') || isMenuButton(ctx, text))) return null;
  if (ctx.clock.now().getTime() - open.at > open.ttlMs) return null;
  return { ...q, ttlMs: open.ttlMs };
}

/** Asks an answered question again (the answer was empty, too long or refused), for as long as the first time. */
export function askAgain(
  ctx: BotContext,
  q: { kind: QuestionKind; args: Record<string, number>; ttlMs: number },
): void {
  ctx.session.question = { kind: q.kind, args: q.args, at: ctx.clock.now().getTime(), ttlMs: q.ttlMs };
}
