import { InputFile } from 'grammy';
import type { AccessProfile } from '../../../core/access/profile.js';
import { shortDate } from '../../../core/paper/texts.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { show, unavailable } from '../../ui.js';
import { filesView, menuView, periodsView } from './views.js';

/**
 * What the paper's buttons do. Only staff press them, and only for a class
 * they may print for (policy 'print'); anything else gets the one "недоступно".
 */

type Cls = { classId: number; name: string };

/** Captions go without parse_mode: plain texts (tPlain). */
const send = (ctx: BotContext, f: { content: Buffer; fileName: string }, caption: string) =>
  ctx.replyWithDocument(new InputFile(f.content, f.fileName), { caption });

/** The staff member's profile, or null (families never print). */
const staffOf = (ctx: BotContext): AccessProfile | null => (ctx.access?.staff ? ctx.access : null);

/**
 * Runs `then` with the class of the button if the account may print for it
 * (the press answered first), or answers "недоступно".
 */
export async function withClass(
  ctx: BotContext,
  services: Services,
  classId: number,
  then: (p: AccessProfile, c: Cls) => Promise<unknown>,
): Promise<void> {
  const p = staffOf(ctx);
  const c = p ? await services.paper.printableClass(p, classId) : null;
  if (!p || !c) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  await then(p, c);
}

export async function showMenu(ctx: BotContext, services: Services, c: Cls): Promise<void> {
  const span = services.paper.printoutSpan();
  const unlinked = await services.paper.studentsWithoutAccess(c.classId);
  const n = await services.paper.activeStudentCount(c.classId);
  const screen = menuView(ctx, c, span, unlinked.length, n);
  await show(ctx, screen.text, { reply_markup: screen.keyboard, edit: false });
}

/** Printouts of the last two weeks for the families without access (`unlinkedOnly`) or the whole class. */
export async function printouts(
  ctx: BotContext,
  services: Services,
  p: AccessProfile,
  c: Cls,
  unlinkedOnly: boolean,
): Promise<void> {
  const { from, to } = services.paper.printoutSpan();
  const ids = unlinkedOnly ? (await services.paper.studentsWithoutAccess(c.classId)).map((s) => s.id) : undefined;
  if (ids && !ids.length) return void (await ctx.reply(ctx.t('paper-nobody-unlinked')));
  const made = await services.paper.makePrintouts(p, { classId: c.classId, from, to, studentIds: ids });
  const caption = ctx.tPlain('paper-file-caption', {
    kind: 'printouts',
    class: c.name,
    from: shortDate(from),
    to: shortDate(to),
    count: made.students.length,
  });
  await send(ctx, made, caption);
}

/** The periods of the class for a summary sheet; the class is remembered for the period's button (`pq`). */
export async function showPeriods(ctx: BotContext, services: Services, c: Cls): Promise<void> {
  ctx.session.paper = { classId: c.classId };
  const screen = periodsView(ctx, c, await services.paper.classPeriods(c.classId));
  await show(ctx, screen.text, { reply_markup: screen.keyboard, edit: false });
}

export async function showFiles(ctx: BotContext, services: Services, c: Cls): Promise<void> {
  const files = await services.paper.files(c.classId);
  const names = new Map((await services.paper.classPeriods(c.classId)).map((x) => [x.id, x.name]));
  const screen = filesView(ctx, c, files, names);
  await show(ctx, screen.text, { reply_markup: screen.keyboard, edit: false });
}

/** The summary sheet of a period of the class remembered from the period list (pv), as PDF and CSV. */
export async function summarySheet(ctx: BotContext, services: Services, periodId: number): Promise<void> {
  const p = staffOf(ctx);
  const classId = ctx.session.paper?.classId;
  const c = p && classId ? await services.paper.printableClass(p, classId) : null;
  const period = c ? (await services.paper.classPeriods(c.classId)).find((x) => x.id === periodId) : undefined;
  if (!p || !c || !period) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const made = await services.paper.makeSummarySheet(p, { classId: c.classId, periodId: period.id });
  for (const f of [made.pdf, made.csv])
    await send(ctx, f, ctx.tPlain('paper-file-caption', { kind: 'summarySheet', class: c.name, period: period.name }));
}

/** A file made before, sent again. */
export async function keptFile(ctx: BotContext, services: Services, fileId: number): Promise<void> {
  const p = staffOf(ctx);
  const kept = p ? await services.paper.file(p, fileId) : null;
  if (!kept) return void (await unavailable(ctx));
  await ctx.answerCallbackQuery();
  const { file, cls, period } = kept;
  const caption = ctx.tPlain('paper-file-caption', {
    kind: file.kind,
    class: cls.name,
    period: period ?? '',
    from: shortDate(file.fromDate),
    to: shortDate(file.toDate),
    count: file.studentIds.length,
  });
  await send(ctx, file, caption);
}
