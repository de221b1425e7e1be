import { Api, GrammyError } from 'grammy';
import type { Logger } from '../core/logger.js';
import type { CopyTarget, MessengerFileStore } from '../db/stores/messenger-files.js';
import type { MaxApi, MaxAttachmentRequest } from './api/index.js';

/**
 * Files across messengers (issue 20). A file is stored by the id its messenger gave it: Telegram's
 * file_id, or "max:<token>" for a file that came through MAX. A file going to the other messenger is
 * downloaded from its source (Telegram: getFile and the file URL; MAX: the download address its
 * message carried, kept in messenger_file), uploaded to the target once, and the id it got there
 * remembered, so a file going to a thousand families is uploaded once per messenger (per process while
 * the first upload is under way; two processes racing may upload it twice, never a wrong file).
 *
 * It lives in max/ because it exists for MAX beside Telegram and both its users can reach it: the MAX
 * front end (max/outbound-files.ts) and the outbox's senders (jobs/notifications), which already use
 * max/api. core keeps storing ids only.
 */

/** A file id that is MAX's upload token, as stored after a send through MAX or a user's message there. */
export const MAX_FILE_PREFIX = 'max:';

export type FileKind = 'photo' | 'document';
export interface FileRef {
  kind: FileKind;
  fileId: string;
}

export interface FileBytes {
  data: Uint8Array<ArrayBuffer>;
  filename: string;
}

export const messengerOfFile = (fileId: string): CopyTarget =>
  fileId.startsWith(MAX_FILE_PREFIX) ? 'max' : 'telegram';

/** Telegram's getFile serves files up to 20 MB; bots upload photos up to 10 MB and documents up to 50 MB. */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
export const TELEGRAM_UPLOAD_LIMIT: Record<FileKind, number> = { photo: 10 * 1024 * 1024, document: 50 * 1024 * 1024 };

/** A file that cannot be carried to the other messenger (gone, too big, no source here): the text goes alone. */
export class FileUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FileUnavailable';
  }
}

/** Trouble reaching a file's source that may pass (network, 5xx, 429): the delivery is tried again later. */
export class FileSourceTrouble extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FileSourceTrouble';
  }
}

export interface FileBridgeDeps {
  store: MessengerFileStore;
  logger: Logger;
  /** Telegram's bot (BOT_TOKEN and its API root) when configured in this process: its files can be fetched. */
  telegram?: { token: string; apiRoot: string };
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Uploads bytes to the target messenger and returns the file's id there ('' when the answer names none). */
export type Upload = (bytes: FileBytes) => Promise<string>;

/** How many files a process remembers as not carriable (then it starts over: a memo, not a record). */
const REFUSED_MEMO_SIZE = 10_000;

export class FileBridge {
  private readonly inflight = new Map<string, Promise<string | null>>();
  /** Files that could not be carried (gone, too big, refused by the target): not fetched again by this process. */
  private readonly refused = new Set<string>();
  private readonly doFetch: typeof fetch;
  private readonly telegramApi?: Api;

  constructor(private readonly d: FileBridgeDeps) {
    this.doFetch = d.fetch ?? fetch;
    if (d.telegram)
      this.telegramApi = new Api(d.telegram.token, {
        apiRoot: d.telegram.apiRoot,
        timeoutSeconds: Math.ceil((d.timeoutMs ?? 30_000) / 1000),
      });
  }

  /** MAX's download addresses of the files of a user's message, for a later copy to Telegram. */
  rememberMaxFiles(files: { fileId: string; url: string; fileName?: string | null }[]): Promise<void> {
    return files.length ? this.d.store.rememberMaxFiles(files) : Promise.resolve();
  }

