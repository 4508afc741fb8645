/**
 * The error texts of client-messages.ts, checked against the real Docker CLI and skopeo where
 * they print them, plus the pure cases.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { clientErrorText } from './client-messages.js';
import { FIXTURE_BIN, runCommand, withTempDir } from './fixtures/fixture-bin.js';

const systemPath = process.env['PATH'] ?? '/usr/bin:/bin';
/** a daemon socket that does not exist: the CLI does its client-side work and stops there */
const NO_DAEMON = 'unix:///nonexistent/regauth-test.sock';

describe('pure texts', () => {
  it('missing binary: Docker CLI vs containers/image (Debian build)', () => {
    const missing = { kind: 'missing', binary: 'docker-credential-desktop' } as const;
    assert.equal(
      clientErrorText('docker', 'get', missing),
      'error getting credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``',
    );
    assert.equal(
      clientErrorText('containers', 'get', missing),
      'error getting credentials - err: docker-credential-desktop resolves to executable in current directory (./docker-credential-desktop), out: ``',
    );
  });

  it('exit status, signals, validation messages, exec failures, bad output', () => {
    assert.equal(
      clientErrorText('docker', 'erase', { kind: 'exited', exitCode: 1, stdout: ' no such item \n' }),
      'error erasing credentials - err: exit status 1, out: `no such item`',
    );
    assert.equal(
      clientErrorText('docker', 'list', { kind: 'exited', exitCode: null, signal: 'SIGKILL', stdout: '' }),
      'error listing credentials - err: signal: killed, out: ``',
    );
    // the validation message replaces the exit error but stays wrapped (docker/cli's get against the oracles: test/differential/docker-upstream-cases.ts)
    assert.equal(clientErrorText('docker', 'store', { kind: 'exited', exitCode: 1, stdout: 'no credentials username\n' }), 'error storing credentials - err: no credentials username, out: `no credentials username`');
    assert.equal(
      clientErrorText('docker', 'get', { kind: 'spawn-error', code: 'EACCES', path: '/x/docker-credential-y' }),
      'error getting credentials - err: fork/exec /x/docker-credential-y: permission denied, out: ``',
    );
    assert.equal(clientErrorText('docker', 'get', { kind: 'bad-output', stdout: '' }), 'EOF');
    assert.equal(clientErrorText('docker', 'get', { kind: 'bad-output', stdout: 'oops' }), "invalid character 'o' looking for beginning of value");
  });
});

/** A registry that accepts any login, so `docker login` goes on to store through the helper. */
function startAcceptingRegistry(): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Docker-Distribution-API-Version': 'registry/2.0' });
    response.end('{}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('Docker CLI 28.2', () => {
  let registry: Server;
  before(async () => {
    registry = await startAcceptingRegistry();
  });
  after(() => registry.close());

  it('prints our store text when the credsStore helper is missing (docker login)', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'config.json'), '{"credsStore":"desktop"}');
      const port = (registry.address() as AddressInfo).port;
      const env = { PATH: systemPath, HOME: dir, DOCKER_CONFIG: dir, DOCKER_HOST: NO_DAEMON };
      const result = await runCommand('docker', ['login', '-u', 'bob', '--password-stdin', `127.0.0.1:${port}`], env, 'pw\n');
      assert.equal(result.exitCode, 1);
      const expected = clientErrorText('docker', 'store', { kind: 'missing', binary: 'docker-credential-desktop' });
      assert.ok(result.stderr.includes(`Error saving credentials: ${expected}`), result.stderr);
    });
  });

  it('does not report a missing helper on pull: it goes on without credentials', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'config.json'), '{"credsStore":"desktop"}');
      const env = { PATH: systemPath, HOME: dir, DOCKER_CONFIG: dir, DOCKER_HOST: NO_DAEMON };
      const result = await runCommand('docker', ['pull', '-q', 'localhost:5000/x'], env);
      assert.equal(result.exitCode, 1);
      assert.doesNotMatch(result.stderr, /credentials/);
      assert.match(result.stderr, /Cannot connect to the Docker daemon/);
    });
  });
});

describe('skopeo 1.9 (containers/image)', () => {
  async function getLogin(dir: string, helper: string, extraEnv: Record<string, string> = {}) {
    const authfile = join(dir, 'auth.json');
    await writeFile(authfile, JSON.stringify({ credHelpers: { 'localhost:5000': helper } }));
    const env = { PATH: `${FIXTURE_BIN}:${systemPath}`, HOME: dir, ...extraEnv };
    return runCommand('skopeo', ['login', '--get-login', '--authfile', authfile, 'localhost:5000'], env);
  }

  it('prints our containers text for a missing helper', async () => {
    await withTempDir(async (dir) => {
      const result = await getLogin(dir, 'desktop');
      assert.equal(result.exitCode, 1);
      const expected = clientErrorText('containers', 'get', { kind: 'missing', binary: 'docker-credential-desktop' });
      assert.ok(result.stderr.includes(expected), result.stderr);
    });
  });

  it('prints our containers text for a failing helper', async () => {
    await withTempDir(async (dir) => {
      const result = await getLogin(dir, 'test-scripted', { FIXTURE_STDOUT: 'keychain locked\n', FIXTURE_EXIT: '4' });
      assert.equal(result.exitCode, 1);
      const expected = clientErrorText('containers', 'get', { kind: 'exited', exitCode: 4, stdout: 'keychain locked\n' });
      assert.ok(result.stderr.includes(expected), result.stderr);
    });
  });

  it('treats the not-found message as "not logged in"', async () => {
    await withTempDir(async (dir) => {
      const result = await getLogin(dir, 'test-scripted', { FIXTURE_STDOUT: 'credentials not found in native keychain', FIXTURE_EXIT: '1' });
      assert.equal(result.exitCode, 1);
      assert.match(result.stderr, /not logged into localhost:5000/);
    });
  });
});
