import { Composer, type Api } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import { onButton } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import { textsFor } from '../../i18n.js';
import {
  groupCode,
  groupPanel,
  groupReplace,
  groupReplaceNo,
  groupToggle,
  groupUnlinkAsk,
  groupUnlinkYes,
} from './callbacks.js';
import { groupHandlers } from './group.js';
import { panelHandlers } from './panel.js';
import { groupCommands } from './views.js';

/**
 * The class's group chat (issue 19). Two halves:
 * - `classGroupChats`, registered before the private-only guard: everything
 *   that happens in groups and supergroups stops here (linking, the class's
 *   homework and timetable on request, membership changes, the move to a
 *   supergroup). Ordinary chatter is ignored; channels go on to the guard.
 * - `classGroupFeature`, in the private chat: the class teacher's panel
 *   (/classgroup) and the group's deep link to confirm an announcement.
 */
const START_ANNOUNCEMENT = /^ann(\d{1,12})$/;

/** Commands of the bot's private chat: in a group they get the pointer to the private chat. */
const PRIVATE_COMMANDS = new Set([
  'marks',
  'absences',
  'checklist',
  'children',
  'absent',
  'consult',
  'messages',
  'errors',
  'announce',
  'today',
  'class',
  'classgroup',
  'control',
  'settings',
  'notifications',
  'privacy',
  'mydata',
  'logout',
  'compromised',
  'desk',
  'paper',
]);

export function classGroupChats(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const groups = composer.chatType(['group', 'supergroup']);
  const h = groupHandlers(services);
  groups.on('my_chat_member', h.membership);
  groups.on('message:migrate_to_chat_id', (ctx) =>
    services.classGroup.migrated(ctx.chat.id, ctx.message.migrate_to_chat_id),
  );
  groups.command('link', (ctx) => h.link(ctx, ctx.match.trim()));
  groups.command('start', async (ctx) => (ctx.match.trim() ? h.link(ctx, ctx.match.trim()) : h.help(ctx)));
  groups.command('unlink', h.unlink);
  groups.command('homework', (ctx) => h.answer(ctx, 'homework'));
  groups.command('schedule', (ctx) => h.answer(ctx, 'schedule'));
  groups.command('help', h.help);
  onButton(groups, groupReplace, (ctx, { codeId }) => h.replace(ctx, codeId));
  onButton(groups, groupReplaceNo, (ctx) => h.keep(ctx));
  groups.on('callback_query', h.other);
  groups.on('message', async (ctx) => {
    const text = ctx.message.text ?? '';
    const [head] = text.split(/\s/, 1);
    const [command, target] = head.slice(1).split('@');
    const toMe = target?.toLowerCase() === ctx.me.username.toLowerCase();
    const ours = head.startsWith('/') && (toMe || (!target && PRIVATE_COMMANDS.has(command.toLowerCase())));
    const mentioned = text.includes(`@${ctx.me.username}`) || ctx.message.reply_to_message?.from?.id === ctx.me.id;
    // Ordinary chatter (and other bots' commands) is none of the bot's business.
    if (ours || mentioned) await h.other(ctx);
  });
  // Nothing from a group goes further (the private features never see a group).
  groups.use(() => undefined);
  return composer;
}

export function classGroupFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const h = panelHandlers(services);
  priv.command('start', async (ctx, next) => {
    const m = START_ANNOUNCEMENT.exec(ctx.match.trim());
    return m ? h.confirmFromGroup(ctx, Number(m[1])) : next();
  });
  priv.command('classgroup', h.pick);
  onButton(priv, groupPanel, (ctx, { classId }) => h.open(ctx, classId));
  onButton(priv, groupCode, (ctx, { classId }) => h.code(ctx, classId));
  onButton(priv, groupToggle, (ctx, { classId, option }) => h.toggle(ctx, classId, option));
  onButton(priv, groupUnlinkAsk, (ctx, { classId }) => h.unlinkAsk(ctx, classId));
  onButton(priv, groupUnlinkYes, (ctx, { classId }) => h.unlinkYes(ctx, classId));
  return composer;
}

/** The command list every group shows (Telegram's `all_group_chats` scope), set once at start-up. */
export async function setGroupCommands(api: Api): Promise<void> {
  await api.setMyCommands(groupCommands(textsFor()), { scope: { type: 'all_group_chats' } });
}
