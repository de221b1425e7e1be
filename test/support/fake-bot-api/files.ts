import { checkMarkup, renderCaption } from './checks.js';
import type { HeldFile } from './file-store.js';
import type { BotState } from './state.js';
import { badRequest, type Handler, type UploadedFile } from './types.js';

/**
 * Documents and photos: uploads (multipart, `attach://…`) or a file_id/URL resent as text. Files the
 * fake holds (what the bot uploaded, what a test made a user send: FakeBotApi.userFile) get a file_id
 * and a file_path; getFile describes them and GET /file/bot<token>/<file_path> serves their bytes.
 */

export function fileHandlers(s: BotState): Record<string, Handler> {
  return {
    senddocument: (p, files) => {
      const chat = s.targetChat(p);
      const file = inputFile(s, p, files, 'document');
      const caption = renderCaption(p);
      checkMarkup(p.reply_markup);
      const held = file.held ?? s.files.hold('document', file.data, file.filename);
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
          document: { ...document, file_id: held.fileId, file_unique_id: held.uniqueId },
          ...(caption ? { caption: caption.plain } : {}),
        },
      ).message;
    },

    sendphoto: (p, files) => {
      const chat = s.targetChat(p);
      const file = inputFile(s, p, files, 'photo');
      const caption = renderCaption(p);
      checkMarkup(p.reply_markup);
      const held = file.held ?? s.files.hold('photo', file.data, file.filename);
      return s.message(
        chat,
        p,
        {
          photo: { file_size: file.size, data: file.data },
          ...(caption ? { caption: caption.plain, rawText: caption.raw } : {}),
        },
        {
          photo: [
            { file_id: held.fileId, file_unique_id: held.uniqueId, width: 800, height: 600, file_size: file.size },
          ],
          ...(caption ? { caption: caption.plain } : {}),
        },
      ).message;
    },

    getfile: (p) => s.files.describe(p.file_id),
  };
}

/**
 * A file parameter: an upload (`attach://…`), a file_id the fake holds (its bytes), or another
 * file_id/URL string sent as text (no bytes).
 */
function inputFile(
  s: BotState,
  p: Record<string, any>,
  files: UploadedFile[],
  param: string,
): UploadedFile & { held?: HeldFile } {
  const v = p[param];
  if (typeof v === 'string' && v.startsWith('attach://')) {
    const f = files.find((x) => x.param === v.slice('attach://'.length));
    if (!f) throw badRequest(`wrong ${param} file: attached file not found`);
    f.param = param;
    return f;
  }
  const direct = files.find((x) => x.param === param);
  if (direct) return direct;
  const held = typeof v === 'string' ? s.files.get(v) : undefined;
  if (held) return { param, filename: held.path.split('/').pop()!, size: held.data.length, data: held.data, held };
  if (typeof v === 'string' && v) return { param, filename: v.split('/').pop() || v, size: 0, data: Buffer.alloc(0) };
  throw badRequest(`there is no ${param} in the request`);
}
