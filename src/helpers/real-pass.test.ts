/**
 * Against the real docker-credential-pass (0.6.4 here) with a throwaway GPG key and password
 * store, and the real Docker CLI and skopeo talking to the same helper through a wrapper that logs
 * what they send. These pin facts the resolvers rely on: which server URL string each client asks
 * the helper for.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { secret } from '../util/secret.js';
import { helperErase, helperGet, helperList, helperStore } from './actions.js';
import { runCommand } from './fixtures/fixture-bin.js';
import { encodeStoreRequest } from './protocol.js';
import { lookPath } from '../util/look-path.js';

const systemPath = process.env['PATH'] ?? '/usr/bin:/bin';
const NO_DAEMON = 'unix:///nonexistent/regauth-test.sock';

describe('docker-credential-pass (real)', () => {
  let root: string;
  /** environment with our own GPG home and password store */
  let env: NodeJS.ProcessEnv;
  /** PATH dir holding a docker-credential-pass that logs each call, then runs the real one */
  let wrapperDir: string;
  let callLog: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'regauth-pass-'));
    const gnupgHome = join(root, 'gnupg');
    await mkdir(gnupgHome, { mode: 0o700 });
    env = { PATH: systemPath, HOME: root, GNUPGHOME: gnupgHome, PASSWORD_STORE_DIR: join(root, 'store') };
    const keygen = await runCommand(
      'gpg',
      ['--batch', '--passphrase', '', '--quick-gen-key', 'regauth test <regauth-test@example.invalid>', 'default', 'default', 'never'],
      env,
    );
    assert.equal(keygen.exitCode, 0, keygen.stderr);
    const keys = await runCommand('gpg', ['--list-keys', '--with-colons'], env);
    const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(keys.stdout)?.[1];
    assert.ok(fingerprint, keys.stdout);
    const init = await runCommand('pass', ['init', fingerprint], env);
    assert.equal(init.exitCode, 0, init.stderr);

    const realHelper = lookPath('docker-credential-pass', systemPath);
    assert.equal(realHelper.kind, 'found');
    if (realHelper.kind !== 'found') return;
    wrapperDir = join(root, 'wrapper');
    callLog = join(root, 'calls.log');
    await mkdir(wrapperDir);
    const wrapper = join(wrapperDir, 'docker-credential-pass');
    await writeFile(
      wrapper,
      `#!/bin/sh\n# logs "<action> <stdin>" (one line per call), then hands the same stdin to the real helper\n` +
        `input=$(cat; echo x); input=\${input%x}\n` +
        `printf '%s %s\\n' "$1" "$input" >> '${callLog}'\n` +
        `printf '%s' "$input" | exec '${realHelper.path}' "$@"\n`,
    );
    await chmod(wrapper, 0o755);
  });

  after(async () => {
    if (env !== undefined) await runCommand('gpgconf', ['--kill', 'gpg-agent'], env);
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  async function takeCalls(): Promise<string[]> {
    let text = '';
    try {
      text = await readFile(callLog, 'utf8');
    } catch {
      return [];
    }
    await rm(callLog, { force: true });
    return text.trim() === '' ? [] : text.trim().split('\n');
  }

  it('store → list → get → erase → get', async () => {
    const serverURL = 'regauth-roundtrip.example.com';
    const stored = await helperStore('pass', { serverURL, username: 'bob', secret: secret('pa<ss>&word') }, { env });
    assert.deepEqual(stored, { kind: 'stored' });

    const listed = await helperList('pass', { env });
    assert.equal(listed.kind, 'listed');
    if (listed.kind === 'listed') assert.equal(listed.entries[serverURL], 'bob');

    const found = await helperGet('pass', serverURL, { env });
    assert.equal(found.kind, 'found');
    if (found.kind === 'found') {
      assert.equal(found.username, 'bob');
      assert.equal(found.secret.reveal(), 'pa<ss>&word');
      assert.equal(found.isIdentityToken, false);
      assert.equal(found.serverURL, serverURL);
    }

    assert.deepEqual(await helperErase('pass', serverURL, { env }), { kind: 'erased' });
    // docker-credential-pass 0.6.4 does not say "credentials not found": it exits 0 with an
    // empty username and secret
    assert.deepEqual(await helperGet('pass', serverURL, { env }), { kind: 'not-found', emptyReply: true });
  });

  it('erasing something that is not there is a failure, not "not found"', async () => {
    const erased = await helperErase('pass', 'never-stored.example.com', { env });
    assert.equal(erased.kind, 'failed');
    if (erased.kind !== 'failed') return;
    assert.equal(erased.exitCode, 1);
    assert.match(erased.stdout, /is not in the password store/);
    assert.match(erased.message, /^error erasing credentials - err: exit status 1, out: `exit status 1: Error: docker-credential-helpers\/.* is not in the password store\.`$/);
  });

  it('identity tokens round-trip as <token>', async () => {
    const serverURL = 'regauth-token.example.com';
    assert.deepEqual(await helperStore('pass', { serverURL, username: '<token>', secret: secret('refresh-abc') }, { env }), { kind: 'stored' });
    const found = await helperGet('pass', serverURL, { env });
    assert.equal(found.kind === 'found' && found.isIdentityToken, true);
    if (found.kind === 'found') assert.equal(found.secret.reveal(), 'refresh-abc');
    const listed = await helperList('pass', { env });
    assert.equal(listed.kind === 'listed' && listed.entries[serverURL], '<token>');
    await helperErase('pass', serverURL, { env });
  });

  describe('Docker CLI 28.2 through the same helper', () => {
    let dockerEnv: NodeJS.ProcessEnv;
    before(async () => {
      const dockerConfig = join(root, 'docker');
      await mkdir(dockerConfig);
      await writeFile(join(dockerConfig, 'config.json'), '{"credsStore":"pass"}');
      dockerEnv = { ...env, PATH: `${wrapperDir}:${systemPath}`, DOCKER_CONFIG: dockerConfig, DOCKER_HOST: NO_DAEMON };
    });

    // `docker pull` asks the helper before it tries to reach the daemon
    const cases: Array<[reference: string, sent: string]> = [
      ['docker.io/alice/app', 'https://index.docker.io/v1/'],
      ['alice/app', 'https://index.docker.io/v1/'],
      ['index.docker.io/alice/app', 'https://index.docker.io/v1/'],
      ['registry-1.docker.io/alice/app', 'registry-1.docker.io'],
      ['myreg.example.com/app', 'myreg.example.com'],
      ['MyReg.Example.com/app', 'MyReg.Example.com'],
      ['localhost:5000/x', 'localhost:5000'],
      ['127.0.0.1:5000/x', '127.0.0.1:5000'],
      ['[::1]:5000/x', '[::1]:5000'],
    ];
    for (const [reference, sent] of cases) {
      it(`docker pull ${reference} asks the helper for ${JSON.stringify(sent)}`, async () => {
        await takeCalls();
        await runCommand('docker', ['pull', '-q', reference], dockerEnv);
        assert.deepEqual(await takeCalls(), [`get ${sent}`]);
      });
    }

    it('docker manifest inspect asks the helper too, before it fails on a closed port', async () => {
      const closedPort = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      await takeCalls();
      const result = await runCommand('docker', ['manifest', 'inspect', `127.0.0.1:${closedPort}/x`], dockerEnv);
      assert.match(result.stderr, /connection refused/);
      const calls = await takeCalls();
      assert.ok(calls.length > 0);
      for (const call of calls) assert.equal(call, `get 127.0.0.1:${closedPort}`);
    });

    it('docker login stores exactly what encodeStoreRequest sends, under host:port', async () => {
      const registry = await new Promise<Server>((resolve) => {
        const server = createServer((_request, response) => {
          response.writeHead(200, { 'Docker-Distribution-API-Version': 'registry/2.0' });
          response.end('{}');
        });
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
      try {
        const address = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
        await takeCalls();
        const login = await runCommand('docker', ['login', '-u', 'carol', '--password-stdin', address], dockerEnv, 'p<w>&d\n');
        assert.equal(login.exitCode, 0, login.stderr);
        const calls = await takeCalls();
        const store = encodeStoreRequest({ serverURL: address, username: 'carol', secret: secret('p<w>&d') });
        assert.deepEqual(calls, [`store ${store.trimEnd()}`]);
        const found = await helperGet('pass', address, { env });
        assert.equal(found.kind === 'found' && found.username, 'carol');
        await helperErase('pass', address, { env });
      } finally {
        registry.close();
      }
    });
  });

  describe('skopeo 1.9 (containers/image) through the same helper', () => {
    let authfile: string;
    let skopeoEnv: NodeJS.ProcessEnv;
    before(async () => {
      authfile = join(root, 'auth.json');
      const registries = ['docker.io', 'index.docker.io', 'myreg.example.com', 'localhost:5000'];
      await writeFile(authfile, JSON.stringify({ credHelpers: Object.fromEntries(registries.map((registry) => [registry, 'pass'])) }));
      skopeoEnv = { ...env, PATH: `${wrapperDir}:${systemPath}` };
    });

    const getLogin = (registry: string) => runCommand('skopeo', ['login', '--get-login', '--authfile', authfile, registry], skopeoEnv);

    for (const registry of ['docker.io', 'index.docker.io', 'myreg.example.com', 'localhost:5000']) {
      it(`skopeo login --get-login ${registry} asks the helper for ${JSON.stringify(registry)}`, async () => {
        await takeCalls();
        const result = await getLogin(registry);
        assert.match(result.stderr, new RegExp(`not logged into ${registry.replace(/\./g, '\\.')}`));
        assert.deepEqual(await takeCalls(), [`get ${registry}`]);
      });
    }

    it('finds what we stored under the bare host "docker.io"', async () => {
      await helperStore('pass', { serverURL: 'docker.io', username: 'dave', secret: secret('pw-for-skopeo') }, { env });
      try {
        const result = await getLogin('docker.io');
        assert.equal(result.exitCode, 0, result.stderr);
        assert.equal(result.stdout.trim(), 'dave');
      } finally {
        await helperErase('pass', 'docker.io', { env });
      }
    });

    it('an identity token (<token>) counts as "not logged in" for --get-login', async () => {
      await helperStore('pass', { serverURL: 'localhost:5000', username: '<token>', secret: secret('refresh-xyz') }, { env });
      try {
        const result = await getLogin('localhost:5000');
        assert.equal(result.exitCode, 1);
        assert.match(result.stderr, /not logged into localhost:5000/);
      } finally {
        await helperErase('pass', 'localhost:5000', { env });
      }
    });
  });
});
