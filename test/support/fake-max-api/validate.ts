import { badRequest } from './types.js';

/**
 * What MAX refuses in a NewMessageBody (schema NewMessageBody, AttachmentRequest, Button; the limits of
 * dev.max.ru/docs-api): unknown fields, text over 4000 characters, a format other than html/markdown,
 * keyboards over 210 buttons, 30 rows, 7 buttons a row (3 when the row has a link, open_app,
 * request_contact or request_geo_location button), button texts over 128, payloads over 1024, links
 * over 2048 characters. Answers 400 as MAX does.
 */

export const MAX_TEXT = 4000;
const BODY_KEYS = new Set(['text', 'attachments', 'link', 'notify', 'format']);
const ATTACHMENT_TYPES = new Set([
  'image',
  'video',
  'audio',
  'file',
  'sticker',
  'contact',
  'inline_keyboard',
  'location',
  'share',
]);
const WIDE = new Set(['link', 'open_app', 'request_geo_location', 'request_contact']);
const BUTTON_KEYS: Record<string, string[]> = {
  callback: ['payload', 'intent'],
  link: ['url'],
  message: ['payload'],
  open_app: ['web_app', 'payload', 'contact_id'],
  clipboard: ['payload'],
  request_contact: [],
  request_geo_location: ['quick'],
};

function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function onlyKeys(o: Record<string, unknown>, allowed: Iterable<string>, where: string): void {
  const ok = new Set(allowed);
  for (const k of Object.keys(o)) if (!ok.has(k)) throw badRequest(`${where}: unknown field '${k}'`);
}

export function validateBody(body: unknown, knownToken: (t: string) => boolean): Record<string, any> {
  if (!isObject(body)) throw badRequest('request body must be a JSON object');
  onlyKeys(body, BODY_KEYS, 'NewMessageBody');
  const { text, format, attachments, notify } = body;
  if (text != null && typeof text !== 'string') throw badRequest('text must be a string');
  if (typeof text === 'string' && [...text].length > MAX_TEXT)
    throw badRequest(`text: size must be between 0 and ${MAX_TEXT}`);
  if (format != null && format !== 'html' && format !== 'markdown')
    throw badRequest(`format: unknown value '${String(format)}'`);
  if (notify != null && typeof notify !== 'boolean') throw badRequest('notify must be a boolean');
  if (attachments != null) {
    if (!Array.isArray(attachments)) throw badRequest('attachments must be an array');
    attachments.forEach((a, i) => validateAttachment(a, i, knownToken));
    if (attachments.filter((a) => a.type === 'inline_keyboard').length > 1)
      throw badRequest('only one inline_keyboard attachment is allowed');
  }
  if ((text == null || text === '') && !attachments?.length) throw badRequest('text or attachments are required');
  return body;
}

function validateAttachment(a: unknown, i: number, knownToken: (t: string) => boolean): void {
  const where = `attachments[${i}]`;
  if (!isObject(a) || typeof a.type !== 'string') throw badRequest(`${where}: type is required`);
  if (!ATTACHMENT_TYPES.has(a.type)) throw badRequest(`${where}: unknown attachment type '${a.type}'`);
  onlyKeys(a, ['type', 'payload', 'latitude', 'longitude'], where);
  if (a.type === 'inline_keyboard') return validateKeyboard(a.payload, where);
  if (['file', 'video', 'audio'].includes(a.type)) {
    if (!isObject(a.payload) || typeof a.payload.token !== 'string')
      throw badRequest(`${where}: payload.token is required`);
    if (!knownToken(a.payload.token)) throw badRequest(`${where}: invalid upload token`, 'attachment.invalid');
  }
}

function validateKeyboard(payload: unknown, where: string): void {
  if (!isObject(payload) || !Array.isArray(payload.buttons) || payload.buttons.length === 0)
    throw badRequest(`${where}: payload.buttons must be a non-empty array of rows`);
  onlyKeys(payload, ['buttons'], `${where}.payload`);
  const rows = payload.buttons as unknown[];
  if (rows.length > 30) throw badRequest('keyboard: too many rows (max 30)', 'errors.maxRows');
  let total = 0;
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length === 0) throw badRequest(`${where}: row ${r} must be a non-empty array`);
    total += row.length;
    const wide = row.some((b) => isObject(b) && WIDE.has(b.type as string));
    if (row.length > (wide ? 3 : 7))
      throw badRequest(`keyboard: too many buttons in row ${r} (max ${wide ? 3 : 7})`, 'errors.maxButtonsInRow');
    row.forEach((b, c) => validateButton(b, `${where} button [${r}][${c}]`));
  });
  if (total > 210) throw badRequest('keyboard: too many buttons (max 210)', 'errors.maxButtons');
}

function validateButton(b: unknown, where: string): void {
  if (!isObject(b) || typeof b.type !== 'string') throw badRequest(`${where}: type is required`);
  const extra = BUTTON_KEYS[b.type];
  if (!extra) throw badRequest(`${where}: unknown button type '${b.type}'`);
  onlyKeys(b, ['type', 'text', ...extra], where);
  if (typeof b.text !== 'string' || b.text.length < 1 || b.text.length > 128)
    throw badRequest(`${where}: text must be 1-128 characters`);
  const p = b.payload as unknown;
  if (b.type === 'callback' || b.type === 'clipboard') {
    if (typeof p !== 'string' || p.length > 1024) throw badRequest(`${where}: payload must be a string up to 1024`);
  }
  if (b.type === 'link' && (typeof b.url !== 'string' || b.url.length > 2048 || !/^https?:\/\//.test(b.url)))
    throw badRequest(`${where}: url must be an http(s) link up to 2048 characters`);
  if (b.type === 'open_app' && typeof b.web_app !== 'string') throw badRequest(`${where}: web_app is required`);
  if (b.type === 'open_app' && p != null && (typeof p !== 'string' || !/^[\w-]{0,512}$/.test(p)))
    throw badRequest(`${where}: payload must match ^[\\w-]*$ up to 512`);
}
