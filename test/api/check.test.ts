import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { check } from '../../src/index.js';
import type { CheckJson } from '../../src/cli/commands/check.js';
import { loadTestbed } from '../testbed/testbed.js';
import { authOf, homeWithDockerConfig, regauth } from '../cli/support.js';
import { startConnectProxy } from '../support/connect-proxy.js';

/**
 * The `check` command and `check()` are one code path: the same proxy rule (the environment's,
 * as in every client), the same verdicts, the same problems.
 */
const testbed = loadTestbed();
after(() => testbed.close());

async function bothWays(config: unknown, image: string, env: Record<string, string> = {}): Promise<{ cli: CheckJson; library: CheckJson }> {
  const { home } = homeWithDockerConfig(testbed, JSON.stringify(config));
  const result = await regauth(['check', image, '--json', '--timeout', '10'], { env: { HOME: home, ...env } });
  const cli = JSON.parse(result.stdout) as CheckJson;
  const { ref, resolution, access, sent } = await check(image, { env: testbed.env({ HOME: home, ...env }), timeoutMs: 10_000 });
  const library: CheckJson = {
    image: ref.normalized,
    registry: access.registry,
    endpoint: access.endpoint,
    client: resolution.client,
    username: sent.username,
    authenticated: access.authenticated,
    pull: access.pull,
    manifest: access.manifest ?? 'unknown',
    push: access.push,
    problems: access.problems,
    requests: access.requests,
  };
  return { cli, library };
}

/** The stable fields of `check --json`. */
function comparable(view: CheckJson): Record<string, unknown> {
  const { image, registry, endpoint, client, username, authenticated, pull, manifest, push, requests } = view;
  return { image, registry, endpoint, client, username, authenticated, pull, manifest, push, requests, problems: view.problems.map((problem) => [problem.id, problem.detail]) };
}

test('through the proxy of HTTPS_PROXY: the command and check() both tunnel through it and agree', async () => {
  const proxy = await startConnectProxy();
  try {
    const { port, tunnels } = proxy;
    const config = { auths: { 'https://index.docker.io/v1/': { auth: authOf(testbed, 'alice') } } };
    const { cli, library } = await bothWays(config, 'alice/app', { HTTPS_PROXY: `http://127.0.0.1:${port}` });
    assert.equal(cli.pull, 'granted');
    assert.deepEqual(comparable(library), comparable(cli));
    assert.equal(tunnels.filter((tunnel) => tunnel === 'registry-1.docker.io:443').length >= 2, true, `both went through the proxy: ${tunnels.join(', ')}`);
  } finally {
    proxy.close();
  }
});

test('a proxy that refuses connections: the same problem from the command and from check()', async () => {
  // a port nothing listens on once the server is closed
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const config = { auths: { 'myreg.example.com': { auth: authOf(testbed, 'bob') } } };
  const { cli, library } = await bothWays(config, 'myreg.example.com/app', { HTTPS_PROXY: `http://127.0.0.1:${port}` });
  assert.notEqual(cli.pull, 'granted');
  assert.deepEqual(cli.problems.map((problem) => problem.id), ['proxy-error']);
  assert.deepEqual(comparable(library), comparable(cli));
});