  /**
   * The id `file` has in `target`: its own when it is the target's, the copy made before, or a copy
   * `upload` makes from its bytes now (remembered). null: it cannot be carried — the caller sends the
   * text alone; why is logged without personal data. Throws FileSourceTrouble (worth a retry) and
   * whatever `upload` throws.
   */
  async idIn(target: CopyTarget, file: FileRef, upload: Upload): Promise<string | null> {
    if (messengerOfFile(file.fileId) === target) return file.fileId;
    const key = `${target}:${file.fileId}`;
    // A homework file going to a class: one refusal is enough, the other families get the text at once.
    if (this.refused.has(key)) return null;
    // Another send of this process is carrying the same file: its answer, once it has one.
    for (let pending = this.inflight.get(key); pending; pending = this.inflight.get(key)) {
      const id = await pending.catch(() => '');
      if (id || id === null) return id;
      // It failed or got no id: this send tries itself (the failed attempt is not waited for again).
      if (this.inflight.get(key) === pending) this.inflight.delete(key);
    }
    // Registered before any await, so the sends that follow wait for this one.
    const job = this.resolve(target, file, upload).then((id) => {
      if (id === null) this.remember(key);
      return id;
    });
    this.inflight.set(key, job);
    try {
      return await job;
    } finally {
      if (this.inflight.get(key) === job) this.inflight.delete(key);
    }
  }

  private remember(key: string): void {
    if (this.refused.size >= REFUSED_MEMO_SIZE) this.refused.clear();
    this.refused.add(key);
  }

  private async resolve(target: CopyTarget, file: FileRef, upload: Upload): Promise<string | null> {
    const known = await this.d.store.find(file.fileId, target);
    if (known?.copy) return known.copy;
    try {
      return await this.copy(target, file, known?.maxUrl ?? null, known?.fileName ?? null, upload);
    } catch (e) {
      if (!(e instanceof FileUnavailable)) throw e;
      this.d.logger.warn(
        { kind: file.kind, from: messengerOfFile(file.fileId), to: target, reason: e.reason },
        'a file could not be carried to the other messenger: the text goes without it',
      );
      return null;
    }
  }

  private async copy(
    target: CopyTarget,
    file: FileRef,
    maxUrl: string | null,
    fileName: string | null,
    upload: Upload,
  ): Promise<string> {
    const bytes =
      target === 'max'
        ? await this.fromTelegram(file)
        : await this.fromMax(maxUrl, fileName ?? defaultName(file), file.kind);
    const id = await upload(bytes);
    // The upload may have been the send itself (Telegram): a failure to remember must not undo it.
    if (id)
      await this.d.store
        .rememberCopy(file.fileId, target, id)
        .catch((e: unknown) => this.d.logger.warn({ err: String(e) }, 'a file copy was not remembered'));
    return id;
  }

  private async fromTelegram(file: FileRef): Promise<FileBytes> {
    const api = this.telegramApi;
    if (!api || !this.d.telegram) throw new FileUnavailable('telegramNotConfigured');
    let path: string | undefined;
    try {
      const f = await api.getFile(file.fileId);
      if (f.file_size && f.file_size > TELEGRAM_DOWNLOAD_LIMIT) throw new FileUnavailable('tooBig');
      path = f.file_path;
    } catch (e) {
      if (e instanceof FileUnavailable) throw e;
      // 400: an unknown file_id or one over 20 MB ("file is too big") — it will not get better.
      if (e instanceof GrammyError && e.error_code >= 400 && e.error_code < 500 && e.error_code !== 429)
        throw new FileUnavailable(/too big/i.test(e.description) ? 'tooBig' : `telegram${e.error_code}`);
      throw new FileSourceTrouble(
        e instanceof GrammyError ? `Telegram getFile: ${e.error_code}` : 'Telegram getFile: network',
      );
    }
    if (!path) throw new FileUnavailable('noFilePath');
    const root = this.d.telegram.apiRoot.replace(/\/+$/, '');
    const data = await this.download(
      `${root}/file/bot${this.d.telegram.token}/${path}`,
      'Telegram',
      TELEGRAM_DOWNLOAD_LIMIT,
    );
    return { data, filename: path.split('/').pop() || defaultName(file) };
  }

