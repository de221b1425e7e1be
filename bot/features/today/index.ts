import { Composer } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { Services } from '../../../core/services/index.js';
import { onButton } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import { askComment, openKinds, pickKind, setMark, turnPage } from './marks.js';
import { askHomework, askTopic, onAnswer } from './answers.js';
import { openGrid, saveGrid, toggle } from './attendance.js';
import * as cb from './callbacks.js';
import { withLesson } from './entry.js';
import { openDay, openLesson, pressDay } from './lessons.js';

export type { TodayDraft, TodaySession } from './drafts.js';

/**
 * Teachers' quick entry (/today): the day's lessons; for a lesson the
 * attendance grid (saved on «Готово»), the topic, homework and marks by work
 * kind, all editing one message in place.
 */
export function todayFeature(services: Services): Composer<BotContext> {
  const today = services.today;
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  priv.command('today', openDay(today));
  priv.filter(hears('menu-today'), openDay(today));
  onButton(priv, cb.dayList, pressDay(today));
  onButton(priv, cb.lessonCard, withLesson(today, openLesson(today)));
  onButton(priv, cb.attendanceGrid, withLesson(today, openGrid(today)));
  onButton(priv, cb.attendanceToggle, toggle(today));
  onButton(priv, cb.attendanceDone, saveGrid(today));
  onButton(priv, cb.askTopic, withLesson(today, askTopic));
  onButton(priv, cb.askHomework, withLesson(today, askHomework));
  priv.on('message', onAnswer(today));
  onButton(priv, cb.marksKinds, withLesson(today, openKinds(today)));
  onButton(priv, cb.marksKind, pickKind(today));
  onButton(priv, cb.marksPage, turnPage(today));
  onButton(priv, cb.markSet, setMark(today));
  onButton(priv, cb.markComment, askComment(today));
  return composer;
}
