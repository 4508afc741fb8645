/**
 * A stand-in for the Docker daemon (dockerd), listening on a Unix socket: it answers what the
 * Docker CLI asks before a push or pull (`/_ping`, `/version`, `/info`) and records the
 * `X-Registry-Auth` header of `POST /images/{name}/push` and `POST /images/create` — the
 * credentials the CLI hands the daemon. It never contacts a registry: the answer to a push or
 * pull is a success stream, or, on demand, the error stream the real daemon sends when the
 * registry refuses (Engine API: JSON messages, one per line, with `errorDetail`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { EngineAuthConfig } from '../../src/api/adapters.js';

export interface RecordedAuth {
  /** "push" or "pull" */
  action: 'push' | 'pull';
  /** the image as the CLI named it in the path or `fromImage` */
  image: string;
  tag: string | null;
  /** false: the CLI sent no X-Registry-Auth header at all */
  headerPresent: boolean;
  /** the header as sent (base64url), null when absent */
  header: string | null;
  /** the decoded AuthConfig (empty object when the header held "{}"); null when not decodable */
  auth: EngineAuthConfig | null;
}

export interface RecordingDaemon {
  /** unix://… for DOCKER_HOST */
  host: string;
  socket: string;
  recorded: RecordedAuth[];
  /** every request line, for diagnosing a CLI that asks something unexpected */
  requests: string[];
  /** answer pushes and pulls with the registry's "unauthorized" error stream */
  refuse: boolean;
  close(): Promise<void>;
}

/** Newest Engine API this stand-in claims; older CLIs negotiate down to their own. */
const API_VERSION = '1.47';
const MIN_API_VERSION = '1.24';

export async function startRecordingDaemon(dir: string): Promise<RecordingDaemon> {
  const socket = join(dir, 'docker.sock');
  const daemon: RecordingDaemon = {
    host: `unix://${socket}`,
    socket,
    recorded: [],
    requests: [],
    refuse: false,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((request, response) => {
    daemon.requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    request.resume();
    request.on('end', () => answer(daemon, request, response));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  return daemon;
}

function answer(daemon: RecordingDaemon, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://docker');
  // the CLI prefixes paths with /v1.NN once it has negotiated a version
  const path = url.pathname.replace(/^\/v\d+\.\d+/, '');
  const headers = { 'Api-Version': API_VERSION, 'Docker-Experimental': 'false', 'Ostype': 'linux', 'Server': `Docker/28.2.2 (linux)` };
  if (path === '/_ping') {
    response.writeHead(200, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache, no-store, must-revalidate', 'Builder-Version': '2' });
    response.end(request.method === 'HEAD' ? undefined : 'OK');
    return;
  }
  if (path === '/version') {
    json(response, headers, { Version: '28.2.2', ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, Os: 'linux', Arch: 'amd64', GitCommit: 'recording', GoVersion: 'go1.24', KernelVersion: '6.0', BuildTime: '2025-01-01T00:00:00.000000000+00:00', Components: [{ Name: 'Engine', Version: '28.2.2', Details: { ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, Os: 'linux', Arch: 'amd64' } }] });
    return;
  }
  if (path === '/info') {
    json(response, headers, { ID: 'recording-daemon', Name: 'recording-daemon', ServerVersion: '28.2.2', OperatingSystem: 'regauth test stand-in', OSType: 'linux', Architecture: 'x86_64', IndexServerAddress: 'https://index.docker.io/v1/', RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: [], Mirrors: [] } });
    return;
  }
  const push = /^\/images\/(.+)\/push$/.exec(path);
  if (request.method === 'POST' && (push !== null || path === '/images/create')) {
    const image = push !== null ? decodeURIComponent(push[1] ?? '') : url.searchParams.get('fromImage') ?? '';
    const tag = url.searchParams.get('tag');
    daemon.recorded.push({ action: push !== null ? 'push' : 'pull', image, tag: tag === '' ? null : tag, ...decodeAuth(request.headers['x-registry-auth']) });
    stream(response, headers, daemon.refuse ? refusal(push !== null, image) : success(push !== null, image, tag ?? 'latest'));
    return;
  }
  response.writeHead(404, { ...headers, 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ message: `page not found: the recording daemon does not answer ${request.method ?? ''} ${path}` }));
}

function json(response: ServerResponse, headers: Record<string, string>, body: unknown): void {
  response.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

function stream(response: ServerResponse, headers: Record<string, string>, messages: unknown[]): void {
  response.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
  response.end(messages.map((message) => `${JSON.stringify(message)}\r\n`).join(''));
}

const DIGEST = `sha256:${'0'.repeat(64)}`;

function success(push: boolean, image: string, tag: string): unknown[] {
  if (push) {
    return [
      { status: `The push refers to repository [${image}]` },
      { status: `${tag}: digest: ${DIGEST} size: 528` },
      { progressDetail: {}, aux: { Tag: tag, Digest: DIGEST, Size: 528 } },
    ];
  }
  return [{ status: `Pulling from ${image}`, id: tag }, { status: `Digest: ${DIGEST}` }, { status: `Status: Image is up to date for ${image}:${tag}` }];
}

function refusal(push: boolean, image: string): unknown[] {
  const message = push ? 'unauthorized: authentication required' : `pull access denied for ${image}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
  return [...(push ? [{ status: `The push refers to repository [${image}]` }] : []), { errorDetail: { message }, error: message }];
}

/** X-Registry-Auth is base64url (padding optional) of the JSON AuthConfig. */
function decodeAuth(header: string | string[] | undefined): Pick<RecordedAuth, 'headerPresent' | 'header' | 'auth'> {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return { headerPresent: false, header: null, auth: null };
  try {
    const text = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const parsed: unknown = JSON.parse(text);
    return { headerPresent: true, header: value, auth: parsed !== null && typeof parsed === 'object' ? (parsed as RecordedAuth['auth']) : null };
  } catch {
    return { headerPresent: true, header: value, auth: null };
  }
}
