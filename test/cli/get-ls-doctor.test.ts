import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTestbed } from '../testbed/testbed.js';
import { authOf, homeWithDockerConfig, regauth } from './support.js';

test('get prints the credentials Docker would send, in the helper JSON shape', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: authOf(testbed, 'alice') } } }));
  const result = await regauth(['get', 'alice/app'], { env: { HOME: home } });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { ServerURL: 'https://index.docker.io/v1/', Username: 'alice', Secret: testbed.user('alice').password });
  const registry = await regauth(['get', 'https://index.docker.io/v1/'], { env: { HOME: home } });
  assert.equal(JSON.parse(registry.stdout).Username, 'alice');
});

test('get exits 1 with "credentials not found" when the client has none', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'docker.io': { auth: authOf(testbed, 'alice') } } }));
  const docker = await regauth(['get', 'docker.io'], { env: { HOME: home } });
  assert.equal(docker.code, 1);
  assert.match(docker.stderr, /credentials not found/);
  assert.equal(docker.stdout, '');
  const podman = await regauth(['get', 'docker.io', '--client', 'podman'], { env: { HOME: home } });
  assert.equal(podman.code, 0, podman.stderr);
  assert.equal(JSON.parse(podman.stdout).Username, 'alice');
});

test('ls lists every entry of every file, without secrets', async () => {
  const testbed = loadTestbed();
  const auth = authOf(testbed, 'alice');
  const { home, configPath } = homeWithDockerConfig(testbed, JSON.stringify({ auths: { 'docker.io': { auth }, 'myreg.example.com': {} }, credsStore: 'pass' }, null, 2));
  const result = await regauth(['ls', '--json'], { env: { HOME: home } });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(!result.stdout.includes(auth) && !result.stdout.includes(testbed.user('alice').password));
  const clients = (JSON.parse(result.stdout) as { clients: Array<{ client: string; files: Array<{ path: string; credsStore: string | null; entries: Array<{ key: string; line: number; username: string | null; secretIn: string }> }> }> }).clients;
  const docker = clients.find((entry) => entry.client === 'docker')?.files.find((file) => file.path === configPath);
  assert.equal(docker?.credsStore, 'pass');
  assert.deepEqual(docker?.entries.map((entry) => [entry.key, entry.secretIn, entry.line]), [['docker.io', 'helper', 3], ['myreg.example.com', 'helper', 6]]);
  const podman = clients.find((entry) => entry.client === 'podman')?.files.find((file) => file.path === configPath);
  assert.deepEqual(podman?.entries.map((entry) => [entry.key, entry.username, entry.secretIn]), [['docker.io', 'alice', 'file'], ['myreg.example.com', null, 'none']]);
});

test('doctor on a machine with no Docker config at all: a clean, useful report', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, null);
  const result = await regauth(['doctor'], { env: { HOME: home } });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /config\.json/);
  assert.doesNotMatch(result.stdout + result.stderr, /regauth: /);
  const json = await regauth(['doctor', '--json', '--offline'], { env: { HOME: home } });
  const parsed = JSON.parse(json.stdout) as { findings: Array<{ severity: string }>; checked: unknown };
  assert.equal(parsed.findings.filter((finding) => finding.severity === 'error').length, 0);
});

test('explain maps a pasted error to causes and finding ids', async () => {
  const result = await regauth(['explain', 'Error response from daemon: unauthorized: authentication required', '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /docker-hub-key-ignored|no-credentials/);
  const byId = await regauth(['explain', 'docker-hub-key-ignored']);
  assert.equal(byId.code, 0);
  assert.match(byId.stdout, /index\.docker\.io\/v1\//);
});
