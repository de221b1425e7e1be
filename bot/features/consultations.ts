import { Composer, InlineKeyboard } from 'grammy';
import type { DataSource } from 'typeorm';
import { authorizeStudent } from '../../core/access/policy.js';
import type { Clock } from '../../core/clock.js';
import {
  acceptSlot,
  confirmCounter,
  consultationFor,
  ConsultationRefused,
  declineConsultation,
  parseSlots,
  proposeSlot,
  requestConsultation,
} from '../../core/consultations/index.js';
import { childName } from '../../core/family/common.js';
import { contactsOf } from '../../core/messages/index.js';
import { formatTime } from '../format.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { family } from '../family/session.js';
import { answerTo, ask, askAgain, dropQuestion } from '../answers.js';
import { unavailable } from '../ui.js';

/**
 * /consult and «📅 Консультация с учителем» in /messages (issue 8): a
 * guardian picks the child and the teacher and proposes times (or any time);
 * the teacher answers from the delivered message (cy / cn / cz); the family
 * confirms a time the teacher proposed (cq).
 */
export function consultationsFeature(deps: {
  ds: DataSource;
  timezone: string;
  clock: Clock;
  /** MESSAGES_PER_DAY: requests share the family's daily limit with messages. */
  dailyLimit: number;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const now = () => deps.clock.now();
  const refusal = (ctx: BotContext, e: unknown) => {
    if (!(e instanceof ConsultationRefused)) throw e;
    return ctx.t(`con-error-${e.reason}`, { limit: deps.dailyLimit });
  };

  const pickTeacher = async (ctx: BotContext, studentId: number) => {
    const s = ctx.access ? await authorizeStudent(deps.ds, ctx.access, 'requestConsultation', studentId) : null;
    if (!s) return false;
    const kb = new InlineKeyboard();
    for (const c of await contactsOf(deps.ds, studentId)) kb.text(c.name, cb('co', c.staffId)).row();
    family(ctx).consultation = { studentId, staffId: 0, proposals: [] };
    await ctx.reply(ctx.tPlain('con-pick-teacher', { child: childName(s) }), { reply_markup: kb });
    return true;
  };

  const start = async (ctx: BotContext) => {
    const kids = ctx.access?.children.filter((c) => c.via === 'guardian') ?? [];
    if (!kids.length) return void (await ctx.reply(ctx.t('con-not-guardian')));
    if (kids.length === 1) return void (await pickTeacher(ctx, kids[0].studentId));
    const kb = new InlineKeyboard();
    for (const k of kids) kb.text(`${k.firstName} ${k.lastName}`, cb('cm', k.studentId)).row();
    await ctx.reply(ctx.t('con-pick-child'), { reply_markup: kb });
  };
  priv.command('consult', start);

  priv.callbackQuery(/^cm:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data) return void (await unavailable(ctx));
    if (data.id) {
      if (!(await pickTeacher(ctx, data.id))) return void (await unavailable(ctx));
      return void (await ctx.answerCallbackQuery());
    }
    await ctx.answerCallbackQuery();
    await start(ctx);
  });

  priv.callbackQuery(/^co:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const d = ctx.session.family?.consultation;
    const s = d && ctx.access ? await authorizeStudent(deps.ds, ctx.access, 'requestConsultation', d.studentId) : null;
    if (!s || !data?.id || !(await contactsOf(deps.ds, s.studentId)).some((c) => c.staffId === data.id))
      return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    d!.staffId = data.id;
    ask(ctx, 'consultTimes', {});
    await ctx.reply(ctx.t('con-ask-times'), {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text(ctx.t('con-any'), cb('cs', 'any')),
    });
  });

  const send = async (ctx: BotContext, proposals: Date[]) => {
    const d = ctx.session.family?.consultation;
    if (!d?.staffId || !ctx.access) return void (await ctx.reply(ctx.t('con-error-notAllowed')));
    try {
      const r = await requestConsultation(
        deps.ds,
        ctx.access,
        { studentId: d.studentId, staffId: d.staffId, proposals },
        { now: now(), timezone: deps.timezone, dailyLimit: deps.dailyLimit },
      );
      const teacher = (await contactsOf(deps.ds, d.studentId)).find((c) => c.staffId === d.staffId)?.name ?? '';
      family(ctx).consultation = undefined;
      dropQuestion(ctx);
      await ctx.reply(
        r.deliverAt
          ? ctx.tPlain('con-sent-later', { teacher, at: formatTime(r.deliverAt, deps.timezone) })
          : ctx.tPlain('con-sent', { teacher }),
      );
    } catch (e) {
      await ctx.reply(refusal(ctx, e));
    }
  };

  priv.callbackQuery(/^cs:/, async (ctx) => {
    if (!ctx.session.family?.consultation?.staffId) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
    await send(ctx, []);
  });

  // ── the teacher ────────────────────────────────────────────────────────────
  priv.callbackQuery(/^cy:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !ctx.access) return void (await unavailable(ctx));
    const id = Math.floor(data.id / 10);
    if (!(await consultationFor(deps.ds, ctx.access, id, 'staff'))) return void (await unavailable(ctx));
    try {
      const c = await acceptSlot(deps.ds, ctx.access, id, data.id % 10, { now: now() });
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      await ctx.reply(ctx.tPlain('con-accepted-done', { when: formatTime(new Date(c.slotAt!), deps.timezone) }));
    } catch (e) {
      await ctx.answerCallbackQuery({ text: refusal(ctx, e), show_alert: true });
    }
  });

  priv.callbackQuery(/^cn:|^cz:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const c = data?.id && ctx.access ? await consultationFor(deps.ds, ctx.access, data.id, 'staff') : null;
    if (!c) return void (await unavailable(ctx));
    if (c.status === 'accepted' || c.status === 'declined')
      return void (await ctx.answerCallbackQuery({ text: ctx.t('con-error-decided'), show_alert: true }));
    await ctx.answerCallbackQuery();
    const counter = data!.verb === 'cn';
    ask(ctx, counter ? 'consultCounter' : 'consultComment', { id: c.id });
    await ctx.reply(ctx.t(counter ? 'con-ask-counter' : 'con-ask-decline'), { parse_mode: 'HTML' });
  });

  // ── the family confirms the teacher's time ─────────────────────────────────
  priv.callbackQuery(/^cq:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id || !ctx.access || !(await consultationFor(deps.ds, ctx.access, data.id, 'family')))
      return void (await unavailable(ctx));
    try {
      const c = await confirmCounter(deps.ds, ctx.access, data.id);
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      await ctx.reply(ctx.tPlain('con-confirmed', { when: formatTime(new Date(c.slotAt!), deps.timezone) }));
    } catch (e) {
      await ctx.answerCallbackQuery({ text: refusal(ctx, e), show_alert: true });
    }
  });

  priv.on('message', async (ctx, next) => {
    const w = answerTo(ctx, ['consultTimes', 'consultCounter', 'consultComment']);
    if (!w || !ctx.access) return next();
    const text = ctx.message.text?.trim() ?? '';
    try {
      if (w.kind === 'consultComment') {
        if (!text) {
          askAgain(ctx, w);
          return void (await ctx.reply(ctx.t('con-ask-decline'), { parse_mode: 'HTML' }));
        }
        await declineConsultation(deps.ds, ctx.access, w.args.id!, text);
        return void (await ctx.reply(ctx.t('con-declined-done')));
      }
      const slots = parseSlots(text, now(), deps.timezone);
      if (!slots || (w.kind === 'consultCounter' && slots.length !== 1)) {
        askAgain(ctx, w);
        return void (await ctx.reply(ctx.t('con-bad-times'), { parse_mode: 'HTML' }));
      }
      if (w.kind === 'consultCounter') {
        const c = await proposeSlot(deps.ds, ctx.access, w.args.id!, slots[0], { now: now() });
        return void (await ctx.reply(
          ctx.tPlain('con-countered-done', { when: formatTime(new Date(c.slotAt!), deps.timezone) }),
        ));
      }
      await send(ctx, slots);
    } catch (e) {
      await ctx.reply(refusal(ctx, e));
    }
  });

  return composer;
}
