import { sign } from '@tma.js/init-data-node';
import type { Hono } from 'hono';
import { createLogger } from '../../core/logger.js';
import { createWebApp } from '../../web/server/index.js';
import { webappDir } from '../../web/server/serve.js';
import type { BotHarness } from './bot-harness.js';

/** What the bot's files sent to chats look like in the Mini App's tests. */
export interface SentFile {
  chatId: number;
  fileId: string;
  caption: string;
  /** Set when the file was uploaded (Telegram did not hold it yet). */
  fileName?: string;
}

/** Launch data as Telegram signs it for `userId`, at `authDate` (the product's clock by default). */
export function launchData(token: string, userId: number, authDate: Date): string {
  return sign(
    { user: { id: userId, first_name: `U${userId}` }, query_id: 'AAH-test', chat_type: 'sender', chat_instance: '1' },
    token,
    authDate,
  );
}

export interface WebTest {
  app: Hono;
  sent: SentFile[];
  /** Calls the API as `userId` (signed now by the harness's clock), or with `initData` as given. */
  call(userId: number | { initData: string }, path: string, body?: unknown, method?: string): Promise<Response>;
  json<T = any>(userId: number, path: string, body?: unknown, method?: string): Promise<{ status: number; body: T }>;
}

/** The Mini App's server on the harness's services, with the harness's bot token. */
export function webTest(h: BotHarness): WebTest {
  const sent: SentFile[] = [];
  const app = createWebApp({
    services: h.services,
    botToken: h.token,
    logger: createLogger('silent'),
    staticDir: webappDir(),
    chat: {
      sendDocument: (chatId, fileId, caption) => Promise.resolve(void sent.push({ chatId, fileId, caption })),
      sendFile: (chatId, file, caption) => {
        const fileId = `uploaded-${sent.length + 1}`;
        sent.push({ chatId, fileId, caption, fileName: file.fileName });
        return Promise.resolve(fileId);
      },
    },
  }) as unknown as Hono;
  const call: WebTest['call'] = (who, path, body, method) => {
    const initData = typeof who === 'number' ? launchData(h.token, who, h.clock.now()) : who.initData;
    return Promise.resolve(
      app.request(`/app/api/${path}`, {
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `tma ${initData}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  };
  return {
    app,
    sent,
    call,
    json: async (userId, path, body, method) => {
      const res = await call(userId, path, body, method);
      return { status: res.status, body: await res.json() };
    },
  };
}
