import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccess, type AccessReport, type CheckAccessOptions } from '../../src/registry/probe.js';
import type { DebugExchange } from '../../src/registry/transport.js';
import { Secret } from '../../src/util/secret.js';
import { loadTestbed } from '../testbed/testbed.js';
import { startLocalFixture, type LocalFixture } from './support/fixture.js';
import { imageRef } from './support/ref.js';
import { startBlackHole, startHugeBodyServer } from './support/raw-servers.js';

const testbed = loadTestbed();
const myreg = testbed.registry('myreg');
const local = testbed.registry('local');
/** names only this test uses; the transport's host overrides map them */
const hosts = { 'plain.test': local.address, 'wrongname.test': myreg.address };

let fx: LocalFixture;
before(async () => {
  // the descriptor holds the CA certificate's path
  fx = await startLocalFixture(testbed.tempDir('registry'), readFileSync(testbed.caCert, 'utf8'), [myreg.host, 'wrongname.test']);
});
after(async () => {
  await fx.close();
  await testbed.close();
});

function creds(user: string, password: string = testbed.user(user).password) {
  return { username: user, password: new Secret(password) };
}

async function check(options: Partial<CheckAccessOptions> & Pick<CheckAccessOptions, 'ref'>): Promise<AccessReport> {
  return checkAccess({
    credentials: null,
    push: true,
    insecureRegistries: [],
    certsRoot: fx.emptyCertsRoot,
    hosts,
    proxy: null,
    env: testbed.env(),
    timeoutMs: 5000,
    deadlineMs: 20000,
    ...options,
  });
}

const ids = (report: AccessReport): string[] => report.problems.map((p) => p.id);
const hub = (repository: string) => imageRef('docker.io', repository);

describe('Docker Hub stand-in (token auth)', () => {
  test('owner: authenticated, pull and push granted, within the round-trip budget, nothing secret in debug output', async () => {
    const alice = testbed.user('alice');
    const exchanges: DebugExchange[] = [];
    const report = await check({ ref: hub('alice/app'), credentials: creds('alice'), debug: (e) => exchanges.push(e) });
    assert.deepEqual(ids(report), []);
    assert.equal(report.authenticated, true);
    assert.equal(report.pull, 'granted');
    assert.equal(report.push, 'granted');
    assert.equal(report.authScheme, 'bearer');
    assert.equal(report.endpoint, 'https://registry-1.docker.io');
    assert.deepEqual(report.tokenGrant, ['pull', 'push']);
    // docker login needs 3 round trips (ping, token, /v2/); the push probe adds POST and DELETE
    assert.ok(report.requests <= 5, `requests: ${report.requests}`);
    assert.equal(report.requests, exchanges.length);
    assert.deepEqual(exchanges.map((e) => e.method), ['GET', 'GET', 'HEAD', 'POST', 'DELETE']);
    const debugText = JSON.stringify(exchanges);
    assert.equal(debugText.includes(alice.password), false);
    assert.equal(debugText.includes(Buffer.from(`alice:${alice.password}`).toString('base64')), false);
    assert.match(debugText, /"authorization":"Basic \*\*\*"/);
    assert.match(debugText, /"authorization":"Bearer \*\*\*"/);
    assert.equal(/eyJ[A-Za-z0-9_-]{20,}/.test(debugText), false, 'no JWT in debug output');
    assert.equal(JSON.stringify(report).includes(alice.password), false);
  });

  test('pull only: as many requests as docker login', async () => {
    const report = await check({ ref: hub('alice/app'), credentials: creds('alice'), push: false });
    assert.equal(report.pull, 'granted');
    assert.equal(report.push, 'not-checked');
    assert.equal(report.requests, 3);
  });

  test("other user's namespace: pull granted, push denied (namespace-not-yours)", async () => {
    const report = await check({ ref: hub('bob/tool'), credentials: creds('alice') });
    assert.equal(report.authenticated, true);
    assert.equal(report.pull, 'granted');
    assert.equal(report.push, 'denied');
    assert.deepEqual(ids(report), ['namespace-not-yours']);
  });

  test('read-only user in its own namespace: pull granted, push denied (insufficient-scope)', async () => {
    const report = await check({ ref: hub('reader/app'), credentials: creds('reader') });
    assert.equal(report.authenticated, true);
    assert.equal(report.pull, 'granted');
    assert.equal(report.push, 'denied');
    assert.deepEqual(ids(report), ['insufficient-scope']);
    assert.deepEqual(report.tokenGrant, ['pull']);
  });

  test('wrong password: authenticated false, bad-credentials, the password nowhere in the report', async () => {
    const report = await check({ ref: hub('alice/app'), credentials: creds('alice', 'not-the-password') });
    assert.equal(report.authenticated, false);
    assert.deepEqual(ids(report), ['bad-credentials']);
    assert.equal(report.pull, 'denied');
    assert.equal(report.push, 'denied');
    assert.equal(JSON.stringify(report).includes('not-the-password'), false);
  });

  test('no credentials: anonymous pull works, push denied with no-credentials', async () => {
    const report = await check({ ref: hub('alice/app') });
    assert.equal(report.pull, 'granted');
    assert.equal(report.push, 'denied');
    assert.equal(report.authenticated, false);
    assert.deepEqual(ids(report), ['no-credentials']);
  });

  test('a registry token is sent as is, without a token request', async () => {
    const report = await check({ ref: hub('alice/app'), credentials: { username: null, registryToken: new Secret('not-a-valid-token') } });
    assert.deepEqual(ids(report), ['token-rejected']);
    assert.equal(report.requests, 2);
  });
});

