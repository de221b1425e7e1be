import type { AccessProfile } from '../../../core/access/profile.js';
import type { BotContext } from '../../context.js';
import { commandsFor } from './views.js';

export { DIARY_MENU_KEYS, MENU_BUTTON_KEYS, commandsFor, isMenuButton, mainMenu } from './views.js';

/** Sets this chat's command list to the account's roles (or removes it after unlinking). */
export async function refreshChatCommands(ctx: BotContext, p: AccessProfile | null): Promise<void> {
  const scope = { type: 'chat' as const, chat_id: ctx.chat!.id };
  if (p && p.links.length) await ctx.api.setMyCommands(commandsFor(ctx, p), { scope });
  else await ctx.api.deleteMyCommands({ scope });
}
