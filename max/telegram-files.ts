import { InputFile, type Transformer } from 'grammy';
import type { Message } from 'grammy/types';
import { textsFor } from '../bot/i18n.js';
import { FileUnavailable, MAX_FILE_PREFIX, type FileBridge, type FileKind } from './file-bridge.js';

const PARAM: Record<string, { param: 'photo' | 'document'; kind: FileKind }> = {
  sendPhoto: { param: 'photo', kind: 'photo' },
  sendDocument: { param: 'document', kind: 'document' },
};

/** The file_id Telegram gave an uploaded document or photo (its largest size). */
export const telegramFileIdOf = (m: Message | undefined): string =>
  m?.document?.file_id ?? m?.photo?.at(-1)?.file_id ?? '';

/**
 * The Telegram bot's sendPhoto / sendDocument with a stored "max:<token>" (a file that came through MAX,
 * e.g. a homework file first sent to a MAX family): carried over by the same file bridge as the outbox's
 * (uploaded once with its bytes, by the file_id it got from then on). When the file cannot be fetched, the
 * caption goes alone as a text message, as MAX's front end does with a Telegram file it cannot carry.
 */
export function maxFilesInTelegram(files: FileBridge): Transformer {
  return (async (prev, method, payload, signal) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    const which = PARAM[method];
    const fileId = which ? p[which.param] : undefined;
    if (!which || typeof fileId !== 'string' || !fileId.startsWith(MAX_FILE_PREFIX))
      return prev(method, payload, signal);
    // The first send of the file is its upload: its answer is this call's.
    const upload: { sent?: Awaited<ReturnType<typeof prev>> } = {};
    const id = await files.idIn('telegram', { kind: which.kind, fileId }, async (b) => {
      const sent = await prev(
        method,
        { ...p, [which.param]: new InputFile(b.data, b.filename) } as typeof payload,
        signal,
      );
      // Telegram refused the file itself (a photo it cannot process, a wrong type: 400; too large: 413): the
      // text goes alone. Other failures (a blocked chat, 429, 5xx) are the send's own answer, as for any send.
      if (!sent.ok && (sent.error_code === 400 || sent.error_code === 413))
        throw new FileUnavailable(`telegramUpload${sent.error_code}`);
      upload.sent = sent;
      return sent.ok ? telegramFileIdOf(sent.result as Message) : '';
    });
    if (upload.sent) return upload.sent;
    if (id) return prev(method, { ...p, [which.param]: id } as typeof payload, signal);
    // Without a caption the message would be empty, which Telegram refuses: say the file did not come.
    const { chat_id, caption, parse_mode, reply_markup, allow_paid_broadcast } = p;
    const text = caption
      ? { chat_id, text: caption, parse_mode, reply_markup, allow_paid_broadcast }
      : { chat_id, text: textsFor().tPlain('file-unavailable'), reply_markup, allow_paid_broadcast };
    return prev('sendMessage', text as never, signal);
  }) as Transformer;
}
