/**
 * A stand-in Docker daemon on a Unix socket, answering what the Docker CLI asks for `docker push`
 * (Engine API: GET/HEAD /_ping, GET /vX/version, POST /vX/images/NAME/push streaming JSON
 * messages) and recording each request. Push outcomes are chosen per test: a registry refusal
 * arrives as the daemon sends it, a JSON message with "error"/"errorDetail" in a 200 stream.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';

export const API_VERSION = '1.50';

export interface RecordedRequest {
  method: string;
  path: string;
  /** X-Registry-Auth as the CLI sent it, decoded; null when absent */
  registryAuth: Record<string, unknown> | null;
}

export type PushOutcome = { kind: 'denied'; message: string } | { kind: 'pushed' };

export interface PluginDaemon {
  socket: string;
  host: string;
  requests: RecordedRequest[];
  pushOutcome: PushOutcome;
  close(): Promise<void>;
}

function decodeRegistryAuth(header: string | string[] | undefined): Record<string, unknown> | null {
  if (typeof header !== 'string' || header === '') return null;
  return JSON.parse(Buffer.from(header.replaceAll('-', '+').replaceAll('_', '/'), 'base64').toString('utf8')) as Record<string, unknown>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': API_VERSION, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export async function startPluginDaemon(directory: string): Promise<PluginDaemon> {
  const socket = join(directory, 'docker.sock');
  const requests: RecordedRequest[] = [];
  const daemon: PluginDaemon = { socket, host: `unix://${socket}`, requests, pushOutcome: { kind: 'pushed' }, close: async () => undefined };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://daemon');
    const path = url.pathname.replace(/^\/v\d+\.\d+/, '');
    requests.push({ method: request.method ?? '', path: url.pathname, registryAuth: decodeRegistryAuth(request.headers['x-registry-auth']) });
    request.resume();
    if (path === '/_ping') {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Api-Version': API_VERSION, 'Ostype': 'linux', 'Docker-Experimental': 'false', 'Builder-Version': '2' });
      response.end(request.method === 'HEAD' ? undefined : 'OK');
      return;
    }
    if (path === '/version') {
      send(response, 200, { Version: '28.2.2', ApiVersion: API_VERSION, MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', GoVersion: 'go1.24.3', GitCommit: 'stand-in', KernelVersion: '6.1.0', BuildTime: '2025-05-30T00:00:00.000000000+00:00' });
      return;
    }
    const push = /^\/images\/(.+)\/push$/.exec(path);
    if (push !== null && request.method === 'POST') {
      const name = decodeURIComponent(push[1] ?? '');
      const tag = url.searchParams.get('tag') || 'latest';
      response.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': API_VERSION });
      response.write(`${JSON.stringify({ status: `The push refers to repository [${name}]` })}\n`);
      const outcome = daemon.pushOutcome;
      if (outcome.kind === 'denied') {
        response.end(`${JSON.stringify({ errorDetail: { message: outcome.message }, error: outcome.message })}\n`);
      } else {
        const digest = `sha256:${'ab'.repeat(32)}`;
        response.write(`${JSON.stringify({ status: 'Layer already exists', progressDetail: {}, id: '5f70bf18a086' })}\n`);
        response.write(`${JSON.stringify({ status: `${tag}: digest: ${digest} size: 528` })}\n`);
        response.end(`${JSON.stringify({ progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: 528 } })}\n`);
      }
      return;
    }
    send(response, 404, { message: `page not found: ${request.method ?? ''} ${url.pathname}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, resolve);
  });
  daemon.close = () => new Promise((resolve) => server.close(() => resolve()));
  return daemon;
}
