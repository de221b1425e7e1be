import { InputFile } from 'grammy';
import type { DiaryStudent } from '../../../core/diary/student.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import { unavailable } from '../../ui.js';
import { childSwitch } from './callbacks.js';
import { present, pressedState } from './present.js';
import { diaryScreens } from './screens.js';
import { chartCaption, chartLabels } from './views/chart.js';
import type { Rendered } from './views/common.js';
import { homeworkFilesCaption } from './views/lessons.js';

type View<V> = (ctx: BotContext, s: DiaryStudent, values: V) => Promise<Rendered | null>;

/**
 * What the diary's commands and buttons do. Every view and every button asks
 * the policy again (whose diary: `resolve`); the buttons edit the message in place.
 */
export function diaryHandlers(services: Services) {
  const { diary } = services;
  const screens = diaryScreens(services);

  /** Whose diary: the policy's answer, or a polite refusal already sent. */
  async function resolve(ctx: BotContext, studentId?: number): Promise<DiaryStudent | null> {
    const r = await diary.student(ctx.access, studentId);
    if (r.kind === 'ok') return r.student;
    const key = r.kind === 'unlinked' ? 'not-linked' : r.kind === 'notFamily' ? 'diary-not-family' : 'unavailable';
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
    else await ctx.reply(ctx.t(key));
    return null;
  }

  /** A command or a menu button: the view as a new message. */
  const open = (view: (ctx: BotContext, s: DiaryStudent) => Promise<Rendered>) => async (ctx: BotContext) => {
    const s = await resolve(ctx);
    if (s) await present(ctx, await view(ctx, s));
  };

  /** A button of a view: the policy again, then the view edited in place. */
  const button =
    <V>(view: View<V>) =>
    async (ctx: BotContext, values: V) => {
      const s = await resolve(ctx);
      if (!s) return;
      const r = await view(ctx, s, values);
      if (!r) return void (await unavailable(ctx));
      await ctx.answerCallbackQuery();
      await present(ctx, r);
    };

  /** «График»: one PNG of the period's weekly averages per subject, with the thresholds as bands. */
  async function chart(ctx: BotContext, { periodId }: { periodId: number }) {
    const s = await resolve(ctx);
    if (!s) return;
    const c = await diary.chartPicture(s, periodId);
    if (!c) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery({ text: ctx.t('diary-chart-wait') });
    // Drawn only when the picture changed since the last press (core/diary/chart-cache.ts).
    const png = c.png(chartLabels(ctx, s, c.period, c.settings));
    await ctx.replyWithPhoto(new InputFile(png, 'marks.png'), { caption: chartCaption(ctx, s, c.period) });
  }

  /** A homework's files: sent as files (not links), only for a lesson of the child's own class and subgroup. */
  async function files(ctx: BotContext, { lessonId }: { lessonId: number }) {
    const s = await resolve(ctx);
    if (!s) return;
    const hw = await diary.homeworkFiles(s, lessonId);
    if (!hw) return void (await unavailable(ctx));
    if (!hw.files.length)
      return void (await ctx.answerCallbackQuery({ text: ctx.t('diary-homework-files-none'), show_alert: true }));
    await ctx.answerCallbackQuery();
    const caption = homeworkFilesCaption(ctx, s, hw);
    for (const [i, f] of hw.files.entries()) {
      const sent = await ctx.replyWithDocument(f.telegramFileId ?? new InputFile(f.content, f.fileName), {
        ...(i === 0 ? { caption, parse_mode: 'HTML' as const } : {}),
      });
      // Only Telegram's id is kept: a file the bot uploaded to MAX has no address Telegram could copy it from.
      if (!f.telegramFileId && ctx.messenger === 'telegram' && sent.document?.file_id)
        await diary.rememberFileId(f.id, sent.document.file_id);
    }
  }

  /**
   * «👤 <other child>» under a diary view: the same core switch as the
   * account feature's (the policy decides), then the same view for that child
   * in place. `ch:` on any other message goes on to the account feature.
   */
  async function switchChild(ctx: BotContext, next: () => Promise<void>) {
    const st = pressedState(ctx);
    if (!st) return next();
    const data = childSwitch.unpack(ctx.callbackQuery?.data);
    const p = ctx.access;
    if (!data || !p || !(await services.linking.switchChild(p, data.studentId))) return void (await unavailable(ctx));
    p.activeStudentId = data.studentId;
    const s = await resolve(ctx, data.studentId);
    if (!s) return;
    await ctx.answerCallbackQuery();
    await present(ctx, await screens.again(ctx, s, st));
  }

  return { screens, open, button, chart, files, switchChild };
}
