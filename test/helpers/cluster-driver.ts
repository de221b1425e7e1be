import type { Update } from 'grammy/types';
import type { ApiCall, ChatMessage, FakeBotApi } from '../support/fake-bot-api/index.js';

/**
 * Telegram in front of a cluster, for test/e2e-cluster.test.ts: users write and
 * press buttons in the fake Bot API (it keeps their chats), and each update is
 * POSTed to the load balancer with the secret header, and sent again — as
 * Telegram does — until it gets HTTP 200. What a user waits for is on their screen.
 */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(
  check: () => T | Promise<T>,
  what: string | (() => string),
  ms: number,
): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${typeof what === 'string' ? what : what()}: not within ${ms} ms`);
    await sleep(50);
  }
}

/** Bot API methods that answer a user (the user's chat is in chat_id). */
const CHAT_METHODS = /^(send|edit|delete)/i;
/** How long a user waits for one answer; a copy re-sent after a replica died waits out its 30 s lease. */
const ANSWER_MS = 150_000;

export class ClusterDriver {
  /** Updates POSTed, by update_id: who sent it and every status it got (the last is 200). */
  readonly updates = new Map<number, { user: number; statuses: number[] }>();
  /** Each user's updates, in the order sent. */
  readonly byUser = new Map<number, number[]>();
  /** Updates answered 200. */
  acknowledged = 0;
  private readonly queries = new Map<string, number>();

  constructor(
    private readonly fake: FakeBotApi,
    private readonly url: string,
    private readonly secret: string,
  ) {}

  /** POSTs the update until the load balancer answers 200 (a refused connection or a 5xx: again after a pause). */
  async deliver(update: Update, user: number): Promise<void> {
    const entry = { user, statuses: [] as number[] };
    this.updates.set(update.update_id, entry);
    this.byUser.set(user, [...(this.byUser.get(user) ?? []), update.update_id]);
    for (;;) {
      const status = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.secret },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(70_000),
      }).then(
        async (r) => (await r.text(), r.status),
        () => 0,
      );
      entry.statuses.push(status);
      if (status === 200) return void this.acknowledged++;
      await sleep(status === 503 ? 1000 : 300);
    }
  }

  /** Rethrows with what the user's chat shows last. */
  private failWithChat(e: Error, user: number): never {
    const last = this.fake
      .messagesFor(user)
      .slice(-4)
      .map((m) => `${m.fromBot ? 'bot' : 'user'} #${m.messageId} (edits ${m.editCount}): ${m.text}`);
    const statuses = (this.byUser.get(user) ?? []).map((id) => `${id}: ${this.updates.get(id)!.statuses.join(',')}`);
    throw new Error(
      `${e.message}; the chat ends with:\n${last.join('\n')}\nits updates' statuses: ${statuses.join('; ')}`,
    );
  }

  private lastId(user: number): number {
    return this.fake.messagesFor(user).at(-1)?.messageId ?? 0;
  }

  /** The user writes `text`; resolves with the bot's first new message that matches. */
  async say(user: number, text: string, match: (m: ChatMessage) => boolean): Promise<ChatMessage> {
    const { update, message } = this.fake.injectMessage(user, text);
    await this.deliver(update, user);
    return until(
      () => this.fake.botMessagesFor(user).find((m) => m.messageId > message.messageId && match(m)),
      `user ${user}: an answer to «${text}»`,
      ANSWER_MS,
    ).catch((e: Error) => this.failWithChat(e, user));
  }

  /** The user presses `label` under `msg`; resolves with that message edited, or a new one, that matches. */
  async press(user: number, msg: ChatMessage, label: string, match: (m: ChatMessage) => boolean): Promise<ChatMessage> {
    const since = this.lastId(user);
    const edits = msg.editCount;
    const { update, queryId } = this.fake.pressButton(user, msg.messageId, label);
    this.queries.set(queryId, user);
    await this.deliver(update, user);
    return until(
      () => {
        const edited = this.fake.messagesFor(user).find((m) => m.messageId === msg.messageId);
        if (edited && edited.editCount > edits && match(edited)) return edited;
        return this.fake.botMessagesFor(user).find((m) => m.messageId > since && match(m));
      },
      `user ${user}: an answer to «${label}»`,
      ANSWER_MS,
    ).catch((e: Error) => this.failWithChat(e, user));
  }

  /** Every Bot API call that answered this user: sends, edits, deletions in their chat, answers to their presses. */
  answersTo(user: number): ApiCall[] {
    return this.fake.calls.filter((c) =>
      c.method.toLowerCase() === 'answercallbackquery'
        ? this.queries.get(String(c.params.callback_query_id)) === user
        : CHAT_METHODS.test(c.method) && c.method !== 'sendChatAction' && Number(c.params.chat_id) === user,
    );
  }

  /**
   * Answers given twice: the same call with the same parameters again (a second reply, an edit to the same
   * text, a second answer to one button press). No step of a flow answers twice alike.
   */
  repeatedAnswers(user: number): number {
    const seen = new Set<string>();
    let repeats = 0;
    for (const c of this.answersTo(user)) {
      const key = `${c.method}\n${JSON.stringify(c.params)}`;
      if (seen.has(key)) repeats++;
      seen.add(key);
    }
    return repeats;
  }
}

/** The user's own screen: the buttons under a message. */
export const labels = (m: ChatMessage) => (m.inlineKeyboard ?? []).flat().map((b) => b.text);
