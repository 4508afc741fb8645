/**
 * Remembered trust anchors only make verification cheaper, never different: a server signed by a
 * CA of the store verifies with a cold and a warm memory, one signed by an unknown CA fails as it
 * always did, a memory naming the wrong CA still verifies (through the full store), and a cache
 * directory that cannot be written changes nothing but the time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTlsMaterial } from '../../src/registry/certs.js';
import { Transport, TransportError } from '../../src/registry/transport.js';
import { certificateNames, rememberedAnchors } from '../../src/registry/trust-anchors.js';
import { SYSTEM_CA_BUNDLE } from '../testbed/certs.js';
import { makePki, type Pki } from './support/pki.js';

let dir: string;
let trusted: Pki;
let unknown: Pki;
let bundle: string;
const servers: Server[] = [];
let connections = 0;

async function serve(pki: Pki): Promise<number> {
  const server = createServer({ cert: await readFile(pki.serverCert), key: await readFile(pki.serverKey) }, (_request, response) => response.writeHead(200).end('ok'));
  server.on('connection', () => void connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

let trustedPort: number;
let unknownPort: number;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regauth-anchors-'));
  await mkdir(join(dir, 'trusted'));
  await mkdir(join(dir, 'unknown'));
  [trusted, unknown] = await Promise.all([makePki(join(dir, 'trusted'), ['localhost'], ['127.0.0.1']), makePki(join(dir, 'unknown'), ['localhost'], ['127.0.0.1'])]);
  // the machine's store with the test CA in the middle, as update-ca-certificates would place it
  const system = await readFile(SYSTEM_CA_BUNDLE, 'utf8');
  const middle = system.indexOf('-----BEGIN CERTIFICATE-----', Math.floor(system.length / 2));
  bundle = join(dir, 'ca-bundle.crt');
  await writeFile(bundle, `${system.slice(0, middle)}${await readFile(trusted.caCert, 'utf8')}\n${system.slice(middle)}`);
  trustedPort = await serve(trusted);
  unknownPort = await serve(unknown);
});

after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await rm(dir, { recursive: true, force: true });
});

/** One GET with a fresh transport (a new process would have one), trusting `bundle`, remembering under `cache`. */
async function get(port: number, cache: string): Promise<{ status: number | null; problem: string | null; connections: number }> {
  const env = { SSL_CERT_FILE: bundle, XDG_CACHE_HOME: cache, HOME: cache };
  const transport = new Transport({
    registry: `localhost:${port}`,
    timeoutMs: 5000,
    deadline: Date.now() + 10_000,
    proxy: null,
    hosts: { localhost: '127.0.0.1' },
    tlsFor: async (hostPort) => (await loadTlsMaterial({ registry: hostPort, env, certsRoot: join(dir, 'no-certs.d') })).material,
  });
  const before = connections;
  try {
    const response = await transport.request({ method: 'GET', url: `https://localhost:${port}/v2/` });
    return { status: response.status, problem: null, connections: connections - before };
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    return { status: null, problem: error.problem.id, connections: connections - before };
  } finally {
    await transport.close();
  }
}

async function subjectOf(pemFile: string): Promise<string> {
  const body = (await readFile(pemFile, 'utf8')).replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  const names = certificateNames(Buffer.from(body, 'base64'));
  assert.ok(names !== null);
  return names.subject;
}

test('a server signed by a CA of the store verifies cold and warm; the warm context holds that CA alone', async () => {
  const cache = join(dir, 'cache-cold-warm');
  const cold = await get(trustedPort, cache);
  assert.deepEqual(cold, { status: 200, problem: null, connections: 1 });
  const file = join(cache, 'regauth', 'trust-anchors.json');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const remembered = JSON.parse(await readFile(file, 'utf8')) as Record<string, { subjects: string[] }>;
  assert.deepEqual(Object.values(remembered).map((entry) => entry.subjects), [[await subjectOf(trusted.caCert)]]);
  const { material } = await loadTlsMaterial({ registry: `localhost:${trustedPort}`, env: { SSL_CERT_FILE: bundle, XDG_CACHE_HOME: cache } });
  assert.ok(material.store !== null);
  assert.deepEqual(rememberedAnchors(material.store, `localhost:${trustedPort}`), [(await readFile(trusted.caCert, 'utf8')).trim()]);
  const warm = await get(trustedPort, cache);
  assert.deepEqual(warm, { status: 200, problem: null, connections: 1 });
});

