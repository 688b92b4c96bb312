import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * Counts SQL statements on the wire: a TCP proxy in front of PostgreSQL that reads the frontend side of
 * the protocol (what clients send the server) and counts each simple Query ('Q') and each Execute ('E')
 * of the extended protocol — one statement the server runs, BEGIN and COMMIT included. Parse ('P')
 * messages only remember the text, so a statement prepared and executed counts once. The server's
 * answers pass through untouched. Counting happens on the database side of the client: whatever the
 * hub's code believes it sends, this is what PostgreSQL receives. pg_stat_statements would do the same
 * inside the server but needs `shared_preload_libraries`, i.e. a restart.
 */
export class StatementCounter {
  private statements = 0;
  private readonly texts = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** A proxy on a free local port forwarding to the server of `databaseUrl`; `url` is the same URL through it. */
  static async start(databaseUrl: string): Promise<StatementCounter> {
    const target = new URL(databaseUrl);
    const host = target.hostname || '127.0.0.1';
    const port = Number(target.port || 5432);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((server.address() as AddressInfo).port);
    const counter = new StatementCounter(server, proxied.toString());
    server.on('connection', (client: Socket) => counter.accept(client, host, port));
    return counter;
  }

  /** Statements since the last call, and the most frequent texts (first 100 characters, literals as ? and N). */
  take(): { statements: number; texts: [string, number][] } {
    const result = { statements: this.statements, texts: [...this.texts].sort((a, b) => b[1] - a[1]) };
    this.statements = 0;
    this.texts.clear();
    return result;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number) {
    const upstream = createConnection({ host, port });
    this.sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.pipe(client);

    let pending: Buffer = Buffer.alloc(0);
    let startup = true;
    const prepared = new Map<string, string>(); // statement name → text
    const portals = new Map<string, string>(); // portal name → text
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (startup) {
          // StartupMessage, SSLRequest, GSSENCRequest, CancelRequest: length, code, no type byte.
          if (pending.length < 8) break;
          const len = pending.readInt32BE(0);
          if (pending.length < len) break;
          const code = pending.readInt32BE(4);
          pending = pending.subarray(len);
          if (code !== 80877103 && code !== 80877104) startup = false;
          continue;
        }
        if (pending.length < 5) break;
        const type = String.fromCharCode(pending[0]);
        const len = pending.readInt32BE(1);
        if (pending.length < 1 + len) break;
        const body = pending.subarray(5, 1 + len);
        pending = pending.subarray(1 + len);
        if (type === 'Q') this.count(cstring(body, 0).text);
        else if (type === 'P') {
          const name = cstring(body, 0);
          prepared.set(name.text, cstring(body, name.next).text);
        } else if (type === 'B') {
          const portal = cstring(body, 0);
          portals.set(portal.text, prepared.get(cstring(body, portal.next).text) ?? '?');
        } else if (type === 'E') this.count(portals.get(cstring(body, 0).text) ?? '?');
      }
    });
  }

  private count(text: string) {
    this.statements++;
    const key = text
      .replace(/\s+/g, ' ')
      .replace(/'(?:[^']|'')*'/g, '?')
      .replace(/\b\d+\b/g, 'N')
      .trim()
      .slice(0, 100);
    this.texts.set(key, (this.texts.get(key) ?? 0) + 1);
  }
}

function cstring(buf: Buffer, from: number): { text: string; next: number } {
  const end = buf.indexOf(0, from);
  const stop = end < 0 ? buf.length : end;
  return { text: buf.toString('utf8', from, stop), next: stop + 1 };
}
