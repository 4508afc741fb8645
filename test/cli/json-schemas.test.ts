import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTestbed } from '../testbed/testbed.js';
import { schemaValidators, VALIDATED } from '../support/json-schema.js';
import { authOf, homeWithDockerConfig, regauth, seedConfig } from './support.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test('every --json document validates against its schema in docs/json (ajv, draft 2020-12), and "regauth schema" prints it', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
  const env = { HOME: home };
  const podFile = join(home, 'pod.json');
  writeFileSync(podFile, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' }, spec: { containers: [{ name: 'app', image: 'alice/app' }] } }));
  const containerdConfig = join(home, 'containerd.toml');
  writeFileSync(containerdConfig, `version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.configs."myreg.example.com".auth]\n  username = "bob"\n  password = "${testbed.user('bob').password}"\n`);
  const runs: Array<[string[], number, string?]> = [
    [['resolve', 'alice/app', '--json'], 0],
    [['ls', '--json'], 0],
    [['check', 'alice/app', '--client', 'podman', '--push', '--json'], 0],
    [['doctor', 'alice/app', '--push', '--json'], 1],
    [['explain', 'docker-hub-key-ignored', '--json'], 0],
    [['explain', 'denied: requested access to the resource is denied', '--json'], 0],
    [['explain', 'nothing anyone ever printed', '--json'], 1],
    [['fix', '--dry-run', '--json'], 1],
    [['login', 'myreg.example.com', '-u', 'bob', '--password-stdin', '--json'], 0, testbed.user('bob').password],
    [['logout', 'myreg.example.com', '--json'], 0],
    [['docker-plugin', 'install', '--json'], 0],
    [['kube', podFile, '--json'], 0],
    [['resolve', 'Alice/App', '--json'], 2],
    [['resolve', 'myreg.example.com/app', '--client', 'containerd', '--containerd-config', containerdConfig, '--containerd-version', '1.7', '--json'], 0],
  ];
  for (const [args, code, input] of runs) {
    const result = await regauth(args, { env, ...(input === undefined ? {} : { input }) });
    assert.equal(result.code, code, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.equal((JSON.parse(result.stdout) as { schemaVersion: unknown }).schemaVersion, 1, args.join(' '));
  }
  assert.deepEqual([...VALIDATED.keys()].sort(), [...schemaValidators().keys()].sort(), 'a document of every schema was seen');

  for (const name of schemaValidators().keys()) {
    const printed = await regauth(['schema', name]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stdout, readFileSync(join(ROOT, 'docs', 'json', `${name}.schema.json`), 'utf8'));
    assert.equal((JSON.parse(printed.stdout) as { $schema: string }).$schema, 'https://json-schema.org/draft/2020-12/schema');
  }
  const unknown = await regauth(['schema', 'get']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no JSON schema for "get"/);
});
