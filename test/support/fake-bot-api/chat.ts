import { checkMenuButton } from './checks.js';
import type { BotState } from './state.js';
import { badRequest, commandKey, type Handler } from './types.js';

/** The bot and its chats: getMe, the command lists, the menu button, getChat. */

export function chatHandlers(s: BotState): Record<string, Handler> {
  return {
    getme: () => s.botUser,

    setmycommands: (p) => {
      if (!Array.isArray(p.commands)) throw badRequest('parameter "commands" is required');
      if (p.commands.length > 100) throw badRequest('too many commands');
      for (const c of p.commands) {
        if (!c || typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command))
          throw badRequest('BOT_COMMAND_INVALID');
        if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256)
          throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
      }
      s.commands.set(
        commandKey(p.scope, p.language_code),
        p.commands.map((c: any) => ({ command: c.command, description: c.description })),
      );
      return true;
    },
    getmycommands: (p) => s.commands.get(commandKey(p.scope, p.language_code)) ?? [],
    deletemycommands: (p) => {
      s.commands.delete(commandKey(p.scope, p.language_code));
      return true;
    },

    setchatmenubutton: (p) => {
      checkMenuButton(p.menu_button);
      if (p.chat_id !== undefined) s.targetChat(p).menuButton = p.menu_button ?? { type: 'default' };
      else s.defaultMenuButton = p.menu_button ?? { type: 'commands' };
      return true;
    },
    getchatmenubutton: (p) => (p.chat_id !== undefined ? s.targetChat(p).menuButton : undefined) ?? s.defaultMenuButton,

    getchat: (p) => {
      const chat = s.targetChat(p);
      return {
        ...s.chatObject(chat.id),
        accent_color_id: 0,
        max_reaction_count: 11,
        accepted_gift_types: {
          unlimited_gifts: false,
          limited_gifts: false,
          unique_gifts: false,
          premium_subscription: false,
        },
      };
    },
  };
}