test('a server signed by an unknown CA fails as before, with or without a memory for its host', async () => {
  const cache = join(dir, 'cache-unknown');
  assert.equal((await get(unknownPort, cache)).problem, 'tls-unknown-authority');
  // a memory of the trusted CA for this host: the narrowed context fails, and so does the full store
  const { material } = await loadTlsMaterial({ registry: `localhost:${unknownPort}`, env: { SSL_CERT_FILE: bundle, XDG_CACHE_HOME: join(dir, 'cache-unknown-2') } });
  assert.ok(material.store !== null);
  const staleCache = join(dir, 'cache-unknown-2');
  await mkdir(join(staleCache, 'regauth'), { recursive: true });
  await writeFile(join(staleCache, 'regauth', 'trust-anchors.json'), JSON.stringify({ [`${material.store.id}\u0000localhost:${unknownPort}`]: { subjects: [await subjectOf(trusted.caCert)] } }));
  const withMemory = await get(unknownPort, staleCache);
  assert.equal(withMemory.problem, 'tls-unknown-authority');
});

test('a memory naming the wrong CA still verifies, through the full store, and is corrected', async () => {
  const cache = join(dir, 'cache-stale');
  const { material } = await loadTlsMaterial({ registry: `localhost:${trustedPort}`, env: { SSL_CERT_FILE: bundle, XDG_CACHE_HOME: cache } });
  assert.ok(material.store !== null);
  const system = await readFile(SYSTEM_CA_BUNDLE, 'utf8');
  const firstSystemCa = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(system)?.[0] ?? '';
  const wrong = certificateNames(Buffer.from(firstSystemCa.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64'))?.subject;
  assert.ok(wrong !== undefined);
  const key = `${material.store.id}\u0000localhost:${trustedPort}`;
  await mkdir(join(cache, 'regauth'), { recursive: true });
  await writeFile(join(cache, 'regauth', 'trust-anchors.json'), JSON.stringify({ [key]: { subjects: [wrong] } }));
  const stale = await get(trustedPort, cache);
  // the narrowed handshake could not verify, the full store did: one more connection, same outcome
  assert.deepEqual(stale, { status: 200, problem: null, connections: 2 });
  const corrected = JSON.parse(await readFile(join(cache, 'regauth', 'trust-anchors.json'), 'utf8')) as Record<string, { subjects: string[] }>;
  assert.deepEqual(corrected[key]?.subjects, [await subjectOf(trusted.caCert)]);
});

test('a cache directory that cannot be written changes nothing but the time', async () => {
  const blocker = join(dir, 'not-a-directory');
  await writeFile(blocker, 'a file where the cache directory would go\n');
  assert.deepEqual(await get(trustedPort, blocker), { status: 200, problem: null, connections: 1 });
  assert.deepEqual(await get(trustedPort, blocker), { status: 200, problem: null, connections: 1 });
});

test('a remembered position is only a shortcut: a block there with another subject is passed over', async () => {
  const cache = join(dir, 'cache-moved');
  const { material } = await loadTlsMaterial({ registry: `localhost:${trustedPort}`, env: { SSL_CERT_FILE: bundle, XDG_CACHE_HOME: cache } });
  assert.ok(material.store !== null);
  const key = `${material.store.id}\u0000localhost:${trustedPort}`;
  await mkdir(join(cache, 'regauth'), { recursive: true });
  // offset 0 holds the store's first CA, not the test CA the subject names
  await writeFile(join(cache, 'regauth', 'trust-anchors.json'), JSON.stringify({ [key]: { subjects: [await subjectOf(trusted.caCert)], at: [0] } }));
  assert.deepEqual(rememberedAnchors(material.store, `localhost:${trustedPort}`), [(await readFile(trusted.caCert, 'utf8')).trim()]);
  assert.deepEqual(await get(trustedPort, cache), { status: 200, problem: null, connections: 1 });
});
