import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page of a PDF, items joined by spaces (pdf.js, the way a reader's viewer sees it). */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items
        .map((it) => ('str' in it ? it.str : ''))
        .filter(Boolean)
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  await doc.destroy();
  return pages;
}

/** Page size in points and the PDF's metadata title. */
export async function pdfInfo(pdf: Buffer): Promise<{ pages: number; width: number; height: number; title: string }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const page = await doc.getPage(1);
  const [, , width, height] = page.view;
  const meta = await doc.getMetadata();
  const out = {
    pages: doc.numPages,
    width: Math.round(width),
    height: Math.round(height),
    title: String((meta.info as { Title?: string }).Title ?? ''),
  };
  await doc.destroy();
  return out;
}
