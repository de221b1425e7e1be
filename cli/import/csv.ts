/**
 * RFC 4180 CSV as spreadsheets save it: quoted fields with "" for a quote and
 * line breaks inside quotes, CRLF or LF, an optional UTF-8 BOM, and `;` (the
 * Russian Excel default) or `,` as delimiter, detected from the header line.
 */
export interface CsvRecord {
  /** The line the record starts on, from 1 (the header is line 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function detectDelimiter(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return semicolons > commas ? ';' : ',';
}

export function parseCsv(
  input: string,
  delimiter: ';' | ',' = detectDelimiter(input.replace(/^\uFEFF/, '')),
): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  // Field states: at its start, inside unquoted text, inside quotes, just after the closing quote.
  let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '' && state !== 'closed')) records.push({ line: start, fields });
    fields = [];
    field = '';
    state = 'start';
  };
  while (i < text.length) {
    const ch = text[i];
    if (state === 'quoted') {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        state = 'closed';
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      state = 'start';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else if (ch === '"') {
      if (state !== 'start')
        throw new CsvSyntaxError(
          line,
          state === 'closed'
            ? 'a quote inside a quoted field must be doubled ("")'
            : 'a field with quotes must be quoted as a whole',
        );
      state = 'quoted';
    } else {
      if (state === 'closed') throw new CsvSyntaxError(line, 'text after a closing quote');
      field += ch;
      state = 'plain';
    }
    i++;
  }
  if (state === 'quoted') throw new CsvSyntaxError(start, 'a quoted field is not closed');
  if (state !== 'start' || field !== '' || fields.length) endRecord();
  return records;
}
