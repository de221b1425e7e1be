import { Composer, InlineKeyboard } from 'grammy';
import { loadAccessProfile, type AccessProfile } from '../../core/access/profile.js';
import {
  checkCode,
  needsConsent,
  recordConsentRefusal,
  redeemInvitation,
  type LinkingDeps,
  type RedeemResult,
} from '../../core/linking/linking.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { formatTime } from '../format.js';
import { mainMenu, refreshChatCommands } from './menu.js';

/** How long a consent question stays answerable. */
const CONSENT_TTL_MS = 60 * 60 * 1000;

export interface LinkingFeatureDeps extends LinkingDeps {
  timezone: string;
}

/** The welcome line for a fresh link, naming the child or the staff member (plain text: sent without parse_mode). */
function welcome(ctx: BotContext, r: Extract<RedeemResult, { kind: 'linked' }>, p: AccessProfile): string {
  if (r.studentId) {
    const child = p.children.find((c) => c.studentId === r.studentId)!;
    return ctx.tPlain(`welcome-${r.role}`, { student: `${child.firstName} ${child.lastName}`, class: child.className });
  }
  const s = p.staff!;
  return ctx.tPlain(`welcome-${r.role}`, {
    name: [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' '),
    class: r.role === 'classTeacher' ? (r.className ?? '') : '',
  });
}

export function linkingFeature(deps: LinkingFeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');

  const finish = async (ctx: BotContext, r: Extract<RedeemResult, { kind: 'linked' }>) => {
    const p = await loadAccessProfile(deps.ds, ctx.from!.id, deps.hashKey);
    ctx.access = p;
    await ctx.reply(`${welcome(ctx, r, p)}\n\n${ctx.t('welcome-menu-hint')}`, {
      reply_markup: mainMenu(ctx, p),
    });
    await refreshChatCommands(ctx, p);
  };

  /** A code typed or opened by deep link. */
  const handleCode = async (ctx: BotContext, typed: string) => {
    const res = await checkCode(deps, ctx.from!.id, typed);
    switch (res.kind) {
      case 'limited':
        return void (await ctx.reply(ctx.tPlain('code-limited', { time: formatTime(res.retryAt, deps.timezone) })));
      case 'malformed':
        return void (await ctx.reply(ctx.t('code-malformed')));
      case 'invalid':
        return void (await ctx.reply(ctx.t('code-invalid')));
      case 'alreadyLinked':
        return void (await ctx.reply(
          ctx.tPlain('code-already-linked', { student: res.summary.studentName ?? 'none' }),
        ));
    }
    const { summary } = res;
    if (!needsConsent(summary.role)) {
      const r = await redeemInvitation(deps, {
        telegramUserId: ctx.from!.id,
        chatId: ctx.chat!.id,
        codeHash: summary.codeHash,
        consentGiven: false,
      });
      if (r.kind !== 'linked') return void (await ctx.reply(ctx.t('code-invalid')));
      return finish(ctx, r);
    }
    ctx.session.pendingCode = {
      invitationId: summary.invitationId,
      codeHash: summary.codeHash,
      at: deps.clock.now().getTime(),
    };
    await ctx.reply(ctx.t('consent-text', { who: summary.studentName ?? '', class: summary.className ?? 'none' }), {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard()
        .text(ctx.t('consent-yes'), cb('cf', 'y'))
        .text(ctx.t('consent-no'), cb('cf', 'n')),
    });
  };

  priv.command('start', async (ctx, next) => {
    const payload = ctx.match.trim();
    if (payload) return handleCode(ctx, payload);
    if (ctx.access?.links.length) {
      await ctx.reply(ctx.t('welcome-back'), { reply_markup: mainMenu(ctx, ctx.access) });
      return;
    }
    await next(); // the unlinked greeting (start feature)
  });

  priv.callbackQuery(/^cf:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const pending = ctx.session.pendingCode;
    if (
      !data ||
      !['y', 'n'].includes(data.arg) ||
      !pending ||
      deps.clock.now().getTime() - pending.at > CONSENT_TTL_MS
    ) {
      delete ctx.session.pendingCode;
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup();
      return void (await ctx.reply(ctx.t('consent-expired')));
    }
    delete ctx.session.pendingCode;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    if (data.arg === 'n') {
      await recordConsentRefusal(deps, { telegramUserId: ctx.from.id, codeHash: pending.codeHash });
      return void (await ctx.reply(ctx.t('consent-refused')));
    }
    const r = await redeemInvitation(deps, {
      telegramUserId: ctx.from.id,
      chatId: ctx.chat.id,
      codeHash: pending.codeHash,
      consentGiven: true,
    });
    if (r.kind !== 'linked') return void (await ctx.reply(ctx.t('code-invalid')));
    await ctx.reply(ctx.tPlain('consent-given', { time: formatTime(deps.clock.now(), deps.timezone) }));
    await finish(ctx, r);
  });

  /** Plain text from someone not linked is taken as a code; from a linked account, only if it looks like one. */
  priv.on('message:text', async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith('/')) return next();
    const looksLikeCode = /^[\sA-Za-z0-9\u0410-\u044f-]{16,24}$/.test(text) && /\d/.test(text);
    if (!ctx.access?.links.length || looksLikeCode) return handleCode(ctx, text);
    await next();
  });

  return composer;
}
