import { FakeBotApi } from '../../test/support/fake-bot-api/index.js';
import { FakeMaxApi } from '../../test/support/fake-max-api/index.js';
import { telegramChat, type DemoChatApi, type DemoMessengerName } from './chat-api.js';
import { MaxChat } from './max-chat.js';

/**
 * The messenger the demo plays through: its fake API on 127.0.0.1, the settings that point the bot
 * at it, and its tokens, which are in the sources and reach nothing but this machine. Only the chosen
 * messenger is configured: a token for the other one in the environment is dropped, so the demo
 * never talks to a real Telegram or MAX.
 */
export const DEMO_TOKEN = '100000001:DEMO-local-token-never-sent-to-telegram';
export const DEMO_MAX_TOKEN = 'DEMO-local-max-token-never-sent-to-max';
const BOT = 'dnevnik_demo_bot';

export interface DemoMessenger {
  name: DemoMessengerName;
  chat: DemoChatApi;
  /** The fake's address (the bot's API root). */
  url: string;
  /** The environment's settings for the bot (Telegram's or MAX's token and how updates arrive). */
  env: Record<string, string | undefined>;
  /** startApp's apiRoot override (Telegram's; MAX's goes through MAX_API_ROOT). */
  apiRoot?: string;
  stop(): Promise<void>;
}

const TELEGRAM_OFF = {
  BOT_TOKEN: undefined,
  BOT_API_ROOT: undefined,
  WEBHOOK_URL: undefined,
  WEBHOOK_SECRET: undefined,
};
const MAX_OFF = {
  MAX_BOT_TOKEN: undefined,
  MAX_API_ROOT: undefined,
  MAX_WEBHOOK_URL: undefined,
  MAX_WEBHOOK_SECRET: undefined,
};

export async function startDemoMessenger(name: DemoMessengerName, botName: string): Promise<DemoMessenger> {
  if (name === 'max') {
    const fake = await new FakeMaxApi({
      token: DEMO_MAX_TOKEN,
      bot: { user_id: 100_000_001, first_name: botName, username: BOT, is_bot: true },
    }).start();
    return {
      name,
      chat: new MaxChat(fake),
      url: fake.url,
      env: { ...TELEGRAM_OFF, ...MAX_OFF, MAX_BOT_TOKEN: DEMO_MAX_TOKEN, MAX_API_ROOT: fake.url, MAX_MODE: 'polling' },
      stop: () => fake.stop(),
    };
  }
  const fake = new FakeBotApi({ token: DEMO_TOKEN, bot: { first_name: botName, username: BOT } });
  const apiRoot = await fake.start();
  return {
    name,
    chat: telegramChat(fake),
    url: apiRoot,
    env: { ...TELEGRAM_OFF, ...MAX_OFF, BOT_TOKEN: DEMO_TOKEN, BOT_MODE: 'polling' },
    apiRoot,
    stop: () => fake.stop(),
  };
}
