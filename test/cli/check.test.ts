import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTestbed } from '../testbed/testbed.js';
import type { CheckJson } from '../../src/cli/commands/check.js';
import { authOf, homeWithDockerConfig, regauth } from './support.js';
import { startConnectProxy } from '../support/connect-proxy.js';

/** `regauth check` through the real CLI against the offline Docker Hub (token auth) and the htpasswd registry. */

async function check(config: unknown, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; json: CheckJson; stderr: string }> {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, JSON.stringify(config));
  const result = await regauth(['check', ...args, '--json'], { env: { HOME: home, ...env } });
  return { code: result.code, json: JSON.parse(result.stdout) as CheckJson, stderr: result.stderr };
}

test('check --push: the owner may push to the Hub namespace', async () => {
  const testbed = loadTestbed();
  const { code, json } = await check({ auths: { 'https://index.docker.io/v1/': { auth: authOf(testbed, 'alice') } } }, ['alice/app', '--push']);
  assert.equal(code, 0, JSON.stringify(json));
  assert.equal(json.registry, 'docker.io');
  assert.equal(json.endpoint, 'https://registry-1.docker.io');
  assert.equal(json.username, 'alice');
  assert.equal(json.authenticated, true);
  assert.equal(json.pull, 'granted');
  assert.equal(json.push, 'granted');
  assert.ok(json.requests <= 5, `requests ${json.requests}`);
});

test('check --push: another user\'s namespace is denied, pull is granted', async () => {
  const testbed = loadTestbed();
  const { code, json } = await check({ auths: { 'https://index.docker.io/v1/': { auth: authOf(testbed, 'bob') } } }, ['alice/app', '--push']);
  assert.equal(code, 1);
  assert.equal(json.pull, 'granted');
  assert.equal(json.push, 'denied');
  assert.ok(json.problems.some((problem) => problem.id === 'namespace-not-yours' || problem.id === 'insufficient-scope'), JSON.stringify(json.problems));
});

test('check: the seed config sends no credentials to Docker Hub', async () => {
  const testbed = loadTestbed();
  const { code, json } = await check({ auths: { 'docker.io': { auth: authOf(testbed, 'alice') } } }, ['alice/app', '--push']);
  assert.equal(code, 1);
  assert.equal(json.username, null);
  assert.equal(json.push, 'denied');
  assert.ok(json.problems.some((problem) => problem.id === 'no-credentials' || problem.id === 'insufficient-scope'), JSON.stringify(json.problems));
});

test('check --client podman: podman reads the docker.io key and may push', async () => {
  const testbed = loadTestbed();
  const { code, json } = await check({ auths: { 'docker.io': { auth: authOf(testbed, 'alice') } } }, ['alice/app', '--push', '--client', 'podman']);
  assert.equal(code, 0, JSON.stringify(json));
  assert.equal(json.client, 'podman');
  assert.equal(json.username, 'alice');
  assert.equal(json.push, 'granted');
});

test('check: a wrong password on an htpasswd registry', async () => {
  const { code, json } = await check({ auths: { 'myreg.example.com': { auth: Buffer.from('alice:wrong').toString('base64') } } }, ['myreg.example.com/app']);
  assert.equal(code, 1);
  assert.equal(json.authenticated, false);
  assert.ok(json.problems.some((problem) => problem.id === 'bad-credentials'), JSON.stringify(json.problems));
});

test('check: plain-http registry on loopback', async () => {
  const testbed = loadTestbed();
  const { code, json } = await check({ auths: { 'localhost:5001': { auth: authOf(testbed, 'carol') } } }, ['localhost:5001/app', '--push']);
  assert.equal(code, 0, JSON.stringify(json));
  assert.equal(json.endpoint, 'http://localhost:5001');
  assert.equal(json.push, 'granted');
});

test('check takes the proxy of HTTPS_PROXY, as the clients do, and not the "proxies" section of config.json (that one is for containers)', async () => {
  const testbed = loadTestbed();
  const proxy = await startConnectProxy();
  const { port, tunnels } = proxy;
  try {
    const config = {
      auths: { 'https://index.docker.io/v1/': { auth: authOf(testbed, 'alice') } },
      // nothing listens on port 9: a check that took this proxy would fail
      proxies: { default: { httpsProxy: 'http://127.0.0.1:9', httpProxy: 'http://127.0.0.1:9' } },
    };
    const { code, json } = await check(config, ['alice/app'], { HTTPS_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: 'localhost' });
    assert.equal(code, 0, JSON.stringify(json));
    assert.equal(json.pull, 'granted');
    assert.ok(tunnels.includes('registry-1.docker.io:443'), tunnels.join(', '));
    assert.ok(tunnels.includes('auth.docker.io:443'), tunnels.join(', '));
  } finally {
    proxy.close();
  }
});

test('check with an identity token: OAuth2 refresh grant at the token server, then push is granted', async () => {
  const testbed = loadTestbed();
  const { realm, service } = testbed.descriptor.tokenServer;
  const alice = testbed.user('alice');
  const form = new URLSearchParams({ grant_type: 'password', username: 'alice', password: alice.password, service, client_id: 'regauth-test', access_type: 'offline' });
  const { refresh_token: refreshToken } = (await (await fetch(realm, { method: 'POST', body: form })).json()) as { refresh_token: string };
  const config = { auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('alice:').toString('base64'), identitytoken: refreshToken } } };
  const seen = await testbed.usersSeen('hub', async () => check(config, ['alice/app', '--push']));
  const { code, json } = seen.result;
  assert.equal(code, 0, JSON.stringify(json));
  assert.equal(json.username, null, 'no username is sent with an identity token');
  assert.equal(json.authenticated, true);
  assert.equal(json.push, 'granted');
  assert.deepEqual(seen.users, ['alice']);
});
