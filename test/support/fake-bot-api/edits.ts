import { checkMarkup, renderText } from './checks.js';
import type { BotState } from './state.js';
import { badRequest, type CallbackAnswer, type Handler, type InlineButton } from './types.js';

/** Changing what was sent (text, keyboard, deletion) and answering button presses. */

export function editHandlers(s: BotState): Record<string, Handler> {
  return {
    editmessagetext: (p) => {
      const { msg } = s.ownMessage(p, 'edit');
      if (msg.text === undefined) throw badRequest('there is no text in the message to edit');
      const { plain, raw } = renderText(p.text, p.parse_mode, 'message text', 4096);
      checkMarkup(p.reply_markup, true, msg.chatId);
      const inline = p.reply_markup?.inline_keyboard as InlineButton[][] | undefined;
      if (plain === msg.text && JSON.stringify(inline) === JSON.stringify(msg.inlineKeyboard))
        throw badRequest(
          'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      // As in Telegram, an edit without reply_markup removes the inline keyboard.
      Object.assign(msg, { text: plain, rawText: raw, parseMode: p.parse_mode, inlineKeyboard: inline });
      return s.edited(msg, 'text', { text: plain });
    },

    editmessagereplymarkup: (p) => {
      const { msg } = s.ownMessage(p, 'edit');
      checkMarkup(p.reply_markup, true, msg.chatId);
      const inline = p.reply_markup?.inline_keyboard as InlineButton[][] | undefined;
      if (JSON.stringify(inline) === JSON.stringify(msg.inlineKeyboard))
        throw badRequest(
          'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      msg.inlineKeyboard = inline;
      return s.edited(msg, 'markup', {});
    },

    deletemessage: (p) => {
      const { chat, msg } = s.ownMessage(p, 'delete');
      chat.messages.delete(msg.messageId);
      s.events.emit('delete', { chatId: chat.id, messageId: msg.messageId });
      return true;
    },

    answercallbackquery: (p) => {
      const q = s.queries.get(String(p.callback_query_id ?? ''));
      if (!q || q.answered) throw badRequest('query is too old and response timeout expired or query ID is invalid');
      if (p.text !== undefined && String(p.text).length > 200) throw badRequest('MESSAGE_TOO_LONG');
      q.answered = true;
      const answer: CallbackAnswer = {
        queryId: String(p.callback_query_id),
        chatId: q.chatId,
        messageId: q.messageId,
        ...(p.text ? { text: String(p.text) } : {}),
        showAlert: p.show_alert === true || p.show_alert === 'true',
        ...(p.url ? { url: String(p.url) } : {}),
      };
      s.callbackAnswers.push(answer);
      s.events.emit('callbackAnswer', answer);
      return true;
    },
  };
}
