import { checkMarkup, renderText } from './checks.js';
import type { BotState } from './state.js';
import { badRequest, type Handler } from './types.js';

/** Sending: texts (HTML checked and rendered as a client shows it) and chat actions. */

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
export function messageHandlers(s: BotState): Record<string, Handler> {
  return {
    sendmessage: (p) => {
      const chat = s.targetChat(p);
      const { plain, raw } = renderText(p.text, p.parse_mode, 'message text', 4096);
      checkMarkup(p.reply_markup, false, chat.id);
      return s.message(chat, p, { text: plain, rawText: raw, parseMode: p.parse_mode }, { text: plain }).message;
    },

    sendchataction: (p) => {
      s.targetChat(p);
      if (!CHAT_ACTIONS.has(String(p.action))) throw badRequest('wrong parameter action in request');
      return true;
    },
  };
}
