import type { CertificateFile } from '../../../core/absence-reports/index.js';
import type { Services } from '../../../core/services/index.js';
import { answerTo, ask, askAgain, type QuestionKind } from '../../answers.js';
import type { BotContext } from '../../context.js';
import { fileOf } from '../../family/session.js';
import { askCertificate, confirm, setDates } from './draft.js';
import { parseRange } from './range.js';
import { refusalText, rejectedText } from './views.js';

/**
 * The texts and files absence reports wait for: the days typed, the other
 * reason, the справка (in the draft or for a saved report), a rejection's
 * comment.
 */

type Reports = Services['absenceReports'];
/** An answered question, to ask again. */
type Answered = { kind: QuestionKind; args: Record<string, number>; ttlMs: number };

async function range(reports: Reports, ctx: BotContext, text: string) {
  const r = parseRange(text, reports.today());
  if (!r) {
    ask(ctx, 'abrRange', {});
    return void (await ctx.reply(ctx.t('absence-reports-bad-range'), { parse_mode: 'HTML' }));
  }
  return setDates(reports, ctx, r.from, r.to, null, false);
}

async function reasonText(ctx: BotContext, text: string) {
  const d = ctx.session.family?.absence;
  if (!d || !text) return void (await ctx.reply(ctx.t('absence-reports-error-notAllowed')));
  d.reasonText = text.slice(0, 500);
  return askCertificate(ctx);
}

async function rejection(reports: Reports, ctx: BotContext, reportId: number, text: string) {
  if (!text) {
    ask(ctx, 'abrReject', { id: reportId });
    return void (await ctx.reply(ctx.t('absence-reports-reject-ask')));
  }
  try {
    const decided = await reports.decide(ctx.access!, reportId, 'rejected', text.slice(0, 1000));
    await ctx.reply(rejectedText(ctx, decided));
  } catch (e) {
    await ctx.reply(refusalText(ctx, e));
  }
}

/** A справка: now (in the draft) or later (attached to the saved report `attachTo`). */
async function certificate(reports: Reports, ctx: BotContext, w: Answered, attachTo: number | null) {
  const f = fileOf(ctx);
  if (!f) {
    askAgain(ctx, w);
    return void (await ctx.reply(ctx.t('absence-reports-expect-file')));
  }
  const file: CertificateFile = f;
  try {
    reports.checkCertificate(file);
  } catch (e) {
    askAgain(ctx, w);
    return void (await ctx.reply(refusalText(ctx, e)));
  }
  if (attachTo !== null) {
    try {
      await reports.attachCertificate(ctx.access!, attachTo, file);
      return void (await ctx.reply(ctx.t('absence-reports-attached')));
    } catch (e) {
      return void (await ctx.reply(refusalText(ctx, e)));
    }
  }
  const d = ctx.session.family?.absence;
  if (!d) return void (await ctx.reply(ctx.t('absence-reports-error-notAllowed')));
  d.certificate = { kind: file.kind, fileId: file.fileId, size: file.size ?? null, mimeType: file.mimeType ?? null };
  await confirm(reports, ctx);
}

/** The message answers one of the questions above, or goes on. */
export async function answer(reports: Reports, ctx: BotContext, next: () => Promise<void>) {
  const w = answerTo(ctx, ['abrRange', 'abrReasonText', 'abrCertificate', 'abrAttach', 'abrReject']);
  if (!w) return next();
  const text = ctx.message?.text?.trim() ?? '';
  if (w.kind === 'abrRange') return range(reports, ctx, text);
  if (w.kind === 'abrReasonText') return reasonText(ctx, text);
  if (w.kind === 'abrReject') return rejection(reports, ctx, w.args.id, text);
  return certificate(reports, ctx, w, w.kind === 'abrAttach' ? w.args.id : null);
}
