/**
 * A stand-in for an HTTPS forward proxy (squid, a corporate proxy), following RFC 9110 §9.3.6:
 * it answers `CONNECT host:port` with `200 Connection Established` and then relays bytes both
 * ways; with `credentials` set it first wants `Proxy-Authorization: Basic …` and otherwise
 * answers `407 Proxy Authentication Required` with a `Proxy-Authenticate` challenge (RFC 9110
 * §11.7.1). Every CONNECT is recorded with its target and whether it was let through.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectRecord {
  target: string;
  allowed: boolean;
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  connects: ConnectRecord[];
  close(): Promise<void>;
}

export async function startConnectProxy(options: { credentials?: { user: string; password: string } } = {}): Promise<ConnectProxy> {
  const connects: ConnectRecord[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials === undefined ? null : `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`;
  const server: Server = createServer((_request, response) => {
    // only CONNECT is offered: plain-http forwarding is not needed by the registries here
    response.writeHead(405, { allow: 'CONNECT' });
    response.end();
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const target = request.url ?? '';
    if (expected !== null && request.headers['proxy-authorization'] !== expected) {
      connects.push({ target, allowed: false });
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="testbed proxy"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const colon = target.lastIndexOf(':');
    const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon));
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('connect', () => {
      connects.push({ target, allowed: true });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A local port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
