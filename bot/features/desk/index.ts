import { Composer } from 'grammy';
import type { Services } from '../../../core/services/index.js';
import { onButton } from '../../callback-codec.js';
import type { BotContext } from '../../context.js';
import * as button from './callbacks.js';
import * as on from './handlers.js';

export { diaryVisits } from './visits.js';

/**
 * The class teacher's desk, opened from /class («🗂 Кабинет классного
 * руководителя»): a summary, invitation codes (issue to everyone without
 * access, reissue, revoke; the printable cards with QR deep links), who is
 * connected, how often families look, absence reports and the week's
 * absences without a reason, and the messages (`wm`, the messages feature's).
 */
export function deskFeature(services: Services): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const ofClass =
    (then: (ctx: BotContext, c: { classId: number; schoolId: number; name: string }) => Promise<void>) =>
    (ctx: BotContext, { classId }: { classId: number }) =>
      on.withClass(ctx, services, classId, (_, c) => then(ctx, c));

  onButton(priv, button.deskHome, (ctx, { classId }) =>
    on.withClass(ctx, services, classId, (p, c) => on.showSummary(ctx, services, p, c)),
  );
  onButton(
    priv,
    button.deskCodes,
    ofClass((ctx, c) => on.showCodes(ctx, services, c)),
  );
  onButton(
    priv,
    button.deskFamilies,
    ofClass((ctx, c) => on.showFamilies(ctx, services, c)),
  );
  onButton(
    priv,
    button.deskViews,
    ofClass((ctx, c) => on.showViews(ctx, services, c)),
  );
  onButton(
    priv,
    button.deskAbsences,
    ofClass((ctx, c) => on.showAbsences(ctx, services, c)),
  );
  onButton(priv, button.issueMissing, (ctx, { classId }) => on.issueMissing(ctx, services, classId));
  onButton(priv, button.reissueStudent, (ctx, { studentId }) => on.reissue(ctx, services, studentId));
  onButton(priv, button.revokeStudent, (ctx, { studentId }) => on.revoke(ctx, services, studentId));
  onButton(priv, button.askReason, (ctx, { studentId }) => on.askReason(ctx, services, studentId));
  onButton(priv, button.setReason, (ctx, { studentId, reason }) => on.setReason(ctx, services, studentId, reason));
  onButton(priv, button.openReport, (ctx, { reportId }) => on.openReport(ctx, services, reportId));
  return composer;
}
