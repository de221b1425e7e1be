import { Api, GrammyError, HttpError } from 'grammy';
import type { Message } from 'grammy/types';
import type { Logger } from '../../core/logger.js';
import { botApiPost } from './bot-api-post.js';
import type { DeliveryExtra } from '../../core/notifications/deliveries.js';
import { redactSecrets } from '../../core/redact.js';
import { FileSourceTrouble, messengerOfFile, type FileBridge } from '../../max/file-bridge.js';
import { maxFilesInTelegram } from '../../max/telegram-files.js';

/**
 * Sends one notification and says what happened, in the terms the retry
 * policy needs. No grammY plugin retries here: auto-retry would retry forever
 * and throttler keeps its limits in one process; the pacing and retries are
 * the worker's (jobs/notifications/worker.ts), durable and shared.
 */
export type SendOutcome =
  | { kind: 'sent'; messageId: number | null }
  /** 429: everyone waits this long. */
  | { kind: 'retryAfter'; seconds: number; reason: string }
  /** 403 or a chat that is gone: stop sending there. */
  | { kind: 'blocked'; reason: string }
  /** A group became a supergroup (400 with migrate_to_chat_id): follow it there and send again. */
  | { kind: 'migrated'; toChatId: string; reason: string }
  /** A request Telegram will never take (400): a bug, not worth retrying. */
  | { kind: 'permanent'; reason: string }
  /** Network trouble or 5xx: retry with backoff. */
  | { kind: 'transient'; reason: string };

export interface MessageSender {
  /**
   * `extra`: inline buttons and a file by file_id (issue 8); absent for plain text. `paid`: sent with
   * allow_paid_broadcast (up to 1,000 a second, 0.1 Star a message beyond the free rate).
   */
  send(chatId: string, text: string, extra?: DeliveryExtra | null, opts?: { paid?: boolean }): Promise<SendOutcome>;
}

/** What went wrong, as stored in `lastError` and logged: the token in a request URL is never part of it. */
export function classifySendError(e: unknown): Exclude<SendOutcome, { kind: 'sent' }> {
  const outcome = classify(e);
  return { ...outcome, reason: redactSecrets(outcome.reason) };
}

function classify(e: unknown): Exclude<SendOutcome, { kind: 'sent' }> {
  if (e instanceof FileSourceTrouble) return { kind: 'transient', reason: e.message };
  if (e instanceof GrammyError) {
    const reason = `${e.error_code} ${e.description}`.slice(0, 300);
    if (e.error_code === 429)
      return { kind: 'retryAfter', seconds: Math.max(1, Number(e.parameters?.retry_after ?? 5)), reason };
    if (e.error_code === 403)
      return {
        kind: 'blocked',
        reason: /deactivated/i.test(e.description)
          ? 'deactivated'
          : /kicked/i.test(e.description)
            ? 'kicked'
            : 'blocked',
      };
    if (e.error_code === 400 && e.parameters?.migrate_to_chat_id)
      return { kind: 'migrated', toChatId: String(e.parameters.migrate_to_chat_id), reason };
    if (e.error_code === 400 && /not enough rights to send/i.test(e.description))
      return { kind: 'blocked', reason: 'noRights' };
    if (e.error_code === 400 && /chat not found|user not found|PEER_ID_INVALID|chat_id is empty/i.test(e.description))
      return { kind: 'blocked', reason: 'chatNotFound' };
    if (e.error_code >= 500) return { kind: 'transient', reason };
    return { kind: 'permanent', reason };
  }
  if (e instanceof HttpError)
    return {
      kind: 'transient',
      reason: `network: ${String(e.error instanceof Error ? e.error.message : e.error)}`.slice(0, 300),
    };
  return { kind: 'transient', reason: (e instanceof Error ? e.message : String(e)).slice(0, 300) };
}

/**
 * A file that came through MAX ("max:<token>"), sent in Telegram by grammY's client with the file bridge's
 * transformer (max/telegram-files.ts: uploaded by the first send, by the file_id it got from then on, the
 * text alone when it cannot be fetched). Without a bridge, or when Telegram refuses the file itself, the
 * text goes alone.
 */
async function sendMaxFile(
  file: NonNullable<DeliveryExtra['file']>,
  sendFile: () => Promise<Message>,
  sendText: () => Promise<Message>,
  files?: FileBridge,
  log?: Logger,
): Promise<Message> {
  if (!files) {
    log?.warn({ kind: file.kind }, 'a MAX file cannot go to Telegram here: the text goes without it');
    return sendText();
  }
  try {
    return await sendFile();
  } catch (e) {
    if (!(e instanceof GrammyError) || classify(e).kind !== 'permanent') throw e;
    log?.warn({ kind: file.kind, status: e.error_code }, 'Telegram refused a file from MAX: the text goes alone');
    return sendText();
  }
}

/**
 * Sends through the Bot API (HTML, no link previews) with the worker's lean client (bot-api-post.ts); `files`
 * carries MAX's files over (max/file-bridge.ts), whose first upload goes through grammY's client (multipart).
 */
export function telegramSender(
  token: string,
  apiRoot: string,
  timeoutSeconds = 30,
  files?: FileBridge,
  log?: Logger,
): MessageSender {
  const call = botApiPost(token, apiRoot, timeoutSeconds);
  // MAX's files only: their first send is an upload (multipart), which the lean client does not do.
  const maxFiles = new Api(token, { apiRoot, timeoutSeconds });
  if (files) maxFiles.config.use(maxFilesInTelegram(files));
  return {
    async send(chatId, text, extra, opts) {
      const chat = Number(chatId);
      const paid = opts?.paid ? { allow_paid_broadcast: true } : {};
      const reply_markup = extra?.buttons
        ? {
            inline_keyboard: extra.buttons.map((row) =>
              row.map((b) => ('url' in b ? { text: b.text, url: b.url } : { text: b.text, callback_data: b.data })),
            ),
          }
        : undefined;
      const caption = text ? { caption: text, parse_mode: 'HTML' as const } : {};
      const sendText = () =>
        call<Message>('sendMessage', {
          chat_id: chat,
          text,
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_markup,
          ...paid,
        });
      const photo = extra?.file?.kind === 'photo';
      const sendFile = (fileId: string) =>
        call<Message>(photo ? 'sendPhoto' : 'sendDocument', {
          chat_id: chat,
          [photo ? 'photo' : 'document']: fileId,
          ...caption,
          reply_markup,
          ...paid,
        });
      const sendMax = (fileId: string) => () =>
        photo
          ? maxFiles.sendPhoto(chat, fileId, { ...caption, reply_markup, ...paid })
          : maxFiles.sendDocument(chat, fileId, { ...caption, reply_markup, ...paid });
      try {
        const file = extra?.file;
        const m = !file
          ? await sendText()
          : messengerOfFile(file.fileId) === 'max'
            ? await sendMaxFile(file, sendMax(file.fileId), sendText, files, log)
            : await sendFile(file.fileId);
        return { kind: 'sent', messageId: m.message_id ?? null };
      } catch (e) {
        return classifySendError(e);
      }
    },
  };
}
