import { InputFile, type Bot } from 'grammy';
import type { ChatSender } from '../../../web/server/index.js';
import type { BotContext } from '../../context.js';

/** What the Mini App sends to a messenger's chat (a homework file), through that messenger's bot. */
export const webappChat = (bot: Bot<BotContext>): ChatSender => ({
  sendDocument: async (chatId, fileId, caption) => {
    await bot.api.sendDocument(chatId, fileId, { caption });
  },
  sendFile: async (chatId, file, caption) =>
    (await bot.api.sendDocument(chatId, new InputFile(file.content, file.fileName), { caption })).document?.file_id ??
    null,
});
