import { checkMarkup, renderCaption } from './checks.js';
import type { BotState } from './state.js';
import { badRequest, type Handler, type UploadedFile } from './types.js';

/** Documents and photos: uploads (multipart, `attach://…`) or a file_id/URL resent as text. */

export function fileHandlers(s: BotState): Record<string, Handler> {
  return {
    senddocument: (p, files) => {
      const chat = s.targetChat(p);
      const file = inputFile(p, files, 'document');
      const caption = renderCaption(p);
      checkMarkup(p.reply_markup);
      const document = {
        file_name: file.filename,
        file_size: file.size,
        ...(file.contentType ? { mime_type: file.contentType } : {}),
      };
      return s.message(
        chat,
        p,
        {
          document: { ...document, data: file.data },
          ...(caption ? { caption: caption.plain, rawText: caption.raw } : {}),
        },
        {
          document: { ...document, file_id: `doc${s.nextFileId}`, file_unique_id: `udoc${s.nextFileId++}` },
          ...(caption ? { caption: caption.plain } : {}),
        },
      ).message;
    },

    sendphoto: (p, files) => {
      const chat = s.targetChat(p);
      const file = inputFile(p, files, 'photo');
      const caption = renderCaption(p);
      checkMarkup(p.reply_markup);
      const id = s.nextFileId++;
      return s.message(
        chat,
        p,
        {
          photo: { file_size: file.size, data: file.data },
          ...(caption ? { caption: caption.plain, rawText: caption.raw } : {}),
        },
        {
          photo: [
            { file_id: `photo${id}`, file_unique_id: `uphoto${id}`, width: 800, height: 600, file_size: file.size },
          ],
          ...(caption ? { caption: caption.plain } : {}),
        },
      ).message;
    },
  };
}

/** A file parameter: an upload (`attach://…`), or a file_id/URL string sent as text. */
function inputFile(p: Record<string, any>, files: UploadedFile[], param: string): UploadedFile {
  const v = p[param];
  if (typeof v === 'string' && v.startsWith('attach://')) {
    const f = files.find((x) => x.param === v.slice('attach://'.length));
    if (!f) throw badRequest(`wrong ${param} file: attached file not found`);
    f.param = param;
    return f;
  }
  const direct = files.find((x) => x.param === param);
  if (direct) return direct;
  if (typeof v === 'string' && v) return { param, filename: v.split('/').pop() || v, size: 0, data: Buffer.alloc(0) };
  throw badRequest(`there is no ${param} in the request`);
}
