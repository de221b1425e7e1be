import type { Message, Update } from 'grammy/types';
import type { BotState } from './state.js';
import { now, type ChatMessage, type Handler } from './types.js';
import { groupChatObject } from './group-state.js';

export type { FakeGroup } from './group-state.js';

/**
 * Group chats in the fake Bot API (issue 19): a group the bot is added to,
 * messages of its members (privacy mode: the tests send only what Telegram
 * would pass on — commands, mentions, service messages), the bot's own
 * membership (my_chat_member, getChatMember), removal (sends answer 403) and
 * the move to a supergroup (the old id answers 400 with migrate_to_chat_id).
 */
export function groupHandlers(s: BotState): Record<string, Handler> {
  return {
    getchatmember: (p) => {
      const g = s.groups.get(Number(p.chat_id));
      const user = Number(p.user_id) === s.botUser.id ? s.botUser : s.userObject(Number(p.user_id));
      if (g && Number(p.user_id) === s.botUser.id) return { ...g.bot, user };
      return { status: g ? 'member' : 'left', user };
    },
  };
}

/** The group's view of these operations, for FakeBotApi. */
export function groupOps(s: BotState) {
  const membership = (groupId: number, byUserId: number, status: Record<string, unknown>) => {
    const g = s.groups.get(groupId)!;
    const old = g.bot;
    g.bot = status;
    return s.enqueue({
      my_chat_member: {
        chat: groupChatObject(groupId, g),
        from: s.userObject(byUserId),
        date: now(),
        old_chat_member: { ...old, user: s.botUser },
        new_chat_member: { ...status, user: s.botUser },
      },
    } as unknown as Omit<Update, 'update_id'>);
  };
  return {
    /** The bot is added to a group by a member (my_chat_member: left → member). */
    addBotToGroup(groupId: number, title: string, byUserId: number): Update {
      s.chat(groupId);
      s.groups.set(groupId, { title, bot: { status: 'left' } });
      return membership(groupId, byUserId, { status: 'member' });
    },
    /** The bot's status changes: removed (`left`), restricted without the right to send, a member again. */
    setBotStatus: membership,
    /** A member writes in the group; `/cmd` gets its bot_command entity. */
    injectGroupMessage(groupId: number, userId: number, text: string, extra: Partial<Message> = {}): Update {
      const chat = s.chat(groupId);
      const g = s.groups.get(groupId)!;
      const command = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?/.exec(text);
      const message = {
        message_id: chat.nextMessageId++,
        from: s.userObject(userId),
        chat: groupChatObject(groupId, g),
        date: now(),
        ...(text ? { text } : {}),
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
        ...extra,
      } as Message;
      const stored: ChatMessage = {
        chatId: groupId,
        messageId: message.message_id,
        fromBot: false,
        date: message.date,
        text,
        editCount: 0,
        message,
      };
      chat.messages.set(message.message_id, stored);
      return s.enqueue({ message } as Omit<Update, 'update_id'>);
    },
    /** Telegram turns the group into a supergroup: the old chat says so (migrate_to_chat_id) and stops taking sends. */
    migrateGroup(groupId: number, newId: number, byUserId: number): Update {
      const g = s.groups.get(groupId)!;
      s.chat(newId);
      s.groups.set(newId, { ...g });
      const update = this.injectGroupMessage(groupId, byUserId, '', { migrate_to_chat_id: newId });
      g.migratedTo = newId;
      return update;
    },
  };
}
