import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gpgPass, loadTestbed } from '../testbed/testbed.js';
import { run } from '../testbed/process.js';
import { homeWithDockerConfig, regauth } from './support.js';

/** login stores where the real clients look; logout removes it; both checked with the real programs. */
test('without a config, login uses the default store like docker login: pass, uninitialised here', async () => {
  const testbed = loadTestbed();
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, null);
  const alice = testbed.user('alice');
  const real = await run(testbed.bins.docker, ['login', '-u', 'alice', '--password-stdin'], { env: testbed.env({ HOME: home, DOCKER_CONFIG: configDir }), input: alice.password });
  const ours = await regauth(['login', '-u', 'alice', '--password-stdin'], { env: { HOME: home }, input: alice.password });
  assert.equal(ours.code, 1);
  assert.match(ours.stderr, /Error saving credentials: error storing credentials - err: exit status 1, out: `pass not initialized/);
  assert.notEqual(real.code, 0);
  assert.match(real.stderr, /Error saving credentials: error storing credentials - err: exit status 1, out: `pass not initialized/);
  assert.throws(() => readFileSync(configPath, 'utf8'));
});

test('login docker.io stores under the Hub key; docker and skopeo then authenticate; logout undoes it', async () => {
  const testbed = loadTestbed();
  // an existing entry means Docker picks no default store: the file keeps the credentials
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, '{"auths": {"other.example.com": {}}}');
  const env = { HOME: home };
  const alice = testbed.user('alice');

  const login = await regauth(['login', '-u', 'alice', '--password-stdin', '--json'], { env, input: `${alice.password}\n` });
  assert.equal(login.code, 0, login.stdout + login.stderr);
  const stored = JSON.parse(login.stdout) as { key: string; file: string };
  assert.equal(stored.key, 'https://index.docker.io/v1/');
  assert.equal(stored.file, configPath);
  assert.ok(!login.stdout.includes(alice.password) && !login.stderr.includes(alice.password));
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { auths: Record<string, { auth: string }> };
  assert.deepEqual(Object.keys(config.auths), ['other.example.com', 'https://index.docker.io/v1/']);
  assert.match(login.stderr, /WARNING! Your credentials are stored unencrypted/);

  const docker = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir }));
  assert.deepEqual(docker.users, ['alice']);
  const skopeo = await testbed.usersSeen('hub', () => testbed.runSkopeo(['inspect', '--raw', '--authfile', configPath, 'docker://alice/app'], { env }));
  assert.deepEqual(skopeo.users, ['alice']);

  const logout = await regauth(['logout', '--json'], { env });
  assert.equal(logout.code, 0, logout.stderr);
  assert.deepEqual((JSON.parse(logout.stdout) as { removed: string[] }).removed, ['https://index.docker.io/v1/']);
  const afterDocker = await testbed.usersSeen('hub', () => testbed.runDocker(['manifest', 'inspect', 'alice/app'], { configDir }));
  assert.deepEqual(afterDocker.users, []);
  const afterSkopeo = await testbed.usersSeen('hub', () => testbed.runSkopeo(['inspect', '--raw', '--authfile', configPath, 'docker://alice/app'], { env }));
  assert.deepEqual(afterSkopeo.users, []);
});

test('login refuses a wrong password and stores nothing', async () => {
  const testbed = loadTestbed();
  const { home, configPath } = homeWithDockerConfig(testbed, '{}');
  const result = await regauth(['login', 'myreg.example.com', '-u', 'bob', '--password-stdin'], { env: { HOME: home }, input: 'wrong-password' });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stderr, /not verified, nothing stored/);
  assert.equal(readFileSync(configPath, 'utf8'), '{}');
});

test('login never takes a password from argv', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, '{}');
  const result = await regauth(['login', 'myreg.example.com', '-u', 'bob', '-p', 'x'], { env: { HOME: home } });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--password-stdin/);
});

