import { InputFile } from 'grammy';
import { badRequest, telegramError } from './outbound-errors.js';
import { newMessage, sentMessage, targetOf, type OutboundDeps } from './outbound-message.js';
import type { MaxMessage } from './types.js';

async function bytesOf(file: InputFile): Promise<Uint8Array> {
  const raw = await file.toRaw();
  if (raw instanceof Uint8Array) return raw;
  const chunks: Uint8Array[] = [];
  for await (const c of raw as AsyncIterable<Uint8Array>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** The token of an upload: a file's own, or the first of an image's sizes. */
function tokenOf(r: { token?: string; photos?: Record<string, { token?: string }> }): string | undefined {
  return r.token ?? Object.values(r.photos ?? {})[0]?.token;
}

/**
 * sendDocument / sendPhoto: the file is uploaded (POST /uploads, then its bytes to the address given)
 * and sent with its caption and buttons. A Telegram file id (a string) means nothing to MAX: the caption
 * goes alone, and the log says a file was left out.
 */
export async function sendFile(d: OutboundDeps, type: 'file' | 'image', p: Record<string, unknown>) {
  const file = p.document ?? p.photo;
  const caption = String(p.caption ?? '');
  let attachments: { type: string; payload: { token: string } }[] = [];
  if (file instanceof InputFile) {
    const slot = await d.request({ method: 'POST', path: '/uploads', query: { type } });
    if (!slot.ok) return telegramError(slot, 'chat');
    const { url, token: early } = slot.result as { url: string; token?: string };
    const up = await d.upload(url, await bytesOf(file), file.filename ?? (type === 'image' ? 'image.png' : 'file'));
    if (!up.ok) return telegramError(up, 'chat');
    const token = early ?? tokenOf(up.result as { token?: string });
    if (!token) return badRequest('MAX gave no token for the upload');
    attachments = [{ type, payload: { token } }];
  } else d.logger.warn({ type }, 'a Telegram file id cannot be sent in MAX: the caption goes alone');
  const body = newMessage(p, caption, { extra: attachments });
  const r = await d.request({ method: 'POST', path: '/messages', query: targetOf(p.chat_id), body });
  if (!r.ok) return telegramError(r, 'chat');
  const m = (r.result as { message?: MaxMessage }).message;
  const fileId = attachments[0]?.payload.token ?? '';
  const { text: _text, ...sent } = sentMessage(d, p.chat_id, m, caption);
  return {
    ok: true as const,
    result: {
      ...sent,
      caption,
      ...(type === 'image'
        ? { photo: [{ file_id: fileId, file_unique_id: fileId, width: 0, height: 0 }] }
        : { document: { file_id: fileId, file_unique_id: fileId } }),
    },
  };
}
