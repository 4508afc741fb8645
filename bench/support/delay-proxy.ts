/**
 * A TCP proxy that holds every chunk for `delayMs` in each direction, so one request/response
 * exchange costs 2 × delayMs more: round trips dominate as they do across a continent. TLS
 * passes through untouched. It counts connections and turns (a turn starts whenever the
 * client speaks after the server did, or first), which for HTTP/1.1 and the TLS handshake is
 * the number of round trips made on each connection.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface ProxyCounts {
  connections: number;
  turns: number;
}

export interface DelayProxy {
  address: string;
  port: number;
  counts(): ProxyCounts;
  resetCounts(): void;
  /** applies to chunks that arrive from now on */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export interface DelayProxyOptions {
  listen: { address: string; port: number };
  target: { address: string; port: number };
  delayMs: number;
}

/** Forwards chunks in order, each `delayMs` after it arrived. */
function delayedPipe(from: Socket, to: Socket, delayMs: () => number, onChunk: () => void): void {
  let pending = Promise.resolve();
  from.on('data', (chunk: Buffer) => {
    onChunk();
    const due = Date.now() + delayMs();
    pending = pending.then(
      () =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            if (!to.destroyed) to.write(chunk);
            resolve();
          }, Math.max(0, due - Date.now()));
        }),
    );
  });
  from.on('end', () => void pending.then(() => to.end()));
  from.on('error', () => to.destroy());
  from.on('close', () => void pending.then(() => to.destroy()));
}

export function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  let counts: ProxyCounts = { connections: 0, turns: 0 };
  let delayMs = options.delayMs;
  const currentDelay = (): number => delayMs;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    counts.connections++;
    const upstream = createConnection({ host: options.target.address, port: options.target.port });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.setNoDelay(true);
    }
    let lastSpeaker: 'client' | 'server' | null = null;
    delayedPipe(client, upstream, currentDelay, () => {
      if (lastSpeaker !== 'client') counts.turns++;
      lastSpeaker = 'client';
    });
    delayedPipe(upstream, client, currentDelay, () => {
      lastSpeaker = 'server';
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.address, () => {
      resolve({
        address: options.listen.address,
        port: options.listen.port,
        counts: () => ({ ...counts }),
        resetCounts: () => {
          counts = { connections: 0, turns: 0 };
        },
        setDelay: (ms) => {
          delayMs = ms;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