  /** A MAX file for Telegram: no more is read than Telegram would take from a bot. */
  private async fromMax(url: string | null, filename: string, kind: FileKind): Promise<FileBytes> {
    if (!url) throw new FileUnavailable('maxAddressUnknown');
    return { data: await this.download(url, 'MAX', TELEGRAM_UPLOAD_LIMIT[kind]), filename };
  }

  /**
   * The bytes at a file address, refused (not read on) beyond `limit`. The address is never part of an
   * error: it holds a token or a signature.
   */
  private async download(url: string, source: string, limit: number): Promise<Uint8Array<ArrayBuffer>> {
    let res: Response;
    try {
      res = await this.doFetch(url, { signal: AbortSignal.timeout(this.d.timeoutMs ?? 30_000) });
    } catch {
      throw new FileSourceTrouble(`${source} file download: network`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      if (res.status >= 500 || res.status === 429)
        throw new FileSourceTrouble(`${source} file download: ${res.status}`);
      throw new FileUnavailable(`${source.toLowerCase()}Download${res.status}`);
    }
    if (Number(res.headers.get('content-length') ?? 0) > limit) {
      await res.body?.cancel();
      throw new FileUnavailable('tooBig');
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body!.getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        size += r.value.length;
        if (size > limit) throw new FileUnavailable('tooBig');
        chunks.push(r.value);
      }
    } catch (e) {
      await reader.cancel().catch(() => undefined);
      if (e instanceof FileUnavailable) throw e;
      throw new FileSourceTrouble(`${source} file download: network`);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }
}

const defaultName = (file: FileRef) => (file.kind === 'photo' ? 'photo.jpg' : 'file');

/** A stored "max:<token>" as MAX's attachment: an image or a file sent again by its token. */
export function maxAttachment(kind: FileKind, maxId: string): MaxAttachmentRequest {
  const token = maxId.slice(MAX_FILE_PREFIX.length);
  return kind === 'photo' ? { type: 'image', payload: { token } } : { type: 'file', payload: { token } };
}

/**
 * A stored file as MAX's attachment, with its id there: a "max:<token>" by its token, a Telegram file
 * carried over by the bridge (uploaded once, by its copy's token from then on). null: it cannot go — no
 * bridge in this process (logged), or the file cannot be fetched (the bridge logs why).
 */
export async function maxAttachmentFor(
  api: Pick<MaxApi, 'upload'>,
  file: FileRef,
  files: FileBridge | undefined,
  logger: Logger | undefined,
): Promise<{ attachment: MaxAttachmentRequest; id: string } | null> {
  if (file.fileId.startsWith(MAX_FILE_PREFIX))
    return { attachment: maxAttachment(file.kind, file.fileId), id: file.fileId };
  if (!files) {
    logger?.warn({ kind: file.kind }, 'a Telegram file cannot go to MAX here: the text goes without it');
    return null;
  }
  let fresh: MaxAttachmentRequest | undefined;
  const id = await files.idIn('max', file, async (b) => {
    const u = await uploadToMax(api, file.kind, b);
    fresh = u.attachment;
    return u.id;
  });
  if (fresh) return { attachment: fresh, id: id ?? '' };
  return id ? { attachment: maxAttachment(file.kind, id), id } : null;
}

/** Uploads to MAX: the attachment to send now and the file's stored id ("max:<token>", '' when none). */
export async function uploadToMax(
  api: Pick<MaxApi, 'upload'>,
  kind: FileKind,
  bytes: FileBytes,
): Promise<{ attachment: MaxAttachmentRequest; id: string }> {
  const attachment = await api.upload(kind === 'photo' ? 'image' : 'file', bytes.data, bytes.filename);
  const p = attachment.payload as { token?: string; photos?: Record<string, { token: string }> };
  // An image's token comes in its `photos` (one per size MAX made); a file's is the payload's own.
  const token = p.token ?? Object.values(p.photos ?? {})[0]?.token;
  return { attachment, id: token ? MAX_FILE_PREFIX + token : '' };
}
