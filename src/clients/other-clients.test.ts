import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeContainersAuth } from '../config/containers-file.js';
import { decodeDockerConfig } from '../config/docker-file.js';
import { decodeKubeletSecret } from '../config/kube-secret.js';
import type { LoadedFile } from '../config/model.js';
import { resolveContainers } from './containers.js';
import { resolveCrane } from './crane.js';
import { globMatch, resolveKubelet } from './kubelet.js';
import { CURRENT_DOCKER } from './versions.js';

/**
 * crane and the kubelet cannot be run here (neither is packaged for this machine), so their
 * rules are pinned by tables from their source (go-containerregistry pkg/authn, kubernetes
 * pkg/credentialprovider); podman/skopeo and Docker are pinned against the real programs in
 * test/differential/.
 */
const b64 = (text: string): string => Buffer.from(text).toString('base64');

function loaded(config: unknown, format: LoadedFile['format'] = 'docker-config'): LoadedFile {
  return { path: '/tmp/config.json', format, exists: true, text: JSON.stringify(config), ioError: null };
}

const craneTable: Array<[string, string, string | null, string | null]> = [
  // key, image registry/repository, expected key, expected user
  ['https://index.docker.io/v1/', 'docker.io alice/app', 'https://index.docker.io/v1/', 'alice'],
  ['docker.io', 'docker.io alice/app', null, null],
  ['index.docker.io', 'docker.io alice/app', null, null],
  ['index.docker.io/alice/app', 'docker.io alice/app', 'index.docker.io/alice/app', 'alice'],
  ['registry-1.docker.io', 'docker.io alice/app', null, null],
  ['myreg.example.com', 'myreg.example.com app', 'myreg.example.com', 'alice'],
  ['https://myreg.example.com', 'myreg.example.com app', 'https://myreg.example.com', 'alice'],
  ['myreg.example.com/app', 'myreg.example.com app', 'myreg.example.com/app', 'alice'],
  ['myreg.example.com/team', 'myreg.example.com app', 'myreg.example.com/team', 'alice'],
  ['myreg.example.com:5000', 'myreg.example.com app', null, null],
];

for (const [key, image, expectedKey, user] of craneTable) {
  test(`crane: key ${key} for ${image}`, () => {
    const [registry = '', repository = ''] = image.split(' ');
    const config = decodeDockerConfig(loaded({ auths: { [key]: { auth: b64('alice:pw') } } }), { version: CURRENT_DOCKER });
    const result = resolveCrane({ registry, repository, config, authConfigEnv: null, answers: new Map() });
    assert.equal(result.username, user, JSON.stringify(result.trace));
    assert.equal(result.key, expectedKey);
  });
}

test('crane: a bad auth anywhere fails the whole load (config.Load)', () => {
  const config = decodeDockerConfig(loaded({ auths: { 'https://index.docker.io/v1/': { auth: b64('alice:pw') }, 'x.example.com': { auth: '%%' } } }), { version: CURRENT_DOCKER });
  const result = resolveCrane({ registry: 'docker.io', repository: 'alice/app', config, authConfigEnv: null, answers: new Map() });
  assert.notEqual(result.error, null);
});

test('crane: no file means anonymous', () => {
  const result = resolveCrane({ registry: 'docker.io', repository: 'alice/app', config: null, authConfigEnv: null, answers: new Map() });
  assert.equal(result.source, 'none');
  assert.equal(result.error, null);
});

const kubeletTable: Array<[string, string, string | null]> = [
  // key, image name, expected key
  ['docker.io', 'docker.io/alice/app', 'docker.io'],
  ['https://index.docker.io/v1/', 'docker.io/alice/app', 'https://index.docker.io/v1/'],
  ['index.docker.io', 'docker.io/alice/app', 'index.docker.io'],
  ['https://index.docker.io/v1', 'docker.io/alice/app', null],
  ['registry-1.docker.io', 'docker.io/alice/app', null],
  ['myreg.example.com', 'myreg.example.com/app', 'myreg.example.com'],
  ['http://myreg.example.com/v2/', 'myreg.example.com/app', 'http://myreg.example.com/v2/'],
  ['myreg.example.com:5000', 'myreg.example.com/app', null],
  ['*.example.com', 'myreg.example.com/app', '*.example.com'],
  ['*.example.com', 'a.b.example.com/app', null],
  ['quay.io/org', 'quay.io/organization/x', 'quay.io/org'],
  ['quay.io/org', 'quay.io/other/x', null],
];

for (const [key, name, expected] of kubeletTable) {
  test(`kubelet: key ${key} for ${name}`, () => {
    const secret = decodeKubeletSecret({ ...loaded({ auths: { [key]: { auth: b64('alice:pw') } } }), format: 'pull-secret' });
    const registry = name.slice(0, name.indexOf('/'));
    const result = resolveKubelet({ name, registry, secrets: [secret] });
    assert.equal(result.key, expected, JSON.stringify(result.trace));
    assert.equal(result.username, expected === null ? null : 'alice');
  });
}

test('kubelet: every match is returned, most specific first, each tried in turn', () => {
  const secret = decodeKubeletSecret({
    ...loaded({ auths: { 'myreg.example.com': { auth: b64('alice:pw') }, 'myreg.example.com/team': { auth: b64('bob:pw') } } }),
    format: 'pull-secret',
  });
  const result = resolveKubelet({ name: 'myreg.example.com/team/app', registry: 'myreg.example.com', secrets: [secret] });
  assert.equal(result.username, 'bob');
  assert.deepEqual(result.alternatives?.map((entry) => entry.key), ['myreg.example.com/team', 'myreg.example.com']);
});

test('kubelet: glob labels follow filepath.Match', () => {
  assert.equal(globMatch('*', 'anything'), true);
  assert.equal(globMatch('reg?', 'reg1'), true);
  assert.equal(globMatch('reg[0-9]', 'reg7'), true);
  assert.equal(globMatch('reg[!0-9]', 'reg7'), false);
  assert.equal(globMatch('a', 'b'), false);
});

test('containers: a credHelpers entry that has nothing goes on to the next file', () => {
  const first = decodeContainersAuth({ ...loaded({ auths: {}, credHelpers: { 'myreg.example.com': 'x' } }, 'containers-auth'), path: '/a.json' });
  const second = decodeContainersAuth({ ...loaded({ auths: { 'myreg.example.com': { auth: b64('carol:pw') } } }, 'containers-auth'), path: '/b.json' });
  const answers = new Map([[`x\u0000myreg.example.com`, { kind: 'not-found' as const }]]);
  const result = resolveContainers({ registry: 'myreg.example.com', name: 'myreg.example.com/app', files: [first, second], answers });
  assert.equal(result.username, 'carol');
  assert.equal(result.configFile, '/b.json');
});
