/**
 * A registry-shaped server the test controls completely: plain HTTP or TLS, on any loopback
 * address, answering through a handler that may misbehave (drip, reset, redirect, lie), and
 * recording every request it received — so a test can prove which credentials went where.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type HostileHandler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface HostileServerOptions {
  /** a 127.x.y.z address */
  address: string;
  tls?: { cert: string; key: string };
  handler: HostileHandler;
}

export class HostileServer {
  readonly received: ReceivedRequest[] = [];
  /** TCP connections accepted, including ones that never became an HTTP request */
  connections = 0;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly scheme: 'http' | 'https';
  readonly address: string;
  port = 0;

  private constructor(options: HostileServerOptions) {
    this.scheme = options.tls ? 'https' : 'http';
    this.address = options.address;
    const listener = (request: IncomingMessage, response: ServerResponse): void => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({ method: request.method ?? '', path: request.url ?? '', headers: { ...request.headers }, body });
        response.on('error', () => undefined);
        options.handler(request, response, body);
      });
      request.on('error', () => undefined);
    };
    this.#server = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key, maxHeaderSize: 64 * 1024 }, listener)
      : createHttpServer({ maxHeaderSize: 64 * 1024 }, listener);
    const track = (socket: Socket): void => {
      this.connections++;
      this.#sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.#sockets.delete(socket));
    };
    this.#server.on(options.tls ? 'secureConnection' : 'connection', track);
    if (options.tls) this.#server.on('connection', (socket: Socket) => socket.on('error', () => undefined));
    this.#server.on('tlsClientError', () => undefined);
    this.#server.on('clientError', (_error, socket: Socket) => socket.destroy());
  }

  static async start(options: HostileServerOptions): Promise<HostileServer> {
    const server = new HostileServer(options);
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', reject);
      server.#server.listen(0, options.address, () => resolve());
    });
    server.port = (server.#server.address() as AddressInfo).port;
    return server;
  }

  /** host:port as written in an image reference */
  get hostPort(): string {
    return `${this.address}:${this.port}`;
  }

  get origin(): string {
    return `${this.scheme}://${this.hostPort}`;
  }

  /** a timer that close() cancels (for dripping responses) */
  every(ms: number, tick: () => void): void {
    const timer = setInterval(tick, ms);
    this.#timers.add(timer);
  }

  /** Authorization headers (and form bodies) this server was given. */
  credentialsReceived(): string[] {
    const seen: string[] = [];
    for (const request of this.received) {
      const authorization = request.headers['authorization'];
      if (authorization !== undefined) seen.push(String(authorization));
      if (/(?:^|&)(?:password|refresh_token)=/.test(request.body)) seen.push(request.body);
    }
    return seen;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    for (const socket of this.#sockets) socket.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A distribution-style JSON error answer. */
export function sendRegistryError(response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0', ...headers });
  response.end(JSON.stringify({ errors: [{ code, message, detail: null }] }));
}

export function basicChallenge(response: ServerResponse, extra: Record<string, string> = {}): void {
  sendRegistryError(response, 401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': 'Basic realm="hostile"', ...extra });
}

export function bearerChallenge(response: ServerResponse, realm: string, extra: Record<string, string> = {}): void {
  sendRegistryError(response, 401, 'UNAUTHORIZED', 'authentication required', {
    'www-authenticate': `Bearer realm="${realm}",service="hostile"`,
    ...extra,
  });
}
