import WebSocket, { type WebSocketServer } from 'ws';

/**
 * Closes every WebSocket with 1001 "Going away" (graphql-ws's dispose) and waits until each has really
 * closed, so their subscriptions end before the event stream and the database go away. A client that does
 * not answer the close within `graceMs` is cut off.
 */
export async function closeWebSockets(server: WebSocketServer, dispose: () => Promise<void> | void, graceMs = 2000): Promise<void> {
  const sockets = [...server.clients];
  await dispose();
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          const cut = setTimeout(() => socket.terminate(), graceMs);
          socket.once('close', () => {
            clearTimeout(cut);
            // graphql-ws ends the socket's subscriptions in its own close listener; let it run first.
            setImmediate(resolve);
          });
        }),
    ),
  );
}
