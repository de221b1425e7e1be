import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

/**
 * The page machinery of printed paper: A4, DejaVu Sans (embedded, so
 * Cyrillic prints anywhere), black text on white with light grey header
 * rows and thin rules, so a black-and-white printer loses nothing.
 */
const FONTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'fonts');
export const REGULAR = 'DejaVu';
export const BOLD = 'DejaVu-Bold';
const GREY = '#d9d9d9';
const RULE = '#555555';

export type Doc = PDFKit.PDFDocument;

export interface DocOptions {
  title: string;
  landscape?: boolean;
  /** Written into the PDF's metadata, so the same input makes the same file. */
  createdAt: Date;
}

export function createDoc(o: DocOptions): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    layout: o.landscape ? 'landscape' : 'portrait',
    margins: { top: 36, bottom: 48, left: 40, right: 40 },
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    info: {
      Title: o.title,
      Creator: 'dnevnik-bot',
      Producer: 'dnevnik-bot',
      CreationDate: o.createdAt,
      ModDate: o.createdAt,
    },
  });
  doc.registerFont(REGULAR, path.join(FONTS, 'DejaVuSans.ttf'));
  doc.registerFont(BOLD, path.join(FONTS, 'DejaVuSans-Bold.ttf'));
  doc.font(REGULAR).fontSize(10).fillColor('black');
  return doc;
}

/** Ends the document and returns its bytes; `footer(page, pages)` is printed at the bottom of every page. */
export async function finish(doc: Doc, footer: (page: number, pages: number) => string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(REGULAR)
      .fontSize(7.5)
      .fillColor('#333333')
      .text(footer(i - range.start + 1, range.count), doc.page.margins.left, doc.page.height - 30, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
  doc.end();
  return done;
}

export const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottomOf = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage();
}

export function heading(doc: Doc, text: string, size = 14): void {
  ensureSpace(doc, size * 3);
  doc
    .font(BOLD)
    .fontSize(size)
    .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.font(REGULAR).fontSize(10).moveDown(0.3);
}

export function paragraph(doc: Doc, text: string, size = 10, font = REGULAR): void {
  doc.font(font).fontSize(size);
  ensureSpace(doc, doc.heightOfString(text, { width: contentWidth(doc) }) + 2);
  doc.text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.font(REGULAR).fontSize(10);
}

export interface Column {
  header: string;
  /** Points, or a share of what the fixed columns leave. */
  width: number | { share: number };
  align?: 'left' | 'center' | 'right';
  /** Print the header turned 90°, for narrow columns (subjects of the summary sheet). */
  vertical?: boolean;
}

/**
 * A ruled table that runs over pages, repeating its header row on each. A
 * row is as tall as its tallest cell; cells wrap.
 */
export function table(
  doc: Doc,
  columns: Column[],
  rows: string[][],
  o: { fontSize?: number; headerHeight?: number; boldFirst?: boolean } = {},
): void {
  const size = o.fontSize ?? 9;
  const pad = 3;
  const left = doc.page.margins.left;
  const fixed = columns.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : 0), 0);
  const shares = columns.reduce((n, c) => n + (typeof c.width === 'number' ? 0 : c.width.share), 0);
  const widths = columns.map((c) =>
    typeof c.width === 'number' ? c.width : ((contentWidth(doc) - fixed) * c.width.share) / shares,
  );
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const total = widths.reduce((a, b) => a + b, 0);

  const headerHeight = () => {
    doc.font(BOLD).fontSize(size);
    const flat = Math.max(
      ...columns.map((c, i) => (c.vertical ? 0 : doc.heightOfString(c.header, { width: widths[i] - 2 * pad }))),
    );
    return Math.max(flat + 2 * pad, o.headerHeight ?? 0);
  };
  const drawHeader = () => {
    const h = headerHeight();
    const y = doc.y;
    doc.rect(left, y, total, h).fillColor(GREY).fill().fillColor('black');
    doc.font(BOLD).fontSize(size);
    columns.forEach((c, i) => {
      if (c.vertical) {
        // Turned a quarter left about the cell's bottom-left corner: the text runs upwards, its lines stack rightwards.
        const ox = xs[i] + pad;
        const oy = y + h - pad;
        doc.save().rotate(-90, { origin: [ox, oy] });
        doc.text(c.header, ox, oy, { width: h - 2 * pad, height: widths[i] - 2 * pad, ellipsis: true });
        doc.restore();
      } else doc.text(c.header, xs[i] + pad, y + pad, { width: widths[i] - 2 * pad, align: c.align ?? 'left' });
    });
    rule(y, h);
    doc.y = y + h;
  };
  const rule = (y: number, h: number) => {
    doc.lineWidth(0.5).strokeColor(RULE);
    doc.rect(left, y, total, h).stroke();
    for (const x of xs.slice(1))
      doc
        .moveTo(x, y)
        .lineTo(x, y + h)
        .stroke();
  };

  ensureSpace(doc, headerHeight() + size * 2 + 2 * pad);
  drawHeader();
  rows.forEach((row) => {
    doc.font(REGULAR).fontSize(size);
    const h =
      Math.max(...row.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i] - 2 * pad }))) + 2 * pad;
    if (doc.y + h > bottomOf(doc)) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    row.forEach((cell, i) => {
      doc
        .font(i === 0 && o.boldFirst ? BOLD : REGULAR)
        .fontSize(size)
        .text(cell, xs[i] + pad, y + pad, { width: widths[i] - 2 * pad, align: columns[i].align ?? 'left' });
    });
    rule(y, h);
    doc.y = y + h;
  });
  doc.x = left;
  doc.moveDown(0.6);
}
