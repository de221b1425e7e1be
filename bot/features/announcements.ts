import { Composer, InlineKeyboard } from 'grammy';
import type { DataSource } from 'typeorm';
import { mayOnSchool, visibleClasses } from '../../core/access/policy.js';
import {
  acknowledge,
  announcementFor,
  AnnouncementRefused,
  audienceSize,
  audienceClassName,
  cancelAnnouncement,
  createAnnouncement,
  isRecipient,
  mayAnnounce,
  receipts,
  recentAnnouncements,
  remindUnconfirmed,
  type Audience,
} from '../../core/announcements/index.js';
import type { Clock } from '../../core/clock.js';
import { addDays, wallClock, zonedInstant } from '../../core/calendar.js';
import type { Announcement } from '../../db/entities/index.js';
import { formatShortDate, formatTime } from '../format.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { family, fileOf } from '../family/session.js';
import { answerTo, ask, askAgain, dropQuestion } from '../answers.js';
import { unavailable } from '../ui.js';
import { html } from '../../core/html.js';
import { splitMessage } from '../ui.js';

/**
 * /announce (and «📣» on the class desk): audience, text with an optional
 * file, preview with «срочное» and the time (now or tomorrow 08:00), send.
 * The author then sees live receipts, who has not confirmed, reminds only
 * them, and may cancel a scheduled one. Families confirm with «Ознакомлен».
 */
