import qrcode from 'qrcode-generator';
import { BOLD, createDoc, finish, REGULAR } from '../paper/pdf.js';
import { textsOf } from '../texts.js';
import type { IssuedCard } from './index.js';
import { botLink, type Messenger } from '../messenger.js';

/**
 * The printable sheet of invitation cards for a parents' meeting: A4, six
 * cards a page, each with the person's name, the class, the code, the QR of
 * the bot's deep link (Telegram's `https://t.me/<bot>?start=<code>`, MAX's
 * `https://max.ru/<bot>?start=<code>`) and how to connect. A school whose bot
 * runs on both gets both QRs on each card, each labelled with its messenger,
 * so the family chooses. The QR is drawn as vector squares, so it prints sharp
 * at any size.
 */
const t = textsOf('desk').plain;

/** The bot's deep link with the code as its start payload (16 characters: within MAX's 128 and Telegram's 64). */
export const deepLink = (botUsername: string, code: string, messenger: Messenger = 'telegram') =>
  botLink(botUsername, messenger, code.replace(/-/g, ''));

/** The QR's modules (true = dark) for a text, error correction M. */
export function qrMatrix(text: string): boolean[][] {
  const q = qrcode(0, 'M');
  q.addData(text, 'Byte');
  q.make();
  const n = q.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => q.isDark(r, c)));
}

const CARD_W = 257;
const CARD_H = 240;
const PER_PAGE = 6;
/** The QR's side: one QR as large as fits beside the name, two smaller side by side (still ~23 mm). */
const QR_ONE = 110;
const QR_TWO = 64;
const QR_GAP = 6;
const LABEL: Record<Messenger, string> = { telegram: 'desk-card-qr-telegram', max: 'desk-card-qr-max' };

export interface CardBot {
  messenger: Messenger;
  username: string;
}

type Doc = ReturnType<typeof createDoc>;

/** The QR of `link` as squares in a white `size` box at (qx, qy), a 4-module quiet zone inside it. */
function drawQr(doc: Doc, link: string, qx: number, qy: number, size: number): void {
  const m = qrMatrix(link);
  const cell = size / (m.length + 8);
  doc.save().fillColor('white').rect(qx, qy, size, size).fill().fillColor('black');
  m.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) doc.rect(qx + (c + 4) * cell, qy + (r + 4) * cell, cell, cell);
    }),
  );
  doc.fill().restore();
}

/** How to connect: through the one messenger's bot, or either. */
function howto(bots: CardBot[]): string {
  const by = Object.fromEntries(bots.map((b) => [b.messenger, b.username]));
  if (bots.length > 1) return t('desk-card-howto-both', { telegram: by.telegram, max: by.max });
  return t(bots[0].messenger === 'max' ? 'desk-card-howto-max' : 'desk-card-howto', { bot: bots[0].username });
}

/**
 * The sheet for `bots`: the school's bot in each messenger it runs on (one or both, in the order
 * given). Throws when given none.
 */
export async function codeCardsPdf(
  cards: IssuedCard[],
  o: { bots: CardBot[]; className: string; createdAt: Date },
): Promise<Buffer> {
  if (!o.bots.length) throw new Error('codeCardsPdf: no bot to link to');
  const doc = createDoc({ title: t('desk-cards-title', { class: o.className }), createdAt: o.createdAt });
  const left = doc.page.margins.left;
  const top = doc.page.margins.top;
  cards.forEach((card, i) => {
    if (i && i % PER_PAGE === 0) doc.addPage();
    const k = i % PER_PAGE;
    const x = left + (k % 2) * (CARD_W + 1);
    const y = top + Math.floor(k / 2) * (CARD_H + 4);
    doc
      .save()
      .lineWidth(0.5)
      .dash(3, { space: 3 })
      .strokeColor('#777777')
      .rect(x, y, CARD_W, CARD_H)
      .stroke()
      .restore();
    const size = o.bots.length > 1 ? QR_TWO : QR_ONE;
    const area = o.bots.length * size + (o.bots.length - 1) * QR_GAP;
    o.bots.forEach((bot, n) => {
      const qx = x + CARD_W - 8 - area + n * (size + QR_GAP);
      drawQr(doc, deepLink(bot.username, card.code, bot.messenger), qx, y + 8, size);
      if (o.bots.length > 1)
        doc
          .font(BOLD)
          .fontSize(7.5)
          .fillColor('black')
          .text(t(LABEL[bot.messenger]), qx, y + 8 + size + 1, { width: size, align: 'center' });
    });
    const w = CARD_W - area - 24;
    doc
      .font(BOLD)
      .fontSize(11)
      .fillColor('black')
      .text(card.name, x + 10, y + 12, { width: w });
    doc
      .font(REGULAR)
      .fontSize(8.5)
      .text(t('desk-card-role', { role: card.role, student: card.student, class: card.className }), x + 10, doc.y + 2, {
        width: w,
      });
    doc
      .font(REGULAR)
      .fontSize(8)
      .text(t('desk-card-code-label'), x + 10, y + 128, { width: CARD_W - 20 });
    doc
      .font(BOLD)
      .fontSize(13)
      .text(card.code, x + 10, y + 140, { width: CARD_W - 20, characterSpacing: 0.5 });
    doc
      .font(REGULAR)
      .fontSize(7.5)
      .text(howto(o.bots), x + 10, y + 162, { width: CARD_W - 20 });
  });
  if (!cards.length) doc.font(REGULAR).fontSize(11).text(t('desk-cards-none'));
  return finish(doc, (page, pages) => t('desk-cards-footer', { class: o.className, page, pages }));
}
