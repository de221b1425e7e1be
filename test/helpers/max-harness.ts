import type { DataSource } from 'typeorm';
import type { UserFromGetMe } from 'grammy/types';
import { systemClock, type Clock } from '../../core/clock.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createServices, type Services } from '../../core/services/index.js';
import { postgresKeyValueStore } from '../../db/stores/key-value.js';
import { postgresRateLimiter } from '../../db/stores/rate-limit.js';
import type { SessionData } from '../../bot/context.js';
import { createMaxFront, type MaxFront } from '../../max/front.js';
import { MaxApi } from '../../max/api/index.js';
import { FileBridge } from '../../max/file-bridge.js';
import { postgresMessengerFileStore } from '../../db/stores/messenger-files.js';
import type { MaxButton, MaxNewMessage, MaxUpdate } from '../../max/types.js';
import { FakeMaxApi, type MaxCall } from '../support/fake-max-api/index.js';
import { issue, type CodeFor } from './linking.js';

export const MAX_BOT_INFO = {
  id: 900001,
  is_bot: true,
  first_name: 'Дневник',
  username: 'dnevnik_max_bot',
} as UserFromGetMe;

/**
 * The MAX front end on a test database, driven with MAX updates, talking to the fake MAX API through
 * the real client (the fake refuses what MAX refuses and records every call).
 */
export class MaxHarness {
  front!: MaxFront;
  readonly fake = new FakeMaxApi({
    bot: { user_id: MAX_BOT_INFO.id, first_name: 'Дневник', username: 'dnevnik_max_bot', is_bot: true },
  });
  readonly services: Services;
  readonly clock: Clock;
  readonly hashKey = 'test-key-0123456789';

  constructor(
    private readonly ds: DataSource,
    clock: Clock = systemClock,
    /** More of the environment (e.g. WEBAPP_URL for the Mini App's buttons). */
    env: Record<string, string> = {},
    /** Telegram's bot for the file bridge (a Telegram file shown in MAX); none: such files' captions go alone. */
    private readonly telegram: { telegram?: { token: string; apiRoot: string } } = {},
  ) {
    this.clock = clock;
    const config = loadConfig({ MAX_BOT_TOKEN: 'max-test-token-0123456789', CODE_HASH_KEY: this.hashKey, ...env });
    this.services = createServices({
      db: ds,
      config,
      clock,
      hashKey: this.hashKey,
      rateLimiter: postgresRateLimiter(ds),
    });
  }

  get calls(): MaxCall[] {
    return this.fake.calls;
  }

  async start(): Promise<this> {
    await this.fake.start();
    this.front = await createMaxFront({
      token: this.fake.token,
      services: this.services,
      logger: createLogger('silent'),
      sessionStorage: postgresKeyValueStore<SessionData>(this.ds),
      botInfo: MAX_BOT_INFO,
      api: new MaxApi({ token: this.fake.token, apiRoot: this.fake.url, attachmentRetryDelayMs: 0 }),
      files: new FileBridge({
        store: postgresMessengerFileStore(this.ds),
        logger: createLogger('silent'),
        ...this.telegram,
      }),
    });
    return this;
  }

  stop = () => this.fake.stop();

  private marker = 1;
  private groupSeq = 0;

  /** Handles what the fake queued for the bot (as polling would), returning the calls the bot made meanwhile. */
  private async drain(): Promise<MaxCall[]> {
    const from = this.calls.length;
    const { updates, marker } = await this.fake.updates.poll(
      { timeout: '0', marker: String(this.marker) },
      () => false,
    );
    this.marker = marker;
    for (const u of updates) await this.front.handle(u as MaxUpdate);
    return this.calls.slice(from);
  }

  user = (userId: number) => ({ user_id: userId, first_name: `User${userId}`, is_bot: false });

  /** The user pressed «Начать» (opened https://max.ru/<bot>?start=<payload>). */
  started(userId: number, payload?: string) {
    this.fake.userStarts(this.fake.addUser(this.user(userId)), payload);
    return this.drain();
  }

  /** A message in the user's dialog with the bot. */
  send(userId: number, text: string) {
    this.fake.userWrites(this.user(userId), text);
    return this.drain();
  }

  /** A photo (`image`) or a file from the user in their dialog, with words when given. */
  sendFile(userId: number, kind: 'image' | 'file', data: Buffer, o: { filename?: string; text?: string } = {}) {
    this.fake.userSendsFile(this.user(userId), kind, data, o);
    return this.drain();
  }

  /** One message from the user with several images and files (MAX allows it). */
  sendFiles(userId: number, files: { kind: 'image' | 'file'; data: Buffer; filename?: string }[], text?: string) {
    this.fake.userSendsFiles(this.user(userId), files, text);
    return this.drain();
  }

  /** A press of a callback button under the bot's message `mid` (default: the last one sent to the user). */
  press(userId: number, payload: string, mid = this.lastMid(userId)) {
    this.fake.userPresses(this.user(userId), mid, payload);
    return this.drain();
  }

  /** A message from the user in the group chat `chatId` (the bot is a member there). */
  inGroup(chatId: number, userId: number, text: string) {
    this.fake.addChat(chatId);
    this.fake.push({
      update_type: 'message_created',
      message: {
        sender: this.user(userId),
        recipient: { chat_id: chatId, chat_type: 'chat' },
        timestamp: Date.now(),
        body: { mid: `mid.g${chatId}.${++this.groupSeq}`, text },
      },
    });
    return this.drain();
  }

  /** The payload of the callback button labelled `text` among these calls (as a press would send it). */
  static payload(calls: MaxCall[], text: string): string {
    const b = maxButtons(calls).find((x) => x.text === text || x.text.startsWith(text));
    if (!b || !('payload' in b)) throw new Error(`no button «${text}» in ${JSON.stringify(maxButtons(calls))}`);
    return String(b.payload);
  }

  /** The mid of the last message the bot sent to the user. */
  lastMid(userId: number): string {
    return this.fake.sentToUser(userId).at(-1)?.mid ?? 'mid.none';
  }
}

/** The texts of the messages sent and edited in these calls. */
export const maxTexts = (calls: MaxCall[]) =>
  calls
    .filter((c) => c.path === '/messages' && (c.method === 'POST' || c.method === 'PUT'))
    .map((c) => (c.body as MaxNewMessage).text ?? '');

/** The buttons of the calls' keyboards, in order. */
export const maxButtons = (calls: MaxCall[]): MaxButton[] =>
  calls.flatMap((c) =>
    ((c.body as MaxNewMessage | undefined)?.attachments ?? []).flatMap((a) =>
      a.type === 'inline_keyboard' ? a.payload.buttons.flat() : [],
    ),
  );

/** Links MAX user `userId` with a fresh code for `input` (the invitation's deep link), agreeing to the consent where asked. */
export async function linkInMax(h: MaxHarness, ds: DataSource, userId: number, input: CodeFor): Promise<MaxCall[]> {
  const code = await issue(ds, { now: h.clock.now(), ...input }, h.hashKey);
  const calls = await h.started(userId, code.replace(/-/g, ''));
  const yes = maxButtons(calls).find((b) => b.text === 'Согласен');
  if (yes && 'payload' in yes) return [...calls, ...(await h.press(userId, String(yes.payload)))];
  return calls;
}
