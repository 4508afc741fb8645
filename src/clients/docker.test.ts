import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDockerConfig } from '../config/docker-file.js';
import type { LoadedFile } from '../config/model.js';
import type { HelperAnswer } from '../helpers/model.js';
import { helperKey } from '../helpers/model.js';
import { secret } from '../util/secret.js';
import { resolveDocker } from './docker.js';
import { NEWEST_MODELLED_DOCKER, dockerVersionArgument } from './versions.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function file(config: unknown): LoadedFile {
  return { path: '/home/u/.docker/config.json', format: 'docker-config', exists: true, text: JSON.stringify(config, null, '\t'), ioError: null };
}

function resolve(config: unknown, registry: string, answers = new Map<string, HelperAnswer>(), version = NEWEST_MODELLED_DOCKER) {
  return resolveDocker({ registry, version, config: decodeDockerConfig(file(config), { version }), defaultStore: null, authConfigEnv: null, answers });
}

const alice = { auth: b64('alice:pw-a') };
const bob = { auth: b64('bob:pw-b') };

const table: Array<[string, unknown, string, string | null, string | null]> = [
  // name, config, registry, expected key, expected username
  ['seed: docker.io key is ignored for Hub', { auths: { 'docker.io': { ...alice, email: 'x.y@gmail.com' } } }, 'docker.io', null, null],
  ['Hub exact key', { auths: { 'https://index.docker.io/v1/': alice } }, 'docker.io', 'https://index.docker.io/v1/', 'alice'],
  ['Hub without trailing slash', { auths: { 'https://index.docker.io/v1': alice } }, 'docker.io', null, null],
  ['Hub as index.docker.io', { auths: { 'index.docker.io': alice } }, 'docker.io', null, null],
  ['Hub as registry-1.docker.io', { auths: { 'registry-1.docker.io': alice } }, 'docker.io', null, null],
  ['registry-1 image uses its own host', { auths: { 'registry-1.docker.io': alice } }, 'registry-1.docker.io', 'registry-1.docker.io', 'alice'],
  ['private exact', { auths: { 'myreg.example.com': alice } }, 'myreg.example.com', 'myreg.example.com', 'alice'],
  ['private https URL', { auths: { 'https://myreg.example.com': alice } }, 'myreg.example.com', 'https://myreg.example.com', 'alice'],
  ['private http URL with /v2/', { auths: { 'http://myreg.example.com/v2/': alice } }, 'myreg.example.com', 'http://myreg.example.com/v2/', 'alice'],
  ['port must match', { auths: { 'myreg.example.com:5000': alice } }, 'myreg.example.com', null, null],
  ['port kept in URL keys', { auths: { 'https://myreg.example.com:5000': alice } }, 'myreg.example.com:5000', 'https://myreg.example.com:5000', 'alice'],
  ['namespaced key is a registry-wide fallback', { auths: { 'quay.io/org': alice } }, 'quay.io', 'quay.io/org', 'alice'],
  ['exact beats hostname fallback', { auths: { 'https://myreg.example.com': bob, 'myreg.example.com': alice } }, 'myreg.example.com', 'myreg.example.com', 'alice'],
  ['username/password fields', { auths: { 'myreg.example.com': { username: 'carol', password: 'pw' } } }, 'myreg.example.com', 'myreg.example.com', 'carol'],
  ['auth overrides username field', { auths: { 'myreg.example.com': { ...alice, username: 'carol', password: 'x' } } }, 'myreg.example.com', 'myreg.example.com', 'alice'],
  ['case-insensitive field names', { AUTHS: { 'myreg.example.com': { Auth: b64('alice:pw') } } }, 'myreg.example.com', 'myreg.example.com', 'alice'],
  ['empty entry sends nothing', { auths: { 'myreg.example.com': {} } }, 'myreg.example.com', 'myreg.example.com', null],
];

for (const [name, config, registry, key, username] of table) {
  test(`docker: ${name}`, () => {
    const result = resolve(config, registry);
    assert.equal(result.username, username, JSON.stringify(result.trace, null, 1));
    if (key === null) assert.equal(result.secretPresent, false);
    else assert.equal(result.key, key);
  });
}

test('docker: the seed case explains the Hub key in the trace', () => {
  const result = resolve({ auths: { 'docker.io': alice } }, 'docker.io');
  assert.ok(result.trace.some((step) => step.outcome === 'skipped' && step.key === 'docker.io' && /https:\/\/index\.docker\.io\/v1\//.test(step.why)));
});

test('docker: two spellings with different credentials are a random winner', () => {
  const result = resolve({ auths: { 'https://myreg.example.com': alice, 'http://myreg.example.com': bob } }, 'myreg.example.com');
  assert.equal(result.ambiguous, true);
  assert.ok(result.warnings.some((warning) => warning.id === 'docker.random-winner'));
});

test('docker: credHelpers must use the exact Hub key', () => {
  const config = { auths: { 'https://index.docker.io/v1/': alice }, credHelpers: { 'docker.io': 'pass' } };
  const result = resolve(config, 'docker.io');
  assert.equal(result.source, 'file');
  assert.equal(result.username, 'alice');
});

test('docker: a helper answer replaces plain-text credentials', () => {
  const config = { auths: { 'myreg.example.com': alice }, credsStore: 'pass' };
  const pending = resolve(config, 'myreg.example.com');
  assert.deepEqual(pending.pendingHelperQueries, [{ helper: 'pass', serverURL: 'myreg.example.com' }]);
  const answers = new Map<string, HelperAnswer>([[helperKey({ helper: 'pass', serverURL: 'myreg.example.com' }), { kind: 'not-found' }]]);
  const notFound = resolve(config, 'myreg.example.com', answers);
  assert.equal(notFound.source, 'helper');
  assert.equal(notFound.username, null);
  assert.ok(notFound.warnings.some((warning) => warning.id === 'docker.plaintext-ignored-for-helper'));
  answers.set(helperKey({ helper: 'pass', serverURL: 'myreg.example.com' }), { kind: 'found', serverURL: 'myreg.example.com', username: 'dave', secret: secret('pw'), isIdentityToken: false });
  assert.equal(resolve(config, 'myreg.example.com', answers).username, 'dave');
});

test('docker: a missing helper is reported, then ignored: the file\'s own entry is sent (push, pull, manifest inspect)', () => {
  const config = { auths: { 'https://index.docker.io/v1/': { auth: b64('alice:pw') } }, credsStore: 'desktop' };
  const answers = new Map<string, HelperAnswer>([[helperKey({ helper: 'desktop', serverURL: 'https://index.docker.io/v1/' }), { kind: 'missing', binary: 'docker-credential-desktop' }]]);
  const result = resolve(config, 'docker.io', answers);
  assert.equal(result.error, null);
  assert.equal(result.username, 'alice');
  assert.ok(result.warnings.some((warning) => warning.id === 'docker.helper-error-ignored' && /executable file not found in \$PATH/.test(warning.message)));
});

test('docker: an identity token is sent without a username', () => {
  const config = { auths: { 'https://index.docker.io/v1/': { auth: b64('alice:'), identitytoken: 'tok' } } };
  const result = resolve(config, 'docker.io');
  assert.equal(result.secretKind, 'identitytoken');
  assert.equal(result.username, null);
});

test('docker: before 23.0 an empty username in auth is accepted', () => {
  const config = { auths: { 'myreg.example.com': { auth: b64(':pw') } } };
  assert.ok(resolve(config, 'myreg.example.com').error === null);
  const old = resolve(config, 'myreg.example.com', new Map(), dockerVersionArgument('20.10'));
  assert.equal(old.username, null);
});
