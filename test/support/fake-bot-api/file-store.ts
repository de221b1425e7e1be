import { badRequest } from './types.js';

/** The files the fake Bot API holds (files.ts): what the bot uploaded and what a test made a user send. */

/** Telegram's getFile serves files up to 20 MB. */
export const GET_FILE_LIMIT = 20 * 1024 * 1024;

export interface HeldFile {
  fileId: string;
  uniqueId: string;
  path: string;
  data: Buffer;
}

/** The files the fake holds, by file_id and by file_path. */
export class FileStore {
  private readonly byId = new Map<string, HeldFile>();
  private readonly byPath = new Map<string, HeldFile>();
  private seq = 1;

  /** Keeps `data` under a fresh file_id (`doc<n>` / `photo<n>`). */
  hold(kind: 'photo' | 'document', data: Buffer, filename?: string): HeldFile {
    const n = this.seq++;
    const ext = /\.([A-Za-z0-9]+)$/.exec(filename ?? '')?.[1] ?? (kind === 'photo' ? 'jpg' : 'bin');
    const f: HeldFile = {
      fileId: kind === 'photo' ? `photo${n}` : `doc${n}`,
      uniqueId: kind === 'photo' ? `uphoto${n}` : `udoc${n}`,
      path: `${kind === 'photo' ? 'photos' : 'documents'}/file_${n}.${ext}`,
      data,
    };
    this.byId.set(f.fileId, f);
    this.byPath.set(f.path, f);
    return f;
  }

  get(fileId: string): HeldFile | undefined {
    return this.byId.get(fileId);
  }

  atPath(path: string): HeldFile | undefined {
    return this.byPath.get(path);
  }

  /** getFile: as Telegram answers it, or its 400 for an unknown file_id or one over 20 MB. */
  describe(fileId: unknown) {
    const f = typeof fileId === 'string' ? this.byId.get(fileId) : undefined;
    if (!f) throw badRequest('invalid file_id');
    if (f.data.length > GET_FILE_LIMIT) throw badRequest('file is too big');
    return { file_id: f.fileId, file_unique_id: f.uniqueId, file_size: f.data.length, file_path: f.path };
  }
}
