import type { BotContext } from '../context.js';
import type { FamilySession } from './drafts.js';

export type { FamilySession } from './drafts.js';

export const family = (ctx: BotContext): FamilySession => (ctx.session.family ??= {});

/** A photo (largest size) or a document of the message, as Telegram describes it. */
export function fileOf(
  ctx: BotContext,
): { kind: 'photo' | 'document'; fileId: string; size: number | null; mimeType: string | null } | null {
  const m = ctx.message;
  if (m?.photo?.length) {
    const p = m.photo[m.photo.length - 1];
    return { kind: 'photo', fileId: p.file_id, size: p.file_size ?? null, mimeType: 'image/jpeg' };
  }
  if (m?.document)
    return {
      kind: 'document',
      fileId: m.document.file_id,
      size: m.document.file_size ?? null,
      mimeType: m.document.mime_type ?? null,
    };
  return null;
}

/** The message's own answer to a pressed button that is not (or no longer) this account's to use. */
