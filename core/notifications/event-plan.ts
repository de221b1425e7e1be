import type { DataSource } from 'typeorm';
import type { OutboxEvent } from '../../db/entities/index.js';
import type { ProfileCache, Recipient } from './audience.js';
import type { Planned } from './deliveries.js';

/**
 * What the handlers of journal events share: their context and the planning
 * of one message per recipient chat.
 */
export interface EventContext {
  ds: DataSource;
  cache: ProfileCache;
  now: Date;
  timezone: string;
}

export type Handler = (e: OutboxEvent, ctx: EventContext) => Promise<Planned[]>;

export const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

export const plan = (
  e: OutboxEvent,
  kind: string,
  preference: Planned['preference'],
  recipients: Recipient[],
  text: (r: Recipient) => string,
  digestLine?: (r: Recipient) => string,
): Planned[] =>
  recipients.map((r) => ({
    key: `${kind}:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind,
    preference,
    recipient: r,
    text: text(r),
    ...(digestLine ? { digestLine: digestLine(r) } : {}),
  }));
