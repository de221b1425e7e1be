import { InputFile } from 'grammy';
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

/** A file id that is MAX's upload token, as stored after a send through MAX. */
export const MAX_FILE_PREFIX = 'max:';

async function bytesOf(file: InputFile): Promise<Uint8Array<ArrayBuffer>> {
  const raw = await file.toRaw();
  const chunks: Uint8Array[] = [];
  if (raw instanceof Uint8Array) chunks.push(raw);
  else for await (const c of raw as AsyncIterable<Uint8Array>) chunks.push(c);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * sendDocument / sendPhoto: the file is uploaded (max/api: POST /uploads, then the bytes) and sent with
 * its caption and buttons; a stored "max:<token>" is sent again by its token. A Telegram file id means
 * nothing to MAX: the caption goes alone,
 * and the log says a file was left out. MAX's refusals are answered by the transformer (./outbound.ts).
 */
export async function sendFile(d: OutboundDeps, type: 'file' | 'image', p: P): Promise<Answer> {
  const file = p.document ?? p.photo;
  const caption = textOf(p.caption);
  let extra: MaxAttachment[] = [];
  if (file instanceof InputFile) {
    const name = file.filename ?? (type === 'image' ? 'image.png' : 'file');
    extra = [await d.api.upload(type, await bytesOf(file), name)];
  } else if (typeof file === 'string' && file.startsWith(MAX_FILE_PREFIX))
    extra = [{ type, payload: { token: file.slice(MAX_FILE_PREFIX.length) } }];
  else d.logger.warn({ type }, 'a Telegram file id cannot be sent in MAX: the caption goes alone');
  const m = await d.api.sendMessage(recipientOf(p.chat_id), newMessage(p, caption, { extra, app: d.app }));
  const token = (extra[0]?.payload as { token?: string } | undefined)?.token;
  // Stored file ids of MAX's files are "max:<token>" (the MAX sender of the outbox reuses them so).
  const ref = { file_id: token ? MAX_FILE_PREFIX + token : '', file_unique_id: token ?? m.body.mid };
  return {
    ok: true,
    result: {
      ...sentMessage(d, p.chat_id, m),
      caption,
      ...(type === 'image' ? { photo: [{ ...ref, width: 0, height: 0 }] } : { document: ref }),
    },
  };
}
