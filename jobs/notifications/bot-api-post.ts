import http from 'node:http';
import https from 'node:https';
import { GrammyError, HttpError } from 'grammy';

/**
 * One Bot API method called with a JSON body over a kept-alive connection, and nothing more: the worker's
 * sends carry no uploads (files go by file_id), so grammY's client (node-fetch, an AbortController, a
 * timer race and a transformer chain per call) cost more CPU than the send itself at a thousand a second.
 * Fails as grammY does — GrammyError for Telegram's refusals, HttpError for the network — so
 * classifySendError (telegram.ts) reads both the same way.
 */
export function botApiPost(token: string, apiRoot: string, timeoutSeconds: number) {
  const root = new URL(apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`);
  const tls = root.protocol === 'https:';
  const agent = tls ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const request = tls ? https.request : http.request;
  const target = { protocol: root.protocol, hostname: root.hostname.replace(/^\[|\]$/g, ''), port: root.port, agent };
  const path = `${root.pathname}bot${token}/`;
  return <T>(method: string, payload: Record<string, unknown>): Promise<T> => {
    const body = JSON.stringify(payload);
    return new Promise<T>((resolve, reject) => {
      const network = (e: unknown) =>
        reject(new HttpError(`Network request for '${method}' failed!`, e instanceof Error ? e : new Error(String(e))));
      const req = request(
        {
          ...target,
          path: path + method,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', network);
          res.on('end', () => {
            let answer: { ok: boolean; result?: T; error_code: number; description: string; parameters?: object };
            try {
              answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch (e) {
              return network(new Error(`HTTP ${res.statusCode}: not JSON (${String(e)})`));
            }
            if (answer.ok) resolve(answer.result as T);
            else reject(new GrammyError(`Call to '${method}' failed!`, answer as never, method, payload));
          });
        },
      );
      // The whole exchange, not the socket's idle time: the pacer's hold on the chat lasts this long and 2 s.
      const deadline = setTimeout(
        () => req.destroy(new Error(`Request to '${method}' timed out after ${timeoutSeconds} seconds`)),
        timeoutSeconds * 1000,
      );
      req.on('close', () => clearTimeout(deadline));
      req.on('error', network);
      req.end(body);
    });
  };
}
