import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transport, TransportError } from '../../src/registry/transport.js';
import { Secret } from '../../src/util/secret.js';
import { makePki } from './support/pki.js';
import { startHugeBodyServer } from './support/raw-servers.js';

let dir: string;
let httpServer: Server;
let httpsServer: Server;
let httpPort: number;
let httpsPort: number;
const seenAuthorization: Array<string | undefined> = [];

function handler(req: IncomingMessage, res: ServerResponse): void {
  seenAuthorization.push(req.headers.authorization);
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/downgrade') {
    res.writeHead(302, { location: `http://127.0.0.1:${httpPort}/landing` }).end();
  } else if (url.pathname === '/cross-origin') {
    res.writeHead(307, { location: `http://localhost:${httpPort}/landing` }).end();
  } else if (url.pathname === '/same-origin') {
    res.writeHead(302, { location: '/landing' }).end();
  } else {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('landed');
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regauth-transport-'));
  const pki = await makePki(dir, ['localhost'], ['127.0.0.1']);
  httpServer = createHttpServer(handler);
  httpsServer = createHttpsServer({ cert: await readFile(pki.serverCert), key: await readFile(pki.serverKey) }, handler);
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => httpsServer.listen(0, '127.0.0.1', r));
  httpPort = (httpServer.address() as AddressInfo).port;
  httpsPort = (httpsServer.address() as AddressInfo).port;
});
after(async () => {
  httpServer.closeAllConnections();
  (httpsServer as unknown as { closeAllConnections(): void }).closeAllConnections();
  await new Promise((r) => httpServer.close(r));
  await new Promise((r) => httpsServer.close(r));
  await rm(dir, { recursive: true, force: true });
});

function transport(registry = `127.0.0.1:${httpPort}`, maxBodyBytes?: number): Transport {
  return new Transport({ registry, timeoutMs: 3000, deadline: Date.now() + 10_000, proxy: null, ...(maxBodyBytes ? { maxBodyBytes } : {}) });
}

test('an https → http redirect is refused', async () => {
  const t = transport();
  try {
    await assert.rejects(t.request({ method: 'GET', url: `https://127.0.0.1:${httpsPort}/downgrade`, verifyTls: false }), (error: unknown) => {
      return error instanceof TransportError && error.problem.id === 'https-downgrade-refused';
    });
    assert.equal(t.requests, 1);
  } finally {
    await t.close();
  }
});

test('Authorization follows same-origin redirects and is dropped across origins', async () => {
  const t = transport();
  try {
    seenAuthorization.length = 0;
    const auth = new Secret('Bearer same-origin-token');
    const same = await t.request({ method: 'GET', url: `http://127.0.0.1:${httpPort}/same-origin`, authorization: auth });
    assert.equal(same.text, 'landed');
    assert.deepEqual(seenAuthorization, ['Bearer same-origin-token', 'Bearer same-origin-token']);
    seenAuthorization.length = 0;
    const cross = await t.request({ method: 'GET', url: `http://127.0.0.1:${httpPort}/cross-origin`, authorization: auth });
    assert.equal(cross.text, 'landed');
    assert.deepEqual(seenAuthorization, ['Bearer same-origin-token', undefined]);
    assert.equal(t.requests, 4);
  } finally {
    await t.close();
  }
});

test('credentials are refused for plain http off loopback before anything is sent', async () => {
  const t = new Transport({ registry: 'reg.example:5000', timeoutMs: 1000, deadline: Date.now() + 5000, proxy: null });
  try {
    await assert.rejects(
      t.request({ method: 'GET', url: 'http://reg.example:5000/v2/', authorization: new Secret('Basic eDp5') }),
      (error: unknown) => error instanceof TransportError && error.problem.id === 'plaintext-credentials-refused' && !error.message.includes('eDp5'),
    );
    assert.equal(t.requests, 0);
  } finally {
    await t.close();
  }
});

test('a 50 MB body is cut at the cap without reading it all', async () => {
  const huge = await startHugeBodyServer(50 * 1024 * 1024, 200);
  const t = transport(`127.0.0.1:${huge.port}`, 1024 * 1024);
  try {
    const response = await t.request({ method: 'GET', url: `http://127.0.0.1:${huge.port}/v2/` });
    assert.equal(response.truncated, true);
    assert.equal(response.bodyBytes, 1024 * 1024);
    assert.equal(response.text.length, 1024 * 1024);
    assert.ok(huge.sent() < 50 * 1024 * 1024);
  } finally {
    await t.close();
    await huge.close();
  }
});

test('no request starts after the deadline', async () => {
  const t = new Transport({ registry: 'x', timeoutMs: 1000, deadline: Date.now() - 1, proxy: null });
  await assert.rejects(t.request({ method: 'GET', url: `http://127.0.0.1:${httpPort}/` }), (error: unknown) => error instanceof TransportError && error.problem.id === 'timeout');
  assert.equal(t.requests, 0);
  await t.close();
});

test('the requests of a check share one connection per origin, HEAD included', async () => {
  const t = transport(`127.0.0.1:${httpsPort}`);
  let handshakes = 0;
  const count = (): void => void handshakes++;
  httpsServer.on('secureConnection', count);
  try {
    const base = `https://127.0.0.1:${httpsPort}`;
    // back to back, as a check sends them: ping, manifest HEAD, upload start and its cancellation
    for (const method of ['GET', 'HEAD', 'POST', 'DELETE', 'GET'] as const) {
      const response = await t.request({ method, url: `${base}/v2/`, verifyTls: false, ...(method === 'POST' ? { body: '' } : {}) });
      assert.equal(response.status, 200);
    }
    assert.equal(t.requests, 5);
    assert.equal(handshakes, 1);
  } finally {
    httpsServer.off('secureConnection', count);
    await t.close();
  }
});
