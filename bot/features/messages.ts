import { Composer, InlineKeyboard } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { DataSource } from 'typeorm';
import { authorizeStudent, mayOnSchool } from '../../core/access/policy.js';
import type { Clock } from '../../core/clock.js';
import {
  contactsOf,
  listThreads,
  loadThread,
  MessageRefused,
  officeHours,
  readThread,
  schoolThreads,
  sendFamilyMessage,
  sendStaffMessage,
  setOfficeHours,
  staffThreadWith,
  threadFor,
  type Hours,
} from '../../core/messages/index.js';
import { childName } from '../../core/family/common.js';
import { formatTime } from '../format.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { family, fileOf } from '../family/session.js';
import { answerTo, ask, askAgain, dropQuestion } from '../answers.js';
import { unavailable } from '../ui.js';
import { html, joinHtml } from '../../core/html.js';
import { splitMessage } from '../ui.js';

/** Office hours offered to staff (one tap); `off` removes them. */
export const HOURS_PRESETS: Record<string, Hours> = {
  a: { days: [1, 2, 3, 4, 5], fromTime: '15:00', toTime: '17:00' },
  b: { days: [1, 2, 3, 4, 5], fromTime: '14:00', toTime: '16:00' },
  c: { days: [1, 2, 3, 4, 5, 6], fromTime: '09:00', toTime: '18:00' },
};

/** Plain text: an argument of HTML and plain texts alike. */
export const hoursText = (ctx: BotContext, h: Hours | null) => {
  if (!h) return ctx.tPlain('msg-hours-none');
  const days = h.days.length === 7 ? 'all' : h.days.length === 6 ? 'six' : 'weekdays';
  return ctx.tPlain('msg-hours-text', { days: ctx.tPlain(`msg-days-${days}`), from: h.fromTime, to: h.toTime });
};

/**
 * The staff member's answer box for a family (from an absence report's «Ответить», or a thread).
 */
export async function startStaffReply(
  ds: DataSource,
  ctx: BotContext,
  f: { studentId: number; accountHash: string },
): Promise<void> {
  const threadId = ctx.access ? await staffThreadWith(ds, ctx.access, f) : null;
  if (!threadId) return void (await ctx.reply(ctx.t('msg-error-notAllowed')));
  ask(ctx, 'thread', { id: threadId });
  await ctx.reply(ctx.t('msg-ask-reply'));
}

/**
 * /messages and «✉️ Сообщения» (issue 8): a family writes to the child's
 * teachers and the administration; staff answer in the thread; both see
 * their threads with unread counts; staff set office hours; the director
 * may read any thread of the school, each opening audited.
 */