export function announcementsFeature(deps: { ds: DataSource; timezone: string; clock: Clock }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const now = () => deps.clock.now();

  const refusal = (ctx: BotContext, e: unknown) => {
    if (!(e instanceof AnnouncementRefused)) throw e;
    return ctx.t(`ann-error-${e.reason}`);
  };

  /** Plain text: an argument of HTML and plain texts alike. */
  const audienceName = async (ctx: BotContext, a: Audience) => {
    const className = await audienceClassName(deps.ds, a);
    return ctx.tPlain('ann-audience', { scope: a.scope, class: className ?? '', grade: a.grade ?? 0 });
  };

  /** The audiences this account may pick: its classes, and for the administration grades and the school. */
  const menu = async (ctx: BotContext) => {
    const p = ctx.access;
    if (!p?.staff) return void (await ctx.reply(ctx.t('ann-none')));
    const classes = await visibleClasses(deps.ds, p, 'announce');
    if (!classes.length) return void (await ctx.reply(ctx.t('ann-none')));
    const kb = new InlineKeyboard();
    if (mayOnSchool(p, 'announceSchool', p.staff)) {
      kb.text(ctx.t('ann-scope-school'), cb('ah', 'school')).row();
      const grades = [...new Set(classes.map((c) => c.grade))].sort((a, b) => a - b);
      grades.forEach((g, i) => {
        kb.text(ctx.tPlain('ann-scope-grade', { grade: g }), cb('ag', g));
        if (i % 4 === 3) kb.row();
      });
      kb.row();
    }
    classes.forEach((c, i) => {
      kb.text(ctx.tPlain('ann-scope-class', { class: c.name }), cb('ak', c.classId));
      if (i % 4 === 3) kb.row();
    });
    kb.row().text(ctx.t('ann-list-button'), cb('as', 'list'));
    await ctx.reply(ctx.t('ann-pick-audience'), { parse_mode: 'HTML', reply_markup: kb });
  };
  priv.command('announce', menu);
  priv.callbackQuery(/^an:/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await menu(ctx);
  });

  const pick = async (ctx: BotContext, a: Audience) => {
    if (!ctx.access || !(await mayAnnounce(deps.ds, ctx.access, a))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    family(ctx).announcement = {
      scope: a.scope,
      classId: a.classId ?? undefined,
      grade: a.grade ?? undefined,
      urgent: false,
      sendAt: null,
      file: null,
    };
    ask(ctx, 'announceText', {});
    await ctx.reply(ctx.tPlain('ann-ask-text', { to: await audienceName(ctx, a) }));
  };
  priv.callbackQuery(/^ak:/, (ctx) =>
    pick(ctx, { scope: 'class', classId: parseCallback(ctx.callbackQuery.data)?.id ?? 0 }),
  );
  priv.callbackQuery(/^ag:/, (ctx) =>
    pick(ctx, { scope: 'grade', grade: parseCallback(ctx.callbackQuery.data)?.id ?? 0 }),
  );
  priv.callbackQuery(/^ah:/, (ctx) => pick(ctx, { scope: 'school' }));

  const tomorrowAt8 = () => zonedInstant(addDays(wallClock(deps.timezone, now()).date, 1), '08:00', deps.timezone);

  const preview = async (ctx: BotContext, edit: boolean) => {
    const d = ctx.session.family?.announcement;
    if (!d?.text || !ctx.access?.staff) return void (await ctx.reply(ctx.t('ann-error-notAllowed')));
    const size = await audienceSize(deps.ds, ctx.access.staff.schoolId, d);
    const lines = [
      ctx.t('ann-preview-title', { to: await audienceName(ctx, d) }),
      ctx.t('ann-preview-count', { families: size.families, chats: size.chats }),
      ...(d.urgent ? [ctx.t('ann-preview-urgent')] : []),
      ...(d.sendAt ? [ctx.t('ann-preview-when', { when: formatTime(new Date(d.sendAt), deps.timezone) })] : []),
      '',
      html`${d.text}`.toString(),
    ];
    const kb = new InlineKeyboard()
      .text(ctx.t(d.urgent ? 'ann-urgent-on' : 'ann-urgent-off'), cb('au', 'toggle'))
      .row()
      .text(ctx.t(d.sendAt ? 'ann-time-now' : 'ann-time-tomorrow'), cb('at', d.sendAt ? 'now' : 'tomorrow'))
      .row()
      .text(ctx.t('ann-send'), cb('ay', 'go'))
      .text(ctx.t('ann-cancel-draft'), cb('ay', 'no'));
    const opts = { parse_mode: 'HTML' as const, reply_markup: kb };
    if (edit) await ctx.editMessageText(lines.join('\n'), opts);
    else await ctx.reply(lines.join('\n'), opts);
  };

  priv.callbackQuery(/^au:/, async (ctx) => {
    const d = ctx.session.family?.announcement;
    if (!d?.text) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    d.urgent = !d.urgent;
    await preview(ctx, true);
  });

  priv.callbackQuery(/^at:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const d = ctx.session.family?.announcement;
    if (!d?.text || !data) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    d.sendAt = data.arg === 'tomorrow' ? tomorrowAt8().toISOString() : null;
    await preview(ctx, true);
  });

  const statsView = async (ctx: BotContext, a: Announcement) => {
    const r = await receipts(deps.ds, a.id);
    const to = await audienceName(ctx, a);
    const when = formatTime(new Date(a.status === 'sent' && a.sentAt ? a.sentAt : a.sendAt), deps.timezone);
    const text = [
      ctx.t('ann-stats-title', { to }),
      ctx.t('ann-stats-status', { status: a.status, when }),
      ...(a.status === 'sent' ? [ctx.t('ann-stats-count', { confirmed: r.confirmed, families: r.families })] : []),
      '',
      html`${a.text.length > 300 ? `${a.text.slice(0, 300)}…` : a.text}`.toString(),
    ].join('\n');
    const kb = new InlineKeyboard().text(ctx.t('ann-refresh'), cb('ai', a.id)).row();
    if (a.status === 'sent')
      kb.text(ctx.t('ann-who'), cb('aw', a.id)).row().text(ctx.t('ann-remind'), cb('am', a.id)).row();
    if (a.status === 'scheduled' && new Date(a.sendAt) > now()) kb.text(ctx.t('ann-cancel'), cb('ax', a.id));
    return { text, kb };
  };

  priv.callbackQuery(/^ay:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const d = ctx.session.family?.announcement;
    if (!data || !d?.text || !ctx.access) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    family(ctx).announcement = undefined;
    if (data.arg !== 'go') return void (await ctx.editMessageText(ctx.t('ann-draft-cancelled')));
    try {
      const a = await createAnnouncement(
        deps.ds,
        ctx.access,
        {
          scope: d.scope,
          classId: d.classId ?? null,
          grade: d.grade ?? null,
          text: d.text,
          file: d.file ?? null,
          urgent: !!d.urgent,
          sendAt: d.sendAt ? new Date(d.sendAt) : null,
        },
        { now: now() },
      );
      const to = await audienceName(ctx, a);
      await ctx.editMessageText(
        d.sendAt
          ? ctx.tPlain('ann-created-scheduled', { to, when: formatTime(new Date(a.sendAt), deps.timezone) })
          : ctx.tPlain('ann-created-now', { to }),
      );
      const v = await statsView(ctx, a);
      await ctx.reply(v.text, { parse_mode: 'HTML', reply_markup: v.kb });
    } catch (e) {
      await ctx.editMessageText(refusal(ctx, e));
    }
  });

  // ── after sending: live receipts, who has not confirmed, reminders, cancel ─
  const own = async (ctx: BotContext) => {
    const data = parseCallback(ctx.callbackQuery?.data);
    return data?.id && ctx.access ? announcementFor(deps.ds, ctx.access, data.id) : null;
  };

  priv.callbackQuery(/^ai:/, async (ctx) => {
    const a = await own(ctx);
    if (!a) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const v = await statsView(ctx, a);
    await ctx
      .editMessageText(v.text, { parse_mode: 'HTML', reply_markup: v.kb })
      .catch(() => ctx.reply(v.text, { parse_mode: 'HTML', reply_markup: v.kb }));
  });

  priv.callbackQuery(/^aw:/, async (ctx) => {
    const a = await own(ctx);
    if (!a) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const r = await receipts(deps.ds, a.id);
    if (!r.unconfirmed.length) return void (await ctx.reply(ctx.t('ann-unconfirmed-none')));
    const lines = r.unconfirmed.map((u) => ctx.t('ann-unconfirmed-line', { name: u.name, class: u.className }));
    // One message: its first part, cut between lines (never inside an escaped name).
    await ctx.reply(
      splitMessage([ctx.t('ann-unconfirmed-title', { count: r.unconfirmed.length }), ...lines].join('\n'))[0],
      {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text(ctx.t('ann-remind'), cb('am', a.id)),
      },
    );
  });

  priv.callbackQuery(/^am:/, async (ctx) => {
    const a = await own(ctx);
    if (!a) return void (await unavailable(ctx));
    try {
      const n = await remindUnconfirmed(deps.ds, ctx.access!, a.id, { now: now() });
      await ctx.answerCallbackQuery();
      await ctx.reply(n ? ctx.t('ann-reminded', { count: n }) : ctx.t('ann-reminded-none'));
    } catch (e) {
      await ctx.answerCallbackQuery({ text: refusal(ctx, e), show_alert: true });
    }
  });

  priv.callbackQuery(/^ax:/, async (ctx) => {
    const a = await own(ctx);
    if (!a) return void (await unavailable(ctx));
    try {
      await cancelAnnouncement(deps.ds, ctx.access!, a.id, { now: now() });
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t('ann-cancelled'));
    } catch (e) {
      await ctx.answerCallbackQuery({ text: refusal(ctx, e), show_alert: true });
    }
  });

  priv.callbackQuery(/^as:/, async (ctx) => {
    if (!ctx.access?.staff) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const list = await recentAnnouncements(deps.ds, ctx.access);
    const kb = new InlineKeyboard();
    const lines: string[] = [];
    for (const a of list) {
      const r = await receipts(deps.ds, a.id);
      // Plain: a button label, escaped for the list.
      const line = ctx.tPlain('ann-list-line', {
        date: formatShortDate(wallClock(deps.timezone, new Date(a.sendAt)).date),
        to: await audienceName(ctx, a),
        confirmed: r.confirmed,
        families: r.families,
      });
      lines.push(html`${line}`.toString());
      kb.text(line.slice(0, 60), cb('ai', a.id)).row();
    }
    kb.text(ctx.t('ann-new-button'), cb('an', 'new'));
    await ctx.reply(list.length ? [ctx.t('ann-list-title'), ...lines].join('\n') : ctx.t('ann-list-empty'), {
      parse_mode: 'HTML',
      reply_markup: kb,
    });
  });

  // ── families: «Ознакомлен» ─────────────────────────────────────────────────
  priv.callbackQuery(/^ar:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !ctx.access || !(await isRecipient(deps.ds, ctx.access, data.id)))
      return void (await unavailable(ctx));
    const first = await acknowledge(deps.ds, ctx.access, data.id);
    await ctx.answerCallbackQuery({ text: ctx.t(first ? 'ann-acked' : 'ann-acked-already') });
    if (first) await ctx.editMessageReplyMarkup().catch(() => undefined);
  });

  // ── the text (or a file with its caption) ──────────────────────────────────
  priv.on('message', async (ctx, next) => {
    const w = answerTo(ctx, ['announceText']);
    const d = ctx.session.family?.announcement;
    if (!w || !d) return next();
    const f = fileOf(ctx);
    const text = (ctx.message.text ?? ctx.message.caption ?? '').trim();
    if (!text) {
      ask(ctx, 'announceText', {});
      return void (await ctx.reply(ctx.t('ann-error-empty')));
    }
    if (text.length > 3500) {
      ask(ctx, 'announceText', {});
      return void (await ctx.reply(ctx.t('ann-error-tooLong')));
    }
    d.text = text;
    d.file = f ? { kind: f.kind, fileId: f.fileId } : null;
    await preview(ctx, false);
  });

  return composer;
}
