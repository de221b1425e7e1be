import { InputFile } from 'grammy';
import { textsFor } from '../bot/i18n.js';
import { MAX_FILE_PREFIX, maxAttachmentFor, uploadToMax, type FileKind } from './file-bridge.js';
import {
  newMessage,
  recipientOf,
  textOf,
  sentMessage,
  type Answer,
  type OutboundDeps,
  type P,
} from './outbound-message.js';
import type { MaxAttachment } from './types.js';

export { MAX_FILE_PREFIX };

async function bytesOf(file: InputFile): Promise<Uint8Array<ArrayBuffer>> {
  const raw = await file.toRaw();
  const chunks: Uint8Array[] = [];
  if (raw instanceof Uint8Array) chunks.push(raw);
  else for await (const c of raw as AsyncIterable<Uint8Array>) chunks.push(c);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * sendDocument / sendPhoto: the file is uploaded (max/api: POST /uploads, then the bytes) and sent with
 * its caption and buttons; a stored "max:<token>" is sent again by its token; a Telegram file id is
 * carried over by the file bridge (./file-bridge.ts) — without it, or when the file cannot be fetched,
 * the caption goes alone. MAX's refusals are answered by the transformer (./outbound.ts).
 */
export async function sendFile(d: OutboundDeps, type: 'file' | 'image', p: P): Promise<Answer> {
  const file = p.document ?? p.photo;
  const kind: FileKind = type === 'image' ? 'photo' : 'document';
  let caption = textOf(p.caption);
  let extra: MaxAttachment[] = [];
  let id = '';
  if (file instanceof InputFile) {
    const name = file.filename ?? (type === 'image' ? 'image.png' : 'file');
    const u = await uploadToMax(d.api, kind, { data: await bytesOf(file), filename: name });
    extra = [u.attachment];
    id = u.id;
  } else if (typeof file === 'string') {
    const stored = await maxAttachmentFor(d.api, { kind, fileId: file }, d.files, d.logger);
    if (stored) [extra, id] = [[stored.attachment], stored.id];
    // Not carried over and no caption: an empty message, which MAX refuses; say the file did not come.
    else if (!caption) caption = textsFor().tPlain('file-unavailable');
  }
  const m = await d.api.sendMessage(recipientOf(p.chat_id), newMessage(p, caption, { extra, app: d.app }));
  // Stored file ids of MAX's files are "max:<token>" (the MAX sender of the outbox reuses them so).
  const ref = { file_id: id, file_unique_id: id ? id.slice(MAX_FILE_PREFIX.length) : m.body.mid };
  return {
    ok: true,
    result: {
      ...sentMessage(d, p.chat_id, m),
      caption,
      ...(type === 'image' ? { photo: [{ ...ref, width: 0, height: 0 }] } : { document: ref }),
    },
  };
}
