import type { Filter } from 'grammy';
import type { AccessProfile } from '../../../core/access/profile.js';
import { journalRefusal } from './entries-view.js';
import { DomainError } from '../../../core/errors.js';
import { keepsMarks, mayUseToday, type TodayLesson } from '../../../core/today/index.js';
import { answerTo, ask, type Questions } from '../../answers.js';
import type { BotContext } from '../../context.js';
import { show } from '../../ui.js';
import { lessonOr, showLesson, type Today } from './entry.js';
import { DRAFT_TTL_MS, draftOf } from './drafts.js';
import { TODAY_QUESTIONS } from './lessons.js';
import { showMarks } from './marks.js';
import { askView } from './views.js';

/** Topic, homework and comments: the teacher's next message answers the question (bot/answers.ts). */

type Question = {
  [K in (typeof TODAY_QUESTIONS)[number]]: { kind: K; args: Questions[K] };
}[(typeof TODAY_QUESTIONS)[number]];

async function askFor(ctx: BotContext, l: TodayLesson, kind: 'topic' | 'homework') {
  ask(ctx, kind === 'topic' ? 'todayTopic' : 'todayHomework', { lessonId: l.lessonId }, DRAFT_TTL_MS);
  await ctx.answerCallbackQuery();
  const { text, keyboard } = askView(ctx, l, kind);
  await show(ctx, text, { reply_markup: keyboard, edit: false });
}

/** «Тема». */
export const askTopic = (ctx: BotContext, l: TodayLesson) => askFor(ctx, l, 'topic');

/** «ДЗ» (none in grade 1). */
export async function askHomework(ctx: BotContext, l: TodayLesson) {
  if (!keepsMarks(l.grade))
    return void (await ctx.answerCallbackQuery({ text: ctx.t('today-grade-no-marks'), show_alert: true }));
  await askFor(ctx, l, 'homework');
}

/**
 * The message that answers a question of /today. A photo for homework is
 * asked for as a file (families get it uncompressed); an empty answer is asked
 * for again.
 */
export const onAnswer = (today: Today) => async (ctx: Filter<BotContext, 'message'>, next: () => Promise<void>) => {
  if (!mayUseToday(ctx.access)) return next();
  const q = answerTo(ctx, TODAY_QUESTIONS) as Question | null;
  if (!q) return next();
  const text = (ctx.message.text ?? ctx.message.caption ?? '').trim();
  const doc = q.kind === 'todayHomework' ? ctx.message.document : undefined;
  const again = (key: string) => {
    ask(ctx, q.kind, q.args as never, DRAFT_TTL_MS);
    return ctx.reply(ctx.t(key));
  };
  if (q.kind === 'todayHomework' && ctx.message.photo && !doc) return void (await again('today-photo-as-file'));
  if (!text && !doc) return void (await again('today-text-only'));
  const l = await lessonOr(today, ctx, q.args.lessonId);
  if (!l) return;
  const p = ctx.access;
  if (doc) return saveFile(today, ctx, p, l, text, doc);
  try {
    if (q.kind === 'todayComment') return await saveComment(today, ctx, p, l, text, q.args);
    if (q.kind === 'todayTopic') await today.saveTopic(p, l, text);
    else await today.saveHomework(p, l, text);
    const saved = q.kind === 'todayTopic' ? 'today-topic-saved' : 'today-homework-saved';
    await showLesson(today, ctx, (await lessonOr(today, ctx, l.lessonId)) ?? l, ctx.t(saved));
  } catch (e) {
    const refusal = journalRefusal(e);
    if (refusal) return void (await ctx.reply(ctx.t(refusal)));
    if (!(e instanceof DomainError) || e.code !== 'invalid') throw e;
    await ctx.reply(ctx.t('today-text-too-long'));
  }
};

/** A file for the homework (its caption, if any, is the homework's text): kept by Telegram's file id. */
async function saveFile(
  today: Today,
  ctx: BotContext,
  p: AccessProfile,
  l: TodayLesson,
  text: string,
  doc: { file_id: string; file_name?: string; mime_type?: string; file_size?: number },
) {
  if (text) await today.saveHomework(p, l, text);
  await today.attachHomeworkFile(p, l, {
    fileName: doc.file_name ?? 'file',
    mimeType: doc.mime_type ?? 'application/octet-stream',
    size: doc.file_size ?? 0,
    telegramFileId: doc.file_id,
  });
  const note = ctx.t('today-file-saved', { name: doc.file_name ?? '' });
  await showLesson(today, ctx, (await lessonOr(today, ctx, l.lessonId)) ?? l, note);
}

/** A comment on the mark the student has in the draft's work kind (the mark stays as it is). */
async function saveComment(
  today: Today,
  ctx: BotContext,
  p: AccessProfile,
  l: TodayLesson,
  text: string,
  args: Questions['todayComment'],
) {
  const d = draftOf(ctx, args.draftId);
  const studentId = d?.students[args.place];
  const existing =
    d?.workKindId && studentId ? (await today.lessonMarks(l.lessonId, d.workKindId)).get(studentId) : undefined;
  if (!d || !existing) return void (await ctx.reply(ctx.t('today-draft-expired')));
  await today.saveMark(p, l, {
    studentId: studentId!,
    workKindId: d.workKindId!,
    value: existing.value,
    comment: text,
  });
  await ctx.reply(ctx.t('today-comment-saved'));
  await showMarks(today, ctx, l, args.draftId, d);
}
