import { MessageRefused } from '../../../core/messages/index.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { family, fileOf } from '../../family/session.js';
import { answerTo, askAgain } from '../../answers.js';
import { updateSource } from '../../update-source.js';
import { sentText } from './views.js';

/** Why a message was refused (plain), or the error rethrown when it is not a refusal. */
const refusal = (services: Services, ctx: BotContext, e: unknown) => {
  if (!(e instanceof MessageRefused)) throw e;
  return ctx.tPlain(`messages-error-${e.reason}`, {
    limit: Number(e.details.limit ?? services.messages.dailyLimit),
  });
};

type Body = Parameters<Services['messages']['sendStaff']>[2];

/** A family's first message to the teacher picked (the thread is made for it). */
async function sendNew(services: Services, ctx: BotContext, staffId: number, body: Body): Promise<void> {
  const c = ctx.session.family?.compose;
  if (!c) return void (await ctx.reply(ctx.t('messages-error-notAllowed')));
  const r = await services.messages.sendFamily(ctx.access!, { studentId: c.studentId, staffId, ...body });
  const t = (await services.messages.loadThread(r.threadId))!;
  family(ctx).compose = undefined;
  await ctx.reply(sentText(ctx, t.staffName, r, services.timezone));
}

/** A message in a thread: a staff reply, or the family's next message. */
async function sendInThread(services: Services, ctx: BotContext, threadId: number, body: Body): Promise<void> {
  const p = ctx.access!;
  const t = await services.messages.thread(p, threadId, 'write');
  if (!t) return void (await ctx.reply(ctx.t('messages-error-notAllowed')));
  if (p.staff?.staffId === t.staffId) {
    await services.messages.sendStaff(p, t.id, body);
    return void (await ctx.reply(ctx.t('messages-reply-sent')));
  }
  const r = await services.messages.sendFamily(p, { studentId: t.studentId, staffId: t.staffId, ...body });
  await ctx.reply(sentText(ctx, t.staffName, r, services.timezone));
}

/** The text (or a file with its caption) answering «Напишите сообщение» or «Напишите ответ». */
export async function messageAnswer(services: Services, ctx: BotContext, next: () => Promise<void>): Promise<void> {
  const w = answerTo(ctx, ['thread', 'threadNew']);
  if (!w || !ctx.access || !ctx.message) return next();
  const f = fileOf(ctx);
  const body = {
    text: (ctx.message.text ?? ctx.message.caption ?? '').trim() || null,
    file: f ? { kind: f.kind, fileId: f.fileId } : null,
    source: updateSource(ctx),
  };
  try {
    if (w.kind === 'threadNew') await sendNew(services, ctx, w.args.id, body);
    else await sendInThread(services, ctx, w.args.id, body);
  } catch (e) {
    const text = refusal(services, ctx, e);
    if (e instanceof MessageRefused && (e.reason === 'empty' || e.reason === 'tooLong')) askAgain(ctx, w);
    await ctx.reply(text);
  }
}
