import type { Server } from 'node:http';

/** The server could not take its port or address; the message says which and what to do, in one line. */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

/** Says in one line why `port` on `host` could not be taken, naming the setting to change. */
export function listenErrorMessage(e: NodeJS.ErrnoException, port: number, host: string): string {
  switch (e.code) {
    case 'EADDRINUSE':
      return `Port ${port} is already in use: stop what runs there or set PORT`;
    case 'EACCES':
      return `Port ${port} needs privileges this process does not have: set PORT to 1024 or above`;
    case 'EADDRNOTAVAIL':
      return `HOST ${host} is not an address of this machine: set HOST (0.0.0.0 listens on every interface)`;
    default:
      return `Cannot listen on ${host}:${port}: ${e.message}`;
  }
}

/**
 * Connections the kernel holds for the hub while it is busy accepting others. Node's default (511) overflows
 * when thousands of screens reconnect at once (after a restart, say): the kernel then drops the handshakes it
 * cannot queue, and clients that already sent their request get a reset a minute later. A deeper queue makes
 * them wait instead. Linux caps it at net.core.somaxconn (4096 by default since kernel 5.4).
 */
const ACCEPT_BACKLOG = 4096;

/**
 * `server.listen` as a promise that rejects with a ListenError when the port cannot be taken. While it
 * listens it is the only 'error' listener: others on the server (the WebSocket server re-emits the
 * server's errors, and graphql-ws prints them as an internal error with a stack) get their listeners
 * back once it listens.
 */
export function listen(server: Server, port: number, host: string): Promise<void> {
  const others = server.listeners('error') as ((e: Error) => void)[];
  server.removeAllListeners('error');
  const restore = () => {
    for (const l of others) server.on('error', l);
  };
  return new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      restore();
      reject(new ListenError(listenErrorMessage(e, port, host), e.code));
    };
    server.once('error', onError);
    server.listen({ port, host, backlog: ACCEPT_BACKLOG }, () => {
      server.off('error', onError);
      restore();
      resolve();
    });
  });
}
