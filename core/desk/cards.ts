import qrcode from 'qrcode-generator';
import { BOLD, createDoc, finish, REGULAR } from '../paper/pdf.js';
import { textsOf } from '../texts.js';
import type { IssuedCard } from './index.js';
import { botLink, type Messenger } from '../messenger.js';

/**
 * The printable sheet of invitation cards for a parents' meeting: A4, six
 * cards a page, each with the person's name, the class, the code, the QR of
 * the bot's deep link in the messenger the sheet was printed from (Telegram's
 * `https://t.me/<bot>?start=<code>`, MAX's `https://max.ru/<bot>?start=<code>`:
 * a school on both prints a sheet from each) and how to connect. The QR is
 * drawn as vector squares, so it prints sharp at any size.
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

export async function codeCardsPdf(
  cards: IssuedCard[],
  o: { botUsername: string; className: string; createdAt: Date; messenger?: Messenger },
): Promise<Buffer> {
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
    const link = deepLink(o.botUsername, card.code, o.messenger);
    const m = qrMatrix(link);
    const size = 110;
    const cell = size / (m.length + 8);
    const qx = x + CARD_W - size - 8;
    const qy = y + 8;
    doc.save().fillColor('white').rect(qx, qy, size, size).fill().fillColor('black');
    m.forEach((row, r) =>
      row.forEach((dark, c) => {
        if (dark) doc.rect(qx + (c + 4) * cell, qy + (r + 4) * cell, cell, cell);
      }),
    );
    doc.fill().restore();
    const w = CARD_W - size - 24;
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
      .text(
        t(o.messenger === 'max' ? 'desk-card-howto-max' : 'desk-card-howto', { bot: o.botUsername }),
        x + 10,
        y + 162,
        { width: CARD_W - 20 },
      );
  });
  if (!cards.length) doc.font(REGULAR).fontSize(11).text(t('desk-cards-none'));
  return finish(doc, (page, pages) => t('desk-cards-footer', { class: o.className, page, pages }));
}
