/**
 * Hostile registries: servers that never stop talking, drip, loop, downgrade, lie about their
 * name or hang up. `regauth check IMAGE --json --timeout S` (the real CLI) must end within S + 1 s,
 * send credentials nowhere they must not go (each server records what it received), name the
 * trouble with a stable problem id, and exit 1.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadTestbed } from '../testbed/testbed.js';
import { OFF_LOOPBACK_ADDRESS } from '../testbed/layout.js';
import { makePki } from '../registry/support/pki.js';
import { CaptureLog, findLeaks, makeCanary } from './support/canaries.js';
import { runCli } from './support/cli.js';
import { HostileServer, basicChallenge, bearerChallenge, type HostileHandler } from './support/hostile-server.js';

const testbed = loadTestbed();
const capture = new CaptureLog(join(testbed.dir, 'security', `hostile-${process.pid}.log`));
const TIMEOUT_S = 3;
const password = makeCanary('hostile password', { username: 'alice' });
const started: HostileServer[] = [];
after(async () => {
  await Promise.all(started.map((server) => server.close()));
});

async function serve(address: string, handler: HostileHandler, tls?: { cert: string; key: string }): Promise<HostileServer> {
  const server = await HostileServer.start({ address, handler, ...(tls ? { tls } : {}) });
  started.push(server);
  return server;
}

let selfSigned: { cert: string; key: string } | undefined;
async function selfSignedTls(): Promise<{ cert: string; key: string }> {
  if (selfSigned === undefined) {
    const pki = await makePki(testbed.tempDir('hostile-pki'), ['hostile.invalid'], ['127.0.0.50', '127.0.0.51']);
    selfSigned = { cert: readFileSync(pki.serverCert, 'utf8'), key: readFileSync(pki.serverKey, 'utf8') };
  }
  return selfSigned;
}

interface CheckRun {
  code: number | null;
  problems: string[];
  json: { problems: Array<{ id: string; detail: string }>; requests: number; pull: string };
}

/** `regauth check IMAGE --json --timeout S` with a Docker config holding the canary password for `registry`. */
async function check(registry: string, extraArgs: string[] = []): Promise<CheckRun> {
  const home = testbed.tempDir('hostile');
  mkdirSync(join(home, '.docker'), { recursive: true });
  const auth = Buffer.from(`alice:${password.value}`).toString('base64');
  writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [registry]: { auth } } }), { mode: 0o600 });
  const args = ['check', `${registry}/team/app`, '--json', '--timeout', String(TIMEOUT_S), ...extraArgs];
  // a net against a hang, not a timing: a loaded machine may take seconds just to start node
  const result = await runCli(args, { env: testbed.env({ HOME: home, DOCKER_CONFIG: undefined }), killAfterMs: (TIMEOUT_S + 30) * 1000 });
  capture.append(`regauth ${args.join(' ')} (exit ${result.code}, ${result.elapsedMs} ms)`, `${result.stdout}\n${result.stderr}`);
  assert.equal(result.killed, false, 'the check did not end');
  assert.deepEqual(findLeaks(result.stdout + result.stderr, [password]), [], 'the password reached the output');
  let json: CheckRun['json'];
  try {
    json = JSON.parse(result.stdout) as CheckRun['json'];
  } catch {
    assert.fail(`no JSON on stdout (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return { code: result.code, problems: json.problems.map((p) => p.id), json };
}

/** What every hostile case must show: it ended by itself, failed with exit 1, with a stable problem id. */
function assertContained(run: CheckRun, expectedProblem: string): void {
  assert.equal(run.code, 1, `exit code (problems: ${run.problems.join(', ')})`);
  assert.ok(run.problems.includes(expectedProblem), `expected problem ${expectedProblem}, got ${JSON.stringify(run.json.problems)}`);
}

function assertNoCredentials(server: HostileServer, what: string): void {
  assert.deepEqual(server.credentialsReceived(), [], `${what} received credentials`);
  assert.deepEqual(findLeaks(JSON.stringify(server.received), [password]), [], `${what} received the password`);
}

const basicRegistry = (rest: (response: ServerResponse, method: string, path: string) => void) =>
  (request: IncomingMessage, response: ServerResponse): void => {
    if (request.url === '/v2/' && request.headers['authorization'] === undefined) {
      basicChallenge(response);
      return;
    }
    rest(response, request.method ?? '', request.url ?? '');
  };

describe('hostile registries', () => {
  test('endless token body: capped, classified, no hang', async () => {
    let origin = '';
    const server = await serve('127.0.0.50', (request, response) => {
      if (request.url?.startsWith('/token')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"token":"');
        const chunk = 'a'.repeat(64 * 1024);
        const pump = (): void => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', pump);
        };
        pump();
        return;
      }
      bearerChallenge(response, `${origin}/token`);
    });
    origin = server.origin;
    const run = await check(server.hostPort);
    assertContained(run, 'no-token-in-response');
  });

  test('slow drip (one byte per second): the deadline holds', async () => {
    const server = await serve('127.0.0.50', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      server.every(1000, () => {
        if (!response.destroyed) response.write(' ');
      });
    });
    const run = await check(server.hostPort);
    assertContained(run, 'timeout');
  });

  test('headers that never come: the deadline holds', async () => {
    const server = await serve('127.0.0.50', () => undefined);
    const run = await check(server.hostPort);
    assertContained(run, 'timeout');
  });

  test('redirect loop: bounded hops, classified', async () => {
    const server = await serve('127.0.0.50', basicRegistry((response, _method, path) => {
      response.writeHead(307, { location: path });
      response.end();
    }));
    const run = await check(server.hostPort);
    assertContained(run, 'unexpected-response');
    const manifestRequests = server.received.filter((r) => r.path.includes('/manifests/')).length;
    assert.ok(manifestRequests >= 2 && manifestRequests <= 6, `${manifestRequests} manifest requests`);
  });

  test('redirect to another origin: credentials stay behind', async () => {
    const elsewhere = await serve('127.0.0.52', (_request, response) => {
      response.writeHead(403);
      response.end();
    });
    const server = await serve('127.0.0.50', basicRegistry((response, _method, path) => {
      response.writeHead(307, { location: `${elsewhere.origin}${path}` });
      response.end();
    }));
    const run = await check(server.hostPort);
    assert.equal(run.code, 1);
    assert.ok(elsewhere.received.length > 0, 'the redirect was followed');
    assertNoCredentials(elsewhere, 'the redirect target');
    assert.ok(run.problems.length > 0, 'a problem is reported');
  });

  test('redirect from https to plain http: refused', async () => {
    const plain = await serve('127.0.0.53', (_request, response) => {
      response.writeHead(200);
      response.end();
    });
    const server = await serve('127.0.0.50', basicRegistry((response, _method, path) => {
      response.writeHead(302, { location: `${plain.origin}${path}` });
      response.end();
    }), await selfSignedTls());
    const run = await check(server.hostPort);
    assertContained(run, 'https-downgrade-refused');
    assert.equal(plain.received.length, 0, 'the plain-http target was contacted');
  });

  test('token realm on another host over plain http: no credentials sent', async () => {
    // other.example.com is 127.0.0.21 in the testbed's /etc/hosts: a name, not a loopback address
    const tokenServer = await serve('127.0.0.21', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"token":"x"}');
    });
    const server = await serve('127.0.0.50', (_request, response) => bearerChallenge(response, `http://other.example.com:${tokenServer.port}/token`));
    const run = await check(server.hostPort);
    assertContained(run, 'plaintext-credentials-refused');
    assertNoCredentials(tokenServer, 'the plain-http realm');
    assert.equal(tokenServer.received.length, 0);
  });

  test('a realm that is not a URL', async () => {
    const server = await serve('127.0.0.50', (_request, response) => bearerChallenge(response, 'not a url'));
    const run = await check(server.hostPort);
    assertContained(run, 'token-server-error');
  });

  test('malformed JSON from the token server', async () => {
    let origin = '';
    const server = await serve('127.0.0.50', (request, response) => {
      if (request.url?.startsWith('/token')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"token": "abc", "expires_in": ');
        return;
      }
      bearerChallenge(response, `${origin}/token`);
    });
    origin = server.origin;
    const run = await check(server.hostPort);
    assertContained(run, 'no-token-in-response');
  });

  test('malformed JSON error body on a refusal', async () => {
    const server = await serve('127.0.0.50', basicRegistry((response) => {
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="x"' });
      response.end('{"errors": [{"code": "UNAUTHORIZED", "message": ');
    }));
    const run = await check(server.hostPort);
    assertContained(run, 'bad-credentials');
  });

  test('gigantic headers', async () => {
    const server = await serve('127.0.0.50', (_request, response) => {
      response.writeHead(401, { 'www-authenticate': `Basic realm="${'x'.repeat(60 * 1024)}"`, 'x-filler': 'y'.repeat(60 * 1024) });
      response.end();
    });
    const run = await check(server.hostPort);
    assertContained(run, 'unexpected-response');
  });

  test('TLS certificate for another host name', async () => {
    const pki = await makePki(testbed.tempDir('wrong-name'), ['wrong-name.invalid'], []);
    const server = await serve('127.0.0.20', (_request, response) => {
      response.writeHead(200);
      response.end();
    }, { cert: readFileSync(pki.serverCert, 'utf8'), key: readFileSync(pki.serverKey, 'utf8') });
    const registry = `myreg.example.com:${server.port}`;
    const certsDir = join(testbed.descriptor.etcDocker, 'certs.d', registry);
    mkdirSync(certsDir, { recursive: true });
    writeFileSync(join(certsDir, 'ca.crt'), readFileSync(pki.caCert));
    const run = await check(registry);
    assertContained(run, 'tls-name-mismatch');
    assert.equal(server.received.length, 0, 'an HTTP request went through the bad TLS connection');
  });

  test('connection reset in the middle of a response', async () => {
    const server = await serve('127.0.0.50', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"half": "of a body', () => response.socket?.resetAndDestroy());
    });
    const run = await check(server.hostPort);
    assertContained(run, 'connection-reset');
  });

  describe('localhost names that resolve off loopback get nothing over http or unverified TLS', () => {
    // registry.localhost and realm.localhost resolve to 10.255.0.1 inside the testbed: a name
    // Docker would trust only by its address, standing in for a remote host
    const offLoopback = (handler: HostileHandler, tls?: { cert: string; key: string }): Promise<HostileServer> => serve(OFF_LOOPBACK_ADDRESS, handler, tls);

    test('a plain-http registry named registry.localhost: no Authorization, with or without --insecure', async () => {
      const server = await offLoopback(basicRegistry((response) => {
        response.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0' });
        response.end('{}');
      }));
      const registry = `registry.localhost:${server.port}`;
      const plain = await check(registry);
      assert.equal(plain.code, 1);
      const insecure = await check(registry, ['--insecure']);
      assertContained(insecure, 'plaintext-credentials-refused');
      assertNoCredentials(server, 'the off-loopback registry');
    });

    test('an https registry named registry.localhost is verified, not trusted by its name', async () => {
      const pki = await makePki(testbed.tempDir('off-loopback-pki'), ['registry.localhost'], [OFF_LOOPBACK_ADDRESS]);
      const server = await offLoopback(basicRegistry((response) => {
        response.writeHead(200);
        response.end('{}');
      }), { cert: readFileSync(pki.serverCert, 'utf8'), key: readFileSync(pki.serverKey, 'utf8') });
      const run = await check(`registry.localhost:${server.port}`);
      assert.equal(run.code, 1);
      assertNoCredentials(server, 'the off-loopback https registry with an untrusted certificate');
    });

    test('a plain-http token realm realm.localhost named by a loopback registry', async () => {
      const tokenServer = await offLoopback((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"token":"x"}');
      });
      const server = await serve('127.0.0.1', (_request, response) => bearerChallenge(response, `http://realm.localhost:${tokenServer.port}/token`));
      const run = await check(`localhost:${server.port}`);
      assertContained(run, 'plaintext-credentials-refused');
      assertNoCredentials(tokenServer, 'the off-loopback realm');
    });

    test('login to registry.localhost over http sends the typed password nowhere', async () => {
      const server = await offLoopback(basicRegistry((response) => {
        response.writeHead(200);
        response.end('{}');
      }));
      const home = testbed.tempDir('hostile-login');
      const args = ['login', `registry.localhost:${server.port}`, '-u', 'alice', '--password-stdin', '--insecure', '--timeout', String(TIMEOUT_S)];
      const result = await runCli(args, { env: testbed.env({ HOME: home, DOCKER_CONFIG: undefined }), stdin: `${password.value}\n`, killAfterMs: (TIMEOUT_S + 10) * 1000 });
      capture.append(`regauth ${args.join(' ')} (exit ${result.code})`, `${result.stdout}\n${result.stderr}`);
      assert.equal(result.killed, false);
      assert.notEqual(result.code, 0, 'the login was not refused');
      assertNoCredentials(server, 'the off-loopback login target');
      assert.deepEqual(findLeaks(result.stdout + result.stderr, [password]), []);
    });
  });
});
