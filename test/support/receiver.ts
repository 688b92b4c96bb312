import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/contract/signature';

export type Mode = 'ok' | 'down' | 'stall' | 'reject' | 'throttle';

export interface Received {
  key: string;
  type: string;
  body: { id: string; type: string; aggregateId: string; data: Record<string, unknown> };
}

/**
 * A partner system on loopback that can be down (503), stall (never answer), reject (422), throttle
 * (429 with Retry-After) or accept. It checks every signature and keeps what it accepted, by key.
 */
export class Receiver {
  mode: Mode = 'ok';
  readonly accepted: Received[] = [];
  readonly refusedSignatures: string[] = [];
  requests = 0;
  private server!: Server;
  private readonly stalled = new Set<() => void>();
  url = '';

  constructor(private readonly secret: string) {}

  async start(): Promise<this> {
    this.server = createServer(
      (req, res) =>
        void (async () => {
          const body = await readBody(req);
          this.requests++;
          const check = verifySignature(
            this.secret,
            {
              signature: String(req.headers['x-mom-signature'] ?? ''),
              timestamp: String(req.headers['x-mom-timestamp'] ?? ''),
              idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
            },
            body,
          );
          if (!check.ok) {
            this.refusedSignatures.push(check.reason);
            res.writeHead(401).end(check.reason);
            return;
          }
          switch (this.mode) {
            case 'down':
              res.writeHead(503).end('maintenance');
              return;
            case 'reject':
              res.writeHead(422).end('unknown account');
              return;
            case 'throttle':
              res.writeHead(429, { 'retry-after': '1' }).end('slow down');
              return;
            case 'stall':
              // Hold the request open until the test lets go (or the client times out).
              this.stalled.add(() => res.destroy());
              return;
            case 'ok': {
              const key = String(req.headers['idempotency-key']);
              const parsed = JSON.parse(body) as Received['body'];
              if (!this.accepted.some((a) => a.key === key)) this.accepted.push({ key, type: parsed.type, body: parsed });
              res.writeHead(200, { 'content-type': 'application/json' }).end('{"booked":true}');
            }
          }
        })(),
    );
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/entries`;
    return this;
  }

  /** How many times each key was sent and accepted (duplicates would show as a second acceptance attempt). */
  keys(): string[] {
    return this.accepted.map((a) => a.key);
  }

  async stop(): Promise<void> {
    for (const release of this.stalled) release();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
  });
}

export async function eventually<T>(check: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await check();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await check();
  }
  return last;
}