export function messagesFeature(deps: {
  ds: DataSource;
  timezone: string;
  clock: Clock;
  dailyLimit: number;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');

  const refusal = (ctx: BotContext, e: unknown) => {
    if (!(e instanceof MessageRefused)) throw e;
    return ctx.tPlain(`msg-error-${e.reason}`, { limit: Number(e.details.limit ?? deps.dailyLimit) });
  };

  const list = async (ctx: BotContext) => {
    const p = ctx.access;
    if (!p?.links.length) return void (await ctx.reply(ctx.t('not-linked')));
    const threads = await listThreads(deps.ds, p, deps.clock.now());
    const kb = new InlineKeyboard();
    const lines: string[] = [];
    let unread = 0;
    for (const t of threads) {
      unread += t.unread;
      const mine = p.staff?.staffId === t.staffId;
      // Plain: a button label, escaped for the list below.
      const label = mine
        ? ctx.tPlain('msg-thread-line-staff', {
            unread: t.unread,
            who: t.familyRole,
            child: t.studentName,
            class: t.className,
          })
        : ctx.tPlain('msg-thread-line-family', { unread: t.unread, staff: t.staffName, child: t.studentName });
      lines.push(html`${label}`.toString());
      kb.text(label.slice(0, 60), cb('mo', t.id)).row();
    }
    if (p.children.length) kb.text(ctx.t('msg-write'), cb('mw', 'new')).row();
    if (p.children.some((c) => c.via === 'guardian')) kb.text(ctx.t('con-button'), cb('cm', 'new')).row();
    if (p.staff) kb.text(ctx.t('msg-hours-button'), cb('mh', 'menu')).row();
    if (p.staff && mayOnSchool(p, 'auditThreads', p.staff)) kb.text(ctx.t('msg-audit-button'), cb('md', 'list'));
    const text = [
      ctx.t('msg-list-title'),
      threads.length ? ctx.t('msg-unread-total', { count: unread }) : ctx.t('msg-list-empty'),
      ...lines,
    ].join('\n');
    await ctx.reply(text, { parse_mode: 'HTML', reply_markup: kb });
  };
  priv.command('messages', list);
  // The class teacher's desk links here («✉️ Сообщения»).
  priv.callbackQuery(/^wm:/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await list(ctx);
  });
  priv.filter(hears('msg-menu-button'), list);

  // ── a family writes ────────────────────────────────────────────────────────
  const pickTeacher = async (ctx: BotContext, studentId: number, edit: boolean) => {
    const s = ctx.access ? await authorizeStudent(deps.ds, ctx.access, 'messageStaff', studentId) : null;
    if (!s) return false;
    family(ctx).compose = { studentId, mode: 'message' };
    const contacts = await contactsOf(deps.ds, studentId);
    if (!contacts.length) {
      await ctx.reply(ctx.t('msg-no-contacts'));
      return true;
    }
    const kb = new InlineKeyboard();
    for (const c of contacts) {
      const roles = c.roles.map((r) => ctx.tPlain(`msg-role-${r}`, { subjects: c.subjects.join(', ') })).join(', ');
      kb.text(ctx.tPlain('msg-contact', { name: c.name, roles }).slice(0, 64), cb('mt', c.staffId)).row();
    }
    const text = ctx.tPlain('msg-pick-teacher', { child: childName(s) });
    if (edit) await ctx.editMessageText(text, { reply_markup: kb });
    else await ctx.reply(text, { reply_markup: kb });
    return true;
  };

  priv.callbackQuery(/^mw:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const kids = ctx.access?.children ?? [];
    if (!data || !kids.length) return void (await unavailable(ctx));
    if (data.id) {
      if (!(await pickTeacher(ctx, data.id, true))) return void (await unavailable(ctx));
      return void (await ctx.answerCallbackQuery());
    }
    await ctx.answerCallbackQuery();
    if (kids.length === 1) return void (await pickTeacher(ctx, kids[0].studentId, false));
    const kb = new InlineKeyboard();
    for (const k of kids) kb.text(`${k.firstName} ${k.lastName}`, cb('mw', k.studentId)).row();
    await ctx.reply(ctx.t('msg-pick-child'), { reply_markup: kb });
  });

  priv.callbackQuery(/^mt:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const c = ctx.session.family?.compose;
    const s = c && ctx.access ? await authorizeStudent(deps.ds, ctx.access, 'messageStaff', c.studentId) : null;
    const contact =
      s && data?.id ? (await contactsOf(deps.ds, s.studentId)).find((x) => x.staffId === data.id) : undefined;
    if (!contact) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    if (c!.mode === 'consultation') return; // consultations pick their teacher in bot/features/consultations.ts
    ask(ctx, 'threadNew', { id: contact.staffId });
    await ctx.editMessageText(ctx.tPlain('msg-ask-text', { staff: contact.name }));
  });

  // ── reading and answering ──────────────────────────────────────────────────
  const showThread = async (ctx: BotContext, threadId: number, audit: boolean) => {
    const p = ctx.access!;
    const r = await readThread(deps.ds, p, threadId, { audit, now: deps.clock.now() });
    if (!r) return false;
    const { thread: t, messages } = r;
    const mineAsFamily = !audit && p.accountHash === t.accountHash && p.staff?.staffId !== t.staffId;
    const title =
      audit && !(await threadFor(deps.ds, p, threadId, 'read'))
        ? ctx.t('msg-thread-title-audit', {
            staff: t.staffName,
            who: t.familyRole,
            child: t.studentName,
            class: t.className,
          })
        : ctx.t('msg-thread-title', {
            staff: mineAsFamily
              ? t.staffName
              : ctx.tPlain(t.familyRole === 'guardian' ? 'msg-role-family-guardian' : 'msg-role-family-student'),
            child: t.studentName,
            class: t.className,
          });
    const lines = messages.map((m) => {
      const me = !audit && (m.side === 'family') === mineAsFamily;
      const name =
        m.side === 'staff'
          ? t.staffName
          : ctx.tPlain(t.familyRole === 'guardian' ? 'msg-role-family-guardian' : 'msg-role-family-student');
      const body = joinHtml(
        [m.text || null, m.fileId ? ctx.tHtml('msg-file', { kind: m.fileKind ?? 'document' }) : null].filter(
          (x) => x !== null,
        ),
        ' ',
      );
      return ctx.t('msg-line', {
        side: me ? 'me' : 'other',
        name,
        time: formatTime(new Date(m.createdAt), deps.timezone),
        text: body,
      });
    });
    const kb = new InlineKeyboard();
    if (!audit || (await threadFor(deps.ds, p, threadId, 'write'))) kb.text(ctx.t('msg-reply'), cb('mr', threadId));
    const text = [title, '', ...lines].join('\n');
    // A long thread: its newest part, cut between lines (never inside a tag or an escaped name).
    await ctx.reply(splitMessage(text).at(-1)!, {
      parse_mode: 'HTML',
      reply_markup: kb,
    });
    return true;
  };

  priv.callbackQuery(/^mo:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !ctx.access || !(await showThread(ctx, data.id, false))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
  });

  priv.callbackQuery(/^mr:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const t = data?.id && ctx.access ? await threadFor(deps.ds, ctx.access, data.id, 'write') : null;
    if (!t) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    ask(ctx, 'thread', { id: t.id });
    await ctx.reply(ctx.t('msg-ask-reply'));
  });

  // ── office hours ───────────────────────────────────────────────────────────
  priv.callbackQuery(/^mh:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const staff = ctx.access?.staff;
    if (!data || !staff || !(data.arg === 'menu' || data.arg === 'off' || HOURS_PRESETS[data.arg]))
      return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    if (data.arg !== 'menu') {
      const h = data.arg === 'off' ? null : HOURS_PRESETS[data.arg];
      await setOfficeHours(deps.ds, staff.staffId, h, { kind: 'staff', staffId: staff.staffId });
      return void (await ctx.editMessageText(ctx.tPlain('msg-hours-saved', { hours: hoursText(ctx, h) })));
    }
    const kb = new InlineKeyboard()
      .text(ctx.t('msg-hours-preset-a'), cb('mh', 'a'))
      .row()
      .text(ctx.t('msg-hours-preset-b'), cb('mh', 'b'))
      .row()
      .text(ctx.t('msg-hours-preset-c'), cb('mh', 'c'))
      .row()
      .text(ctx.t('msg-hours-off'), cb('mh', 'off'));
    await ctx.reply(ctx.t('msg-hours-title', { hours: hoursText(ctx, await officeHours(deps.ds, staff.staffId)) }), {
      parse_mode: 'HTML',
      reply_markup: kb,
    });
  });

  // ── the director's audited reading ─────────────────────────────────────────
  priv.callbackQuery(/^md:/, async (ctx) => {
    const p = ctx.access;
    if (!p?.staff || !mayOnSchool(p, 'auditThreads', p.staff)) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    const threads = await schoolThreads(deps.ds, p.staff.schoolId);
    const kb = new InlineKeyboard();
    for (const t of threads)
      kb.text(`${t.staffName} — ${t.studentName}, ${t.className}`.slice(0, 60), cb('mx', t.id)).row();
    await ctx.reply(threads.length ? ctx.t('msg-audit-title') : ctx.t('msg-audit-empty'), {
      parse_mode: 'HTML',
      reply_markup: kb,
    });
  });

  priv.callbackQuery(/^mx:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !ctx.access || !(await showThread(ctx, data.id, true))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
  });

  // ── the message itself ─────────────────────────────────────────────────────
  priv.on('message', async (ctx, next) => {
    const w = answerTo(ctx, ['thread', 'threadNew']);
    if (!w || !ctx.access) return next();
    const f = fileOf(ctx);
    const body = {
      text: (ctx.message.text ?? ctx.message.caption ?? '').trim() || null,
      file: f ? { kind: f.kind, fileId: f.fileId } : null,
    };
    try {
      if (w.kind === 'threadNew') {
        const c = ctx.session.family?.compose;
        if (!c) return void (await ctx.reply(ctx.t('msg-error-notAllowed')));
        const r = await sendFamilyMessage(
          deps.ds,
          ctx.access,
          { studentId: c.studentId, staffId: w.args.id!, ...body },
          { now: deps.clock.now(), timezone: deps.timezone, dailyLimit: deps.dailyLimit },
        );
        const t = (await loadThread(deps.ds, r.threadId))!;
        family(ctx).compose = undefined;
        return void (await ctx.reply(
          r.deliverAt
            ? ctx.tPlain('msg-sent-later', {
                staff: t.staffName,
                hours: hoursText(ctx, r.hours),
                at: formatTime(r.deliverAt, deps.timezone),
              })
            : ctx.tPlain('msg-sent', { staff: t.staffName }),
        ));
      }
      const t = await threadFor(deps.ds, ctx.access, w.args.id!, 'write');
      if (!t) return void (await ctx.reply(ctx.t('msg-error-notAllowed')));
      if (ctx.access.staff?.staffId === t.staffId) {
        await sendStaffMessage(deps.ds, ctx.access, t.id, body, deps.clock.now());
        return void (await ctx.reply(ctx.t('msg-reply-sent')));
      }
      const r = await sendFamilyMessage(
        deps.ds,
        ctx.access,
        { studentId: t.studentId, staffId: t.staffId, ...body },
        { now: deps.clock.now(), timezone: deps.timezone, dailyLimit: deps.dailyLimit },
      );
      await ctx.reply(
        r.deliverAt
          ? ctx.tPlain('msg-sent-later', {
              staff: t.staffName,
              hours: hoursText(ctx, r.hours),
              at: formatTime(r.deliverAt, deps.timezone),
            })
          : ctx.tPlain('msg-sent', { staff: t.staffName }),
      );
    } catch (e) {
      const text = refusal(ctx, e);
      if (e instanceof MessageRefused && (e.reason === 'empty' || e.reason === 'tooLong')) askAgain(ctx, w);
      await ctx.reply(text);
    }
  });

  return composer;
}
