import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The P4 baseline: a bare `ws` server that speaks just enough graphql-transport-ws (ack, subscribe) and
 * broadcasts one serialised `next` message to every subscriber when asked — what a hub could do at best
 * on this machine. Runs as its own process so its memory is its own, like the hub's.
 *
 *   POST /broadcast   answers, then sends {seq, occurredAt} to every subscriber
 *   GET  /memory      {"rss": bytes}
 */
const subscribers = new Map<WebSocket, string>();
let seq = 0;

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/broadcast') {
    seq += 1;
    const occurredAt = new Date().toISOString();
    res.end(JSON.stringify({ seq, occurredAt }));
    const text = (id: string) =>
      `{"id":"${id}","type":"next","payload":{"data":{"stockChanged":{"seq":"${seq}","occurredAt":"${occurredAt}"}}}}`;
    // Every bench client subscribes with the same id, so one serialisation serves them all.
    const shared = text('1');
    for (const [socket, id] of subscribers) socket.send(id === '1' ? shared : text(id));
    return;
  }
  if (req.url === '/memory') {
    res.end(JSON.stringify({ rss: process.memoryUsage().rss }));
    return;
  }
  res.statusCode = 404;
  res.end();
});

const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  socket.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { type: string; id?: string };
    if (msg.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (msg.type === 'subscribe' && msg.id) subscribers.set(socket, msg.id);
    else if (msg.type === 'complete') subscribers.delete(socket);
  });
  socket.on('close', () => subscribers.delete(socket));
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`ws baseline at http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
