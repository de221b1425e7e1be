/**
 * Just enough of multipart/form-data (RFC 7578) to read what a Bot API client
 * uploads: every field by name, and every file with its name, type and bytes.
 * The whole body is in memory; the fake Bot API caps its size first.
 */
export interface MultipartFile {
  /** The part's `name` (for grammY, the random id an `attach://<id>` field points to). */
  field: string;
  filename: string;
  contentType?: string;
  size: number;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: MultipartFile[];
}

export class MultipartError extends Error {}

/** The boundary of a `multipart/form-data; boundary=…` content type, or null for another type. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

/** A parameter of a header value: `name="x"`, `name=x` (grammY sends file names unquoted). */
function headerParam(header: string, param: string): string | undefined {
  const re = new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\r\\n]*))`, 'i');
  const m = re.exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2].trim();
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: Record<string, string> = {};
  const files: MultipartFile[] = [];
  let pos = body.indexOf(first);
  if (pos < 0) throw new MultipartError('no multipart boundary in the body');
  pos += first.length;
  for (;;) {
    // After a delimiter: "--" closes the body, CRLF opens the next part.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw new MultipartError('malformed multipart delimiter');
    pos += 2;
    const headerEnd = body.indexOf(HEADER_END, pos);
    if (headerEnd < 0) throw new MultipartError('a multipart part has no end of headers');
    const headers: Record<string, string> = {};
    for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) throw new MultipartError('a multipart part is not closed by the boundary');
    const content = body.subarray(headerEnd + 4, next);
    const disposition = headers['content-disposition'] ?? '';
    const name = headerParam(disposition, 'name');
    if (name === undefined) throw new MultipartError('a multipart part has no name');
    const filename = headerParam(disposition, 'filename');
    if (filename !== undefined) {
      files.push({
        field: name,
        filename,
        contentType: headers['content-type'],
        size: content.length,
        data: Buffer.from(content),
      });
    } else {
      fields[name] = content.toString('utf8');
    }
    pos = next + delimiter.length;
  }
  return { fields, files };
}
