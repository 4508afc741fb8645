/**
 * Proves the testbed for everyone else: the real clients find the credentials we expect and
 * the registries report the users they saw.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { basicAuthField, gpgPass, helperCalls, loadTestbed, testHelperScript, writeJsonFile } from './testbed.js';
import { run } from './process.js';

const testbed = loadTestbed();
const alice = testbed.user('alice');

after(() => testbed.close());

function dockerConfigWith(key: string): string {
  const dir = testbed.tempDir('docker-config');
  writeJsonFile(dir, 'config.json', { auths: { [key]: { auth: basicAuthField(alice) } } });
  return dir;
}

describe('Docker Hub stand-in', () => {
  test('docker with https://index.docker.io/v1/ sends alice', async () => {
    const configDir = dockerConfigWith('https://index.docker.io/v1/');
    const seen = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir }));
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.match(seen.result.stdout, /"schemaVersion": 2/);
    assert.deepEqual(seen.users, ['alice']);
  });

  test('docker with the key "docker.io" finds nothing and pulls anonymously', async () => {
    const configDir = dockerConfigWith('docker.io');
    const seen = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir }));
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.deepEqual(seen.users, []);
  });

  test('Docker CLI 20.10 with https://index.docker.io/v1/ sends alice', async () => {
    const configDir = dockerConfigWith('https://index.docker.io/v1/');
    const seen = await testbed.usersSeen('hub', () =>
      testbed.runDocker(['manifest', 'inspect', 'library/ubuntu'], { configDir, dockerBin: testbed.bins.docker20 }),
    );
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.deepEqual(seen.users, ['alice']);
  });

  test('skopeo with the key "docker.io" sends alice', async () => {
    const authFile = writeJsonFile(testbed.tempDir('skopeo'), 'auth.json', { auths: { 'docker.io': { auth: basicAuthField(alice) } } });
    const seen = await testbed.usersSeen('hub', () => testbed.runSkopeo(['inspect', '--authfile', authFile, 'docker://alice/app']));
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.deepEqual(seen.users, ['alice']);
  });

  test('token server refuses a wrong password with the Docker Hub error body', async () => {
    const wrong = Buffer.from('alice:not-her-password').toString('base64');
    const configDir = testbed.tempDir('docker-config');
    writeJsonFile(configDir, 'config.json', { auths: { 'https://index.docker.io/v1/': { auth: wrong } } });
    const seen = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir }));
    assert.notEqual(seen.result.code, 0);
    assert.match(seen.result.stderr, /incorrect username or password/);
    assert.deepEqual(seen.users, []);
    assert.deepEqual(seen.rejected, ['alice']);
  });
});

describe('private registries', () => {
  test('myreg.example.com: docker with the key myreg.example.com sends alice', async () => {
    const configDir = dockerConfigWith('myreg.example.com');
    const seen = await testbed.usersSeen('myreg', () => testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app'], { configDir }));
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.deepEqual(seen.users, ['alice']);
  });

  test('myreg.example.com:5000 is a separate registry with the same users', async () => {
    const configDir = dockerConfigWith('myreg.example.com:5000');
    const seen = await testbed.usersSeen('myreg5000', () =>
      testbed.runDocker(['manifest', 'inspect', 'myreg.example.com:5000/team/app'], { configDir }),
    );
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.deepEqual(seen.users, ['alice']);
  });

  test('localhost:5001 over plain http: skopeo sends alice', async () => {
    const authFile = writeJsonFile(testbed.tempDir('skopeo'), 'auth.json', { auths: { 'localhost:5001': { auth: basicAuthField(alice) } } });
    const seen = await testbed.usersSeen('local', () =>
      testbed.runSkopeo(['inspect', '--tls-verify=false', '--authfile', authFile, 'docker://localhost:5001/app']),
    );
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.deepEqual(seen.users, ['alice']);
  });

  test('localhost:5001 over plain http: docker manifest inspect --insecure sends alice', async () => {
    const configDir = dockerConfigWith('localhost:5001');
    const seen = await testbed.usersSeen('local', () =>
      testbed.runDocker(['manifest', 'inspect', '--insecure', 'localhost:5001/team/app'], { configDir }),
    );
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.deepEqual(seen.users, ['alice']);
  });

  test('a wrong password shows up as rejected, not as seen', async () => {
    const authFile = writeJsonFile(testbed.tempDir('skopeo'), 'auth.json', {
      auths: { 'other.example.com': { auth: Buffer.from('bob:wrong').toString('base64') } },
    });
    const seen = await testbed.usersSeen('other', () => testbed.runSkopeo(['inspect', '--authfile', authFile, 'docker://other.example.com/app']));
    assert.notEqual(seen.result.code, 0);
    assert.deepEqual(seen.users, []);
    assert.deepEqual(seen.rejected, ['bob']);
  });
});

describe('credential helpers', () => {
  test('docker-credential-pass stores, lists and gets under gpgPass', async () => {
    const env = testbed.env(await gpgPass(testbed.tempDir('gpg')));
    const bin = testbed.bins.dockerCredentialPass;
    const credentials = JSON.stringify({ ServerURL: 'myreg.example.com', Username: 'alice', Secret: alice.password });
    const stored = await run(bin, ['store'], { env, input: credentials });
    assert.equal(stored.code, 0, stored.stderr);
    const listed = await run(bin, ['list'], { env, input: '' });
    assert.deepEqual(JSON.parse(listed.stdout), { 'myreg.example.com': 'alice' });
    const got = await run(bin, ['get'], { env, input: 'myreg.example.com' });
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(JSON.parse(got.stdout), { ServerURL: 'myreg.example.com', Username: 'alice', Secret: alice.password });
  });

  test('docker uses a scripted helper from PATH and the helper records the call', async () => {
    const helperDir = testHelperScript(testbed.tempDir('helper'), 'scripted', {
      credentials: { 'myreg.example.com': { username: alice.name, secret: alice.password } },
    });
    const configDir = testbed.tempDir('docker-config');
    writeJsonFile(configDir, 'config.json', { credHelpers: { 'myreg.example.com': 'scripted' } });
    const seen = await testbed.usersSeen('myreg', () =>
      testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/team/app'], {
        configDir,
        env: { PATH: `${helperDir}:${process.env['PATH'] ?? ''}` },
      }),
    );
    assert.equal(seen.result.code, 0, seen.result.stderr);
    assert.deepEqual(seen.users, ['alice']);
    assert.deepEqual(helperCalls(helperDir, 'scripted')[0], { action: 'get', input: 'myreg.example.com' });
  });

  test('scripted helper modes: not found, fail, garbage', async () => {
    const dir = testbed.tempDir('helper-modes');
    const call = (name: string, input: string) => run(join(dir, `docker-credential-${name}`), ['get'], { input });
    testHelperScript(dir, 'empty', {});
    testHelperScript(dir, 'broken', { mode: 'fail', stderr: "can't reach the keychain", exitCode: 3 });
    testHelperScript(dir, 'noise', { mode: 'garbage', garbage: '<html>' });
    assert.deepEqual(await call('empty', 'x.example'), { code: 1, signal: null, stdout: 'credentials not found in native keychain\n', stderr: '', timedOut: false });
    const broken = await call('broken', 'x.example');
    assert.equal(broken.code, 3);
    assert.equal(broken.stderr, "can't reach the keychain\n");
    assert.equal((await call('noise', 'x.example')).stdout, '<html>');
    testHelperScript(dir, 'stuck', { mode: 'hang' });
    const stuck = await run(join(dir, 'docker-credential-stuck'), ['get'], { input: 'x', timeoutMs: 300 });
    assert.equal(stuck.timedOut, true);
  });
});