describe('TLS htpasswd registry', () => {
  test('valid user with the CA in certs.d: pull and push granted', async () => {
    const report = await check({ ref: imageRef(myreg.host, 'app'), credentials: creds('alice'), certsRoot: fx.certsRoot, env: {} });
    assert.deepEqual(ids(report), []);
    assert.equal(report.authScheme, 'basic');
    assert.equal(report.authenticated, true);
    assert.equal(report.pull, 'granted');
    assert.equal(report.push, 'granted');
  });

  test('wrong password: bad-credentials', async () => {
    const report = await check({ ref: imageRef(myreg.host, 'app'), credentials: creds('alice', 'nope') });
    assert.equal(report.authenticated, false);
    assert.deepEqual(ids(report), ['bad-credentials']);
    assert.equal(report.push, 'denied');
  });

  test('no credentials: no-credentials', async () => {
    const report = await check({ ref: imageRef(myreg.host, 'app') });
    assert.equal(report.authenticated, false);
    assert.deepEqual(ids(report), ['no-credentials']);
  });

  test('untrusted CA: tls-unknown-authority naming the certs.d path', async () => {
    const report = await check({ ref: imageRef(myreg.host, 'app'), credentials: creds('alice'), env: {} });
    assert.deepEqual(ids(report), ['tls-unknown-authority']);
    assert.ok(report.problems[0]?.hint?.includes(`${fx.emptyCertsRoot}/${myreg.host}/ca.crt`), report.problems[0]?.hint);
    assert.equal(report.endpoint, null);
    assert.equal(report.pull, 'unknown');
  });

  test('certificate without the name used: tls-name-mismatch', async () => {
    const report = await check({ ref: imageRef('wrongname.test', 'app'), credentials: creds('alice'), certsRoot: fx.certsRoot, env: {} });
    assert.deepEqual(ids(report), ['tls-name-mismatch']);
  });
});

describe('plain-http and odd registries', () => {
  test('loopback http registry: https fails, http fallback like Docker, credentials accepted', async () => {
    const report = await check({ ref: imageRef(local.host, 'app'), credentials: creds('alice') });
    assert.deepEqual(ids(report), []);
    assert.equal(report.endpoint, `http://${local.host}`);
    assert.equal(report.pull, 'granted');
    assert.equal(report.push, 'granted');
    assert.ok(report.trace.some((s) => s.step === 'ping.fallback'));
  });

  test('http-only registry reached over https: http-to-https', async () => {
    const report = await check({ ref: imageRef(`plain.test:${local.port}`, 'app'), credentials: creds('alice') });
    assert.deepEqual(ids(report), ['http-to-https']);
    assert.match(report.problems[0]?.hint ?? '', /insecure-registries/);
  });

  test('insecure-registries entry off loopback: plain http is used, but credentials are not sent in clear text', async () => {
    const host = `plain.test:${local.port}`;
    const report = await check({ ref: imageRef(host, 'app'), credentials: creds('alice'), insecureRegistries: [host] });
    assert.equal(report.endpoint, `http://${host}`);
    assert.deepEqual(ids(report), ['plaintext-credentials-refused']);
  });

  test('read-only registry: pull granted, push denied with read-only-registry', async () => {
    const report = await check({ ref: imageRef(`127.0.0.1:${fx.readOnly.port}`, 'alice/app'), credentials: { username: 'alice', password: new Secret(fx.readOnlyPassword) } });
    assert.equal(report.pull, 'granted');
    assert.equal(report.push, 'denied');
    assert.deepEqual(ids(report), ['read-only-registry']);
  });

  test('hub.docker.com-like host (404 on /v2/): not-v2-registry', async () => {
    const notRegistry = await startHugeBodyServer(64, 404);
    try {
      const report = await check({ ref: imageRef(`127.0.0.1:${notRegistry.port}`, 'a/b') });
      assert.deepEqual(ids(report), ['not-v2-registry']);
    } finally {
      await notRegistry.close();
    }
  });
});

describe('hostile or broken servers', () => {
  test('black hole: timeout within the deadline', async () => {
    const hole = await startBlackHole();
    try {
      const started = Date.now();
      const report = await check({ ref: imageRef(`127.0.0.1:${hole.port}`, 'a/b'), credentials: creds('alice'), timeoutMs: 300, deadlineMs: 800 });
      const elapsed = Date.now() - started;
      assert.ok(ids(report).includes('timeout'), ids(report).join());
      assert.ok(elapsed < 1500, `took ${elapsed} ms`);
      assert.equal(report.pull, 'unknown');
    } finally {
      await hole.close();
    }
  });

  test('50 MB body: capped, classified, no crash', async () => {
    const huge = await startHugeBodyServer(50 * 1024 * 1024);
    try {
      const report = await check({ ref: imageRef(`127.0.0.1:${huge.port}`, 'a/b'), maxBodyBytes: 256 * 1024 });
      assert.deepEqual(ids(report), ['not-v2-registry']);
      assert.match(report.problems[0]?.detail ?? '', /cut off at 262144 bytes/);
      assert.ok(huge.sent() < 50 * 1024 * 1024, `server sent ${huge.sent()} bytes`);
    } finally {
      await huge.close();
    }
  });

  test('nothing listening: connection-refused', async () => {
    const hole = await startBlackHole();
    const port = hole.port;
    await hole.close();
    const report = await check({ ref: imageRef(`wrongname.test:${port}`, 'a/b') });
    assert.deepEqual(ids(report), ['connection-refused']);
  });
});
