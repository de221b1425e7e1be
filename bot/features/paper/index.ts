import { Composer } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import { onButton } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import { paperFile, paperFiles, paperMenu, printAll, printUnlinked, sheetOfPeriod, sheetPeriods } from './callbacks.js';
import { keptFile, printouts, showFiles, showMenu, showPeriods, summarySheet, withClass } from './handlers.js';

/**
 * The class teacher's paper (opened from /class with «🖨 Распечатки»; the
 * deputy and the director may open it too — policy 'print'): printouts of the
 * last two weeks for the families without access or for the whole class,
 * the summary sheet of a period, and the files made before (the scheduled
 * printouts among them).
 */
export function paperFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');

  onButton(priv, paperMenu, (ctx, { classId }) =>
    withClass(ctx, services, classId, (_, c) => showMenu(ctx, services, c)),
  );
  onButton(priv, printUnlinked, (ctx, { classId }) =>
    withClass(ctx, services, classId, (p, c) => printouts(ctx, services, p, c, true)),
  );
  onButton(priv, printAll, (ctx, { classId }) =>
    withClass(ctx, services, classId, (p, c) => printouts(ctx, services, p, c, false)),
  );
  onButton(priv, sheetPeriods, (ctx, { classId }) =>
    withClass(ctx, services, classId, (_, c) => showPeriods(ctx, services, c)),
  );
  onButton(priv, paperFiles, (ctx, { classId }) =>
    withClass(ctx, services, classId, (_, c) => showFiles(ctx, services, c)),
  );
  onButton(priv, sheetOfPeriod, (ctx, { periodId }) => summarySheet(ctx, services, periodId));
  onButton(priv, paperFile, (ctx, { fileId }) => keptFile(ctx, services, fileId));
  return composer;
}
