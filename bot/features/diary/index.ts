import { Composer } from 'grammy';
import { hears } from '@grammyjs/i18n';
import { onButton } from '../../callback-codec.js';
import type { Services } from '../../../core/services/index.js';
import type { BotContext } from '../../context.js';
import * as cb from './callbacks.js';
import { diaryHandlers } from './handlers.js';
import { pressedState } from './present.js';

/**
 * The diary for families (seed 000 §2.2, §3.9): /marks, /homework, /schedule,
 * /absences and the menu buttons, for the account's active child or the
 * student themself; a guardian switches children in one tap.
 */
export function diaryFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const h = diaryHandlers(services);
  const { screens: v } = h;

  // Commands and the main menu's buttons open the same views.
  const openMarks = h.open((ctx, s) => v.marks(ctx, s));
  const openHomework = h.open((ctx, s) => v.homeworkDay(ctx, s));
  const openSchedule = h.open((ctx, s) => v.scheduleDay(ctx, s));
  const openAbsences = h.open((ctx, s) => v.absences(ctx, s));
  priv.command('marks', openMarks);
  priv.filter(hears('menu-marks'), openMarks);
  priv.command('homework', openHomework);
  priv.filter(hears('menu-homework'), openHomework);
  priv.command('schedule', openSchedule);
  priv.filter(hears('menu-schedule'), openSchedule);
  priv.command('absences', openAbsences);
  priv.filter(hears('menu-absences'), openAbsences);

  onButton(
    priv,
    cb.marksPeriod,
    h.button((ctx, s, { periodId }) => v.marks(ctx, s, periodId)),
  );
  // A subject page and the rules keep the period the pressed message shows.
  onButton(
    priv,
    cb.subjectPage,
    h.button((ctx, s, { subjectId }) => {
      const st = pressedState(ctx);
      return v.subject(ctx, s, subjectId, st?.v === 'marks' ? st.a : st?.p);
    }),
  );
  onButton(
    priv,
    cb.summaryPage,
    h.button((ctx, s) => v.summary(ctx, s)),
  );
  onButton(
    priv,
    cb.rulesPage,
    h.button((ctx, s) => {
      const st = pressedState(ctx);
      return v.rules(ctx, s, st?.v === 'marks' ? st.a : undefined);
    }),
  );
  onButton(
    priv,
    cb.homeworkDay,
    h.button((ctx, s, { day }) => v.homeworkDay(ctx, s, day)),
  );
  onButton(
    priv,
    cb.homeworkWeek,
    h.button((ctx, s, { day }) => v.homeworkWeek(ctx, s, day)),
  );
  onButton(
    priv,
    cb.scheduleDay,
    h.button((ctx, s, { day }) => v.scheduleDay(ctx, s, day)),
  );
  onButton(
    priv,
    cb.scheduleWeek,
    h.button((ctx, s, { day }) => v.scheduleWeek(ctx, s, day)),
  );
  onButton(
    priv,
    cb.absencesPeriod,
    h.button((ctx, s, { periodId }) => v.absences(ctx, s, periodId)),
  );
  onButton(priv, cb.marksChart, h.chart);
  onButton(priv, cb.homeworkFiles, h.files);
  priv.callbackQuery(cb.childSwitch.filter, h.switchChild);
  return composer;
}
