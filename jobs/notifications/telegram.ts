import { GrammyError, HttpError } from 'grammy';
import type { Message } from 'grammy/types';
import { botApiPost } from './bot-api-post.js';
import type { DeliveryExtra } from '../../core/notifications/deliveries.js';
import { redactSecrets } from '../../core/redact.js';

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

/** Sends through the Bot API (HTML, no link previews), with the worker's lean client (bot-api-post.ts). */
export function telegramSender(token: string, apiRoot: string, timeoutSeconds = 30): MessageSender {
  const call = botApiPost(token, apiRoot, timeoutSeconds);
  return {
    async send(chatId, text, extra, opts) {
      try {
        const paid = opts?.paid ? { allow_paid_broadcast: true } : {};
        const reply_markup = extra?.buttons
          ? {
              inline_keyboard: extra.buttons.map((row) =>
                row.map((b) => ('url' in b ? { text: b.text, url: b.url } : { text: b.text, callback_data: b.data })),
              ),
            }
          : undefined;
        const caption = text ? { caption: text, parse_mode: 'HTML' as const } : {};
        const chat_id = Number(chatId);
        const m = await (extra?.file
          ? call<Message>(extra.file.kind === 'photo' ? 'sendPhoto' : 'sendDocument', {
              chat_id,
              [extra.file.kind === 'photo' ? 'photo' : 'document']: extra.file.fileId,
              ...caption,
              reply_markup,
              ...paid,
            })
          : call<Message>('sendMessage', {
              chat_id,
              text,
              parse_mode: 'HTML',
              link_preview_options: { is_disabled: true },
              reply_markup,
              ...paid,
            }));
        return { kind: 'sent', messageId: m.message_id ?? null };
      } catch (e) {
        return classifySendError(e);
      }
    },
  };
}
