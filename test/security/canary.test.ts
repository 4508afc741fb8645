/**
 * Canary suite: every command, in every output mode, for every image of each config, run as a
 * real `regauth` process against configs, helpers and registries seeded with unique canary
 * secrets (the table is in support/canary-table.ts). Each run gets a fresh copy of its $HOME
 * and a fresh $TMPDIR. No canary may appear on stdout (except for `get`, whose job is to print
 * the secret), on stderr (which carries the --debug log), or in any file the run created or
 * changed under $HOME or $TMPDIR — except the config file a writing command was told to edit
 * and its backups, which must stay private (0600). The suite is split over canary*.test.ts
 * files so that each stays within the runner's time limit per file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CaptureLog, canaryJwt, findLeaks } from './support/canaries.js';
import { runCli } from './support/cli.js';
import { HostileServer, bearerChallenge, sendRegistryError } from './support/hostile-server.js';
import { type Invocation, allCanaries, assertCaptureClean, b64, canary, makeWorld, runTable, scratchConfig, testbed } from './support/canary-table.js';

describe('canaries in config files', () => {
  test('secret fields, unknown fields and neighbours of keys never reach output', async () => {
    const password = canary('docker password', { special: true });
    const auth = canary('docker auth', { username: 'alice' });
    const identity = canary('docker identitytoken', { style: 'token' });
    const registryToken = canary('docker registrytoken');
    const unknown = canary('docker unknown field');
    const neighbour = canary('docker neighbour');
    const podman = canary('podman auth', { username: 'bob' });
    const kube = canary('kubelet auth', { username: 'carol' });
    const kubePassword = canary('kubelet password');
    const docker = JSON.stringify(
      {
        auths: {
          'myreg.example.com': { auth: b64(`alice:${auth.value}`), email: 'a@example.com', x_secret: unknown.value },
          'https://index.docker.io/v1/': { username: 'alice', password: password.value, identitytoken: identity.value },
          'other.example.com': { registrytoken: registryToken.value, auth: b64(`dave:${neighbour.value}`) },
          'neighbour.example.com': { auth: b64(`erin:${neighbour.value}`), nested: { password: neighbour.value, list: [neighbour.value] } },
        },
        HttpHeaders: { 'X-Token': neighbour.value },
        proxies: { default: { httpProxy: `http://u:${neighbour.value}@127.0.0.1:9` } },
      },
      null,
      '\t',
    );
    const containers = JSON.stringify({ auths: { 'myreg.example.com': { auth: b64(`bob:${podman.value}`), identitytoken: identity.value } } });
    const kubeSecret = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { 'myreg.example.com': { auth: b64(`carol:${kube.value}`), password: kubePassword.value } } })) },
    });
    const world = makeWorld('fields', { docker, containers, kube: kubeSecret });
    await runTable(world, allCanaries);
  });
});

describe('canaries from a hostile registry', () => {
  const servers: HostileServer[] = [];
  const password = canary('registry password', { username: 'alice' });
  const identity = canary('registry identity token');
  const registryToken = canary('registry registrytoken');
  const issued = canaryJwt('issued bearer token');
  const refresh = canary('issued refresh token');
  allCanaries.push(issued);

  /** echoes whatever credentials it got into headers and error bodies, and hands out canary tokens */
  function echoing(realm: () => string) {
    return (request: IncomingMessage, response: ServerResponse, body: string): void => {
      const authorization = String(request.headers['authorization'] ?? '');
      const decoded = authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8') : '';
      const echo = { 'x-echo-authorization': authorization || 'none', 'x-echo-decoded': decoded || 'none', 'x-echo-body': body.slice(0, 500) || 'none' };
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/token') {
        if (request.method === 'POST') {
          sendRegistryError(response, 400, 'DENIED', `refresh token rejected: ${body}`, echo);
          return;
        }
        if (authorization === '') {
          response.writeHead(401, { 'content-type': 'application/json', ...echo });
          response.end(JSON.stringify({ details: 'no credentials' }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json', 'x-issued': issued.value, ...echo });
        response.end(JSON.stringify({ token: issued.value, access_token: issued.value, refresh_token: refresh.value, expires_in: 300 }));
        return;
      }
      if (url.pathname === '/v2/' && authorization === '') {
        bearerChallenge(response, realm());
        return;
      }
      const message = `access denied for ${decoded} using ${authorization}`;
      response.writeHead(403, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer realm="${realm()}",error="insufficient_scope",error_description="${authorization.replace(/"/g, '')}"`,
        ...echo,
      });
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify({ errors: [{ code: 'DENIED', message, detail: { token: authorization } }], details: message }));
    };
  }

  before(async () => {
    for (let i = 0; i < 3; i++) {
      let origin = '';
      const server = await HostileServer.start({ address: `127.0.0.${60 + i}`, handler: echoing(() => `${origin}/token`) });
      origin = server.origin;
      servers.push(server);
    }
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  test('tokens, error bodies and headers that echo secrets never reach output', async () => {
    const [withPassword, withIdentity, withRegistryToken] = servers as [HostileServer, HostileServer, HostileServer];
    const docker = JSON.stringify({
      auths: {
        [withPassword.hostPort]: { auth: b64(`alice:${password.value}`) },
        [withIdentity.hostPort]: { identitytoken: identity.value },
        [withRegistryToken.hostPort]: { registrytoken: registryToken.value },
      },
    });
    const world = makeWorld('hostile', { docker });
    world.images = servers.map((s) => `${s.hostPort}/team/app`);
    const checks: Invocation[] = [
      { title: 'check', args: (_w, image) => ['check', image, '--timeout', '10'] },
      { title: 'check --push', args: (_w, image) => ['check', image, '--push', '--timeout', '10'] },
      { title: 'doctor', args: (_w, image) => ['doctor', image, '--timeout', '10'] },
      {
        title: 'login (verified against the registry)',
        args: (w, image) => ['login', image.split('/')[0] ?? image, '-u', 'alice', '--password-stdin', '--timeout', '10', '--config', scratchConfig(w)],
        writes: true,
        stdin: `${password.value}\n`,
      },
    ];
    await runTable(world, allCanaries, checks);
    // the canaries did reach the registry: the suite tested something
    assert.ok(withPassword.credentialsReceived().some((value) => value.includes(b64(`alice:${password.value}`))), 'the password was never sent');
    assert.ok(withIdentity.received.some((r) => r.body.includes(encodeURIComponent(identity.value))), 'the identity token was never sent');
    assert.ok(withRegistryToken.credentialsReceived().includes(`Bearer ${registryToken.value}`), 'the registry token was never sent');
    assert.ok(withPassword.credentialsReceived().includes(`Bearer ${issued.value}`), 'the issued token was never used');
  });
});

describe('the captured output as a whole', () => {
  test('a --debug log of a CLI subset holds no canary', async () => {
    const c = canary('debug log', { username: 'alice' });
    const world = makeWorld('debug-log', { docker: JSON.stringify({ auths: { 'localhost:5001': { auth: b64(`alice:${c.value}`) } } }) });
    const log = new CaptureLog(join(testbed.dir, 'security', `debug-${process.pid}.log`));
    for (const args of [['resolve', 'localhost:5001/app'], ['ls'], ['check', 'localhost:5001/app', '--timeout', '5'], ['check', 'localhost:5001/app', '--push', '--timeout', '5']]) {
      const result = await runCli([...args, '--debug'], { env: world.env });
      log.append(`regauth ${args.join(' ')} --debug`, result.stderr + result.stdout);
    }
    const text = log.read();
    assert.match(text, /debug: GET http:\/\/localhost:5001\/v2\//, 'the debug log shows the HTTP exchanges');
    assert.match(text, /authorization: Basic \*\*\*/, 'the debug log shows that credentials were sent, masked');
    assert.deepEqual(findLeaks(text, [c]), []);
  });

  test('everything this file captured holds no canary outside get', (t) => assertCaptureClean((text) => t.diagnostic(text)));
});
