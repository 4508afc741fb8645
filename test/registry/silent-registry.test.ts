/**
 * A registry that accepts TCP connections and never says a word: `check` and `doctor` end by
 * themselves within the one deadline `--timeout` sets, however many endpoints they fall back to
 * (a loopback registry is tried over https, then plain http), with a `timeout` problem that
 * names where each attempt stood. No timing is asserted: the run's own time limit is only a
 * net against a hang.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { loadTestbed } from '../testbed/testbed.js';
import { authOf, homeWithDockerConfig, regauth } from '../cli/support.js';
import { Transport, TransportError } from '../../src/registry/transport.js';

let server: Server;
let port = 0;
const sockets = new Set<Socket>();
let accepted = 0;

before(async () => {
  server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

after(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const NET_MS = 60_000;

function homeFor(registry: string): string {
  const testbed = loadTestbed();
  return homeWithDockerConfig(testbed, JSON.stringify({ auths: { [registry]: { auth: authOf(testbed, 'alice') } } })).home;
}

test('transport: a silent TLS peer times out in the TLS phase, a silent HTTP peer waiting for the first byte', async () => {
  const transport = new Transport({ registry: `127.0.0.1:${port}`, timeoutMs: 15_000, deadline: Date.now() + 30_000, proxy: null });
  try {
    await assert.rejects(
      transport.request({ method: 'GET', url: `https://127.0.0.1:${port}/v2/`, verifyTls: false, timeoutMs: 300 }),
      (error: unknown) => error instanceof TransportError && error.problem.id === 'timeout' && error.phase === 'tls' && /TLS handshake/.test(error.problem.detail),
    );
    await assert.rejects(
      transport.request({ method: 'GET', url: `http://127.0.0.1:${port}/v2/`, timeoutMs: 300 }),
      (error: unknown) => error instanceof TransportError && error.problem.id === 'timeout' && error.phase === 'first-byte' && /first byte/.test(error.problem.detail),
    );
  } finally {
    await transport.close();
  }
});

test('check: the https and the http attempt share the one deadline; both end as timeouts naming their phase', async () => {
  const registry = `127.0.0.1:${port}`;
  const before = accepted;
  const result = await regauth(['check', `${registry}/team/app`, '--json', '--timeout', '2'], { env: { HOME: homeFor(registry) }, timeoutMs: NET_MS });
  assert.equal(result.timedOut, false, 'check did not end');
  assert.equal(result.code, 1, result.stderr);
  const json = JSON.parse(result.stdout) as { problems: Array<{ id: string; detail: string }>; endpoint: string | null; pull: string };
  assert.equal(json.endpoint, null);
  const timeouts = json.problems.filter((problem) => problem.id === 'timeout');
  assert.equal(timeouts.length, 2, JSON.stringify(json.problems));
  assert.match(timeouts[0]?.detail ?? '', /TLS handshake/);
  assert.match(timeouts[1]?.detail ?? '', /first byte/);
  // both endpoints were really tried: the fallback got its share of the deadline
  assert.ok(accepted - before >= 2, `${accepted - before} connections`);
});

test('doctor: a silent registry ends as registry-unreachable with a timeout within --timeout', async () => {
  const registry = `127.0.0.1:${port}`;
  const result = await regauth(['doctor', '--json', '--timeout', '2'], { env: { HOME: homeFor(registry) }, timeoutMs: NET_MS });
  assert.equal(result.timedOut, false, 'doctor did not end');
  assert.equal(result.code, 1, result.stderr);
  const json = JSON.parse(result.stdout) as { findings: Array<{ id: string; detail: string }> };
  const unreachable = json.findings.find((finding) => finding.id === 'registry-unreachable');
  assert.ok(unreachable !== undefined, JSON.stringify(json.findings.map((finding) => finding.id)));
  assert.match(unreachable.detail, /timeout: .*TLS handshake/);
});
