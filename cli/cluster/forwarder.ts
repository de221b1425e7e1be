import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A tiny round-robin load balancer in front of the bot replicas: each POST
 * (body and the secret header as they came) goes to the next replica, and its
 * status is what the sender gets. A replica that refuses the connection or
 * drops it answers 502, as a load balancer does: Telegram re-sends the update
 * later, and the next try goes to another replica. GET /health is its own.
 */
export interface Forwarder {
  url: string;
  port: number;
  /** Update ids forwarded to the replica on `port` and not answered yet. */
  inFlight(port: number): number[];
  /** Requests forwarded to each replica port, with the status each got (0: the connection failed). */
  readonly log: { port: number; updateId: number | undefined; status: number }[];
  close(): Promise<void>;
}

const PASSED_HEADERS = ['content-type', 'x-telegram-bot-api-secret-token'];
const MAX_BODY_BYTES = 8 * 1024 * 1024;

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

const updateIdOf = (body: Buffer): number | undefined => {
  const m = /"update_id"\s*:\s*(\d+)/.exec(body.subarray(0, 200).toString('utf8'));
  return m ? Number(m[1]) : undefined;
};

/** Sends the body to one replica; resolves with its status, or 0 when the connection failed. */
function forwardTo(port: number, req: IncomingMessage, body: Buffer, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { 'content-length': body.length };
    for (const h of PASSED_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const out = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', () => resolve(0));
      },
    );
    out.once('timeout', () => out.destroy(new Error('timeout')));
    out.once('error', () => resolve(0));
    out.end(body);
  });
}

export async function startForwarder(o: {
  /** The replicas' ports, in round-robin order (the array may change as replicas come and go). */
  ports: () => number[];
  port?: number;
  host?: string;
  /** How long a replica may take to answer (Telegram waits about a minute). */
  timeoutMs?: number;
}): Promise<Forwarder> {
  let next = 0;
  const flying = new Map<number, Map<symbol, number | undefined>>();
  const log: Forwarder['log'] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/health') return void res.writeHead(200).end('ok');
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const body = await readAll(req);
    const ports = o.ports();
    if (!ports.length) return void res.writeHead(503).end();
    const port = ports[next++ % ports.length];
    const updateId = updateIdOf(body);
    const mine = Symbol('request');
    const set = flying.get(port) ?? new Map<symbol, number | undefined>();
    flying.set(port, set.set(mine, updateId));
    const status = await forwardTo(port, req, body, o.timeoutMs ?? 60_000);
    set.delete(mine);
    log.push({ port, updateId, status });
    res.writeHead(status || 502).end();
  };
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    inFlight: (p) => [...(flying.get(p)?.values() ?? [])].filter((id): id is number => id !== undefined),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