test('login to a private registry keeps the other entries and formatting; logout removes every spelling', async () => {
  const testbed = loadTestbed();
  const original = '{\n  "auths": {\n    "https://myreg.example.com": {\n      "auth": "c3RhbGU6c3RhbGU="\n    },\n    "other.example.com": {}\n  },\n  "currentContext": "default"\n}\n';
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, original);
  const env = { HOME: home };
  const carol = testbed.user('carol');
  const login = await regauth(['login', 'myreg.example.com', '-u', 'carol', '--password-stdin'], { env, input: carol.password });
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stderr, /WARNING! Your credentials are stored unencrypted/);
  const text = readFileSync(configPath, 'utf8');
  assert.ok(text.startsWith('{\n  "auths": {\n    "https://myreg.example.com": {\n      "auth": "c3RhbGU6c3RhbGU="\n    },'), text);
  assert.ok(text.includes('"currentContext": "default"'));
  const seen = await testbed.usersSeen('myreg', () => testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app'], { configDir }));
  assert.deepEqual(seen.users, ['carol']);

  const logout = await regauth(['logout', 'myreg.example.com', '--json'], { env });
  const removed = (JSON.parse(logout.stdout) as { removed: string[] }).removed.sort();
  assert.deepEqual(removed, ['https://myreg.example.com', 'myreg.example.com']);
  const left = JSON.parse(readFileSync(configPath, 'utf8')) as { auths: Record<string, unknown>; currentContext: string };
  assert.deepEqual(Object.keys(left.auths), ['other.example.com']);
  assert.equal(left.currentContext, 'default');
});

test('login with the real docker-credential-pass as credsStore: the secret goes to pass, the file keeps {}', async () => {
  const testbed = loadTestbed();
  const { home, configDir, configPath } = homeWithDockerConfig(testbed, '{\n\t"credsStore": "pass"\n}');
  const passEnv = await gpgPass(testbed.tempDir('gpg'));
  const env = { HOME: home, ...passEnv };
  const dave = testbed.user('dave');
  const login = await regauth(['login', 'myreg.example.com', '-u', 'dave', '--password-stdin', '--json'], { env, input: dave.password });
  assert.equal(login.code, 0, login.stdout + login.stderr);
  assert.equal((JSON.parse(login.stdout) as { helper: string }).helper, 'pass');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { auths: Record<string, unknown>; credsStore: string };
  assert.deepEqual(config.auths, { 'myreg.example.com': {} });
  assert.equal(config.credsStore, 'pass');
  assert.ok(!readFileSync(configPath, 'utf8').includes(Buffer.from(`dave:${dave.password}`).toString('base64')));

  const list = await testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app'], { configDir, env: passEnv });
  assert.equal(list.code, 0, list.stderr);
  const seen = await testbed.usersSeen('myreg', () => testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app'], { configDir, env: passEnv }));
  assert.deepEqual(seen.users, ['dave']);
  const resolved = await regauth(['resolve', 'myreg.example.com/app', '--client', 'docker', '--json'], { env });
  const result = (JSON.parse(resolved.stdout) as { results: Array<{ username: string; source: string; helper: string }> }).results[0];
  assert.equal(result?.source, 'helper');
  assert.equal(result?.helper, 'pass');
  assert.equal(result?.username, 'dave');

  const logout = await regauth(['logout', 'myreg.example.com', '--json'], { env });
  assert.equal(logout.code, 0, logout.stderr);
  assert.deepEqual((JSON.parse(logout.stdout) as { erasedFromHelper: string[] }).erasedFromHelper, ['myreg.example.com']);
  const after = await testbed.usersSeen('myreg', () => testbed.runDocker(['manifest', 'inspect', 'myreg.example.com/app'], { configDir, env: passEnv }));
  assert.deepEqual(after.users, []);
});

test('login --client podman writes the containers auth file the way podman does', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, null);
  const authFile = join(testbed.tempDir('authfile'), 'auth.json');
  const env = { HOME: home, REGISTRY_AUTH_FILE: authFile };
  const erin = testbed.user('erin');
  const login = await regauth(['login', 'docker.io', '-u', 'erin', '--password-stdin', '--client', 'podman', '--json'], { env, input: erin.password });
  assert.equal(login.code, 0, login.stdout + login.stderr);
  const config = JSON.parse(readFileSync(authFile, 'utf8')) as { auths: Record<string, unknown> };
  assert.deepEqual(Object.keys(config.auths), ['docker.io']);
  const seen = await testbed.usersSeen('hub', () => testbed.runSkopeo(['inspect', '--raw', 'docker://erin/app'], { env }));
  assert.deepEqual(seen.users, ['erin']);
});
