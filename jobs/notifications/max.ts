import type { DeliveryExtra } from '../../core/notifications/deliveries.js';
import { splitMessage } from '../../core/html.js';
import type { Logger } from '../../core/logger.js';
import { redactSecrets } from '../../core/redact.js';
import { type MaxApi, MaxApiError, type MaxAttachmentRequest, type MaxButton } from '../../max/api/index.js';
import { FileSourceTrouble, maxAttachmentFor, type FileBridge } from '../../max/file-bridge.js';
import type { MessageSender, SendOutcome } from './telegram.js';

/** MAX's text limit (NewMessageBody.text): a longer delivery goes as several messages, buttons on the last. */
export const MAX_TEXT_LIMIT = 4000;

/**
 * A stored chat id as MAX takes it: a positive id is a user's dialog (the MAX user id, as a Telegram
 * private chat id is the user's), a negative one a group chat.
 */
export function maxRecipient(chatId: string): { user_id: number } | { chat_id: number } {
  const id = Number(chatId);
  return id > 0 ? { user_id: id } : { chat_id: id };
}

/** A delivery's inline buttons as MAX's inline_keyboard: callback data → callback payload, links → link. */
export function maxKeyboard(buttons: NonNullable<DeliveryExtra['buttons']>): MaxAttachmentRequest {
  const rows: MaxButton[][] = buttons.map((row) =>
    row.map((b) =>
      'url' in b ? { type: 'link', text: b.text, url: b.url } : { type: 'callback', text: b.text, payload: b.data },
    ),
  );
  return { type: 'inline_keyboard', payload: { buttons: rows } };
}

/**
 * A delivery's file as a MAX attachment (max/file-bridge.ts maxAttachmentFor); null — no bridge, the file
 * cannot be fetched, or MAX refused the upload itself — and the text goes alone.
 */
export async function maxFile(
  api: Pick<MaxApi, 'upload'>,
  file: NonNullable<DeliveryExtra['file']>,
  files?: FileBridge,
  log?: Logger,
): Promise<MaxAttachmentRequest | null> {
  try {
    return (await maxAttachmentFor(api, file, files, log))?.attachment ?? null;
  } catch (e) {
    // MAX refused the upload itself (too large, a type it does not take): the text must still go.
    if (!(e instanceof MaxApiError) || e.isTransient || e.isRateLimited || e.isUnauthorized) throw e;
    log?.warn({ kind: file.kind, status: e.status, code: e.code }, 'MAX refused a file upload: the text goes alone');
    return null;
  }
}

/** MAX's errors in the retry policy's terms (jobs/notifications/outcomes.ts), as Telegram's are. */
export function classifyMaxError(e: unknown): Exclude<SendOutcome, { kind: 'sent' }> {
  if (e instanceof FileSourceTrouble) return { kind: 'transient', reason: e.message };
  if (!(e instanceof MaxApiError))
    return { kind: 'transient', reason: redactSecrets(e instanceof Error ? e.message : String(e)).slice(0, 300) };
  const reason = redactSecrets(`${e.status} ${e.code}: ${e.message}`).slice(0, 300);
  if (e.isRateLimited) return { kind: 'retryAfter', seconds: Math.max(1, Math.ceil(e.retryAfter ?? 1)), reason };
  // The user stopped the bot, the bot left the group, the chat is no more: as Telegram's 403.
  if (e.status === 403) return { kind: 'blocked', reason: 'blocked' };
  if (e.status === 404) return { kind: 'blocked', reason: 'chatNotFound' };
  if (e.isTransient) return { kind: 'transient', reason };
  return { kind: 'permanent', reason };
}

/**
 * Sends deliveries through the MAX Bot API: HTML, link previews off, buttons as an inline keyboard, a
 * Telegram file carried over by `files` (without it, the text goes alone).
 */
export function maxSender(api: MaxApi, log?: Logger, files?: FileBridge): MessageSender {
  return {
    async send(chatId, text, extra) {
      const to = maxRecipient(chatId);
      try {
        const attachments: MaxAttachmentRequest[] = [];
        if (extra?.file) {
          const file = await maxFile(api, extra.file, files, log);
          if (file) attachments.push(file);
        }
        if (extra?.buttons?.length) attachments.push(maxKeyboard(extra.buttons));
        const parts = text ? splitMessage(text, MAX_TEXT_LIMIT) : [''];
        for (const [i, part] of parts.entries()) {
          const last = i === parts.length - 1;
          if (!part && !(last && attachments.length)) continue;
          await api.sendMessage(
            to,
            { text: part || null, format: 'html', ...(last && attachments.length ? { attachments } : {}) },
            { disableLinkPreview: true },
          );
        }
        // MAX's message ids are strings ("mid…"): the row's numeric message id stays empty.
        return { kind: 'sent', messageId: null };
      } catch (e) {
        return classifyMaxError(e);
      }
    },
  };
}
