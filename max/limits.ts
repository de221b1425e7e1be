/**
 * MAX's limits, in one place (dev.max.ru/docs-api): what the adapter enforces before a call, so a
 * message the features build for Telegram is never refused by MAX for its size.
 */

/** A message's text: up to 4000 characters (the same margin core/html.ts keeps for Telegram's 4096). */
export const TEXT_MAX = 4000;
/** An inline keyboard: up to 30 rows of up to 7 buttons, 210 buttons in all. */
export const KEYBOARD_ROWS_MAX = 30;
export const BUTTONS_PER_ROW_MAX = 7;
export const BUTTONS_MAX = 210;
/** Rows holding a link or an app button take at most 3 buttons. */
export const WIDE_BUTTONS_PER_ROW_MAX = 3;
/** A button's text and a callback button's payload. */
export const BUTTON_TEXT_MAX = 128;
export const CALLBACK_PAYLOAD_MAX_BYTES = 1024;
/** A deep link's start payload (https://max.ru/<bot>?start=<payload>). */
export const START_PAYLOAD_MAX = 128;
/** Requests a second per bot (MAX_NOTIFY_RATE_PER_SECOND stays under it). */
export const REQUESTS_PER_SECOND_MAX = 30;

/** A limit MAX would refuse a call for: the adapter fails the call as Telegram would answer a 400. */
export class MaxLimitExceeded extends Error {
  constructor(readonly what: string) {
    super(`MAX limit exceeded: ${what}`);
  }
}

/** The text, or MaxLimitExceeded: the features split long texts already (core/html.ts splitMessage, 4000). */
export function checkText(text: string): string {
  if (text.length > TEXT_MAX) throw new MaxLimitExceeded(`text of ${text.length} characters (max ${TEXT_MAX})`);
  return text;
}

export interface SizedButton {
  type: string;
  text: string;
  payload?: string;
}

const wide = (b: SizedButton) => b.type === 'link' || b.type === 'open_app';

/**
 * Rows re-flowed to MAX's widths (a Telegram row of 8 becomes 7 + 1; a row with a link button at most 3),
 * then checked against the row and button counts, texts and payloads.
 */
export function fitKeyboard<B extends SizedButton>(rows: B[][]): B[][] {
  const out: B[][] = [];
  for (const row of rows) {
    const width = row.some(wide) ? WIDE_BUTTONS_PER_ROW_MAX : BUTTONS_PER_ROW_MAX;
    for (let i = 0; i < row.length; i += width) out.push(row.slice(i, i + width));
  }
  const count = out.reduce((n, r) => n + r.length, 0);
  if (out.length > KEYBOARD_ROWS_MAX) throw new MaxLimitExceeded(`${out.length} keyboard rows`);
  if (count > BUTTONS_MAX) throw new MaxLimitExceeded(`${count} buttons`);
  for (const b of out.flat()) {
    if (b.text.length > BUTTON_TEXT_MAX) throw new MaxLimitExceeded(`button text of ${b.text.length} characters`);
    if (b.payload && Buffer.byteLength(b.payload) > CALLBACK_PAYLOAD_MAX_BYTES)
      throw new MaxLimitExceeded(`button payload of ${Buffer.byteLength(b.payload)} bytes`);
  }
  return out;
}
