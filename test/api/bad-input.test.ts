import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as regauth from '../../src/index.js';
import { RegauthError, type ErrorCode, type FixPlan } from '../../src/index.js';

/**
 * Every public function, given bad input, fails with a RegauthError and a stable code — never a
 * TypeError or a bare Error — before it reads a file, asks a helper or contacts a registry.
 */
const home = mkdtempSync(join(tmpdir(), 'regauth-bad-input-'));
// nothing to find here: a call that got past validation would still not touch the user's files
const env = { HOME: home, PATH: '/nonexistent' };
const loose = regauth as unknown as Record<string, (...args: unknown[]) => unknown>;

const CASES: Array<[string, () => unknown, ErrorCode]> = [
  ['resolve: image not a string', () => loose['resolve']?.(42), 'E_REFERENCE_INVALID'],
  ['resolve: refused by every grammar', () => regauth.resolve('::', { env }), 'E_REFERENCE_INVALID'],
  ['resolve: unknown client', () => regauth.resolve('alice/app', { env, clients: ['dokcer' as never] }), 'E_CLIENT_UNKNOWN'],
  ['resolve: no clients', () => regauth.resolve('alice/app', { env, clients: [] }), 'E_OPTIONS_INVALID'],
  ['resolve: options not an object', () => loose['resolve']?.('alice/app', 'docker'), 'E_OPTIONS_INVALID'],
  ['resolve: unknown option (an internal hook)', () => loose['resolve']?.('alice/app', { env, snapshot: {} }), 'E_OPTIONS_INVALID'],
  ['resolve: bad docker version', () => regauth.resolve('alice/app', { env, dockerVersion: 'latest' }), 'E_OPTIONS_INVALID'],
  ['resolve: bad containers version', () => regauth.resolve('alice/app', { env, containersVersion: '4.1' }), 'E_OPTIONS_INVALID'],
  ['resolve: negative helper timeout', () => regauth.resolve('alice/app', { env, helperTimeoutMs: -1 }), 'E_OPTIONS_INVALID'],
  ['resolve: env with a number', () => loose['resolve']?.('alice/app', { env: { HOME: 1 } }), 'E_OPTIONS_INVALID'],
  ['credentialsFor: bad reference', () => regauth.credentialsFor('Alice/App', { env }), 'E_REFERENCE_INVALID'],
  ['credentialsFor: unknown client', () => regauth.credentialsFor('alice/app', { env, client: 'nerdctl' as never }), 'E_CLIENT_UNKNOWN'],
  ['credentialsFor: unknown option', () => loose['credentialsFor']?.('alice/app', { clients: ['docker'] }), 'E_OPTIONS_INVALID'],
  ['check: empty reference', () => regauth.check('', { env }), 'E_REFERENCE_INVALID'],
  ['check: push not a boolean', () => loose['check']?.('alice/app', { env, push: 'yes' }), 'E_OPTIONS_INVALID'],
  ['check: the registry check as an option', () => loose['check']?.('alice/app', { env, checkAccess: () => null }), 'E_OPTIONS_INVALID'],
  ['check: zero timeout', () => regauth.check('alice/app', { env, timeoutMs: 0 }), 'E_OPTIONS_INVALID'],
  ['check: unknown client', () => regauth.check('alice/app', { env, client: 'nerdctl' as never }), 'E_CLIENT_UNKNOWN'],
  ['check: containerd is modelled by resolve only', () => regauth.check('alice/app', { env, client: 'containerd' }), 'E_CLIENT_UNSUPPORTED'],
  ['credentialsFor: containerd is modelled by resolve only', () => regauth.credentialsFor('alice/app', { env, client: 'containerd' }), 'E_CLIENT_UNSUPPORTED'],
  ['doctor: bad image', () => regauth.doctor({ env, image: 'a//b' }), 'E_REFERENCE_INVALID'],
  ['doctor: unknown client', () => regauth.doctor({ env, client: 'x' as never }), 'E_CLIENT_UNKNOWN'],
  ['doctor: offline not a boolean', () => loose['doctor']?.({ env, offline: 1 }), 'E_OPTIONS_INVALID'],
  ['doctor: the registry check as an option', () => loose['doctor']?.({ env, checkAccess: () => null }), 'E_OPTIONS_INVALID'],
  ['explain: not a string', () => loose['explain']?.(undefined), 'E_OPTIONS_INVALID'],
  ['planFix: keep not a list', () => loose['planFix']?.({ env, keep: 'docker.io' }), 'E_OPTIONS_INVALID'],
  ['planFix: unknown client', () => regauth.planFix({ env, client: 'y' as never }), 'E_CLIENT_UNKNOWN'],
  ['applyFix: a plan not made by planFix', () => regauth.applyFix({ report: null, files: [], stores: [], skipped: [], empty: true } as unknown as FixPlan), 'E_OPTIONS_INVALID'],
  ['applyFix: no plan', () => loose['applyFix']?.(undefined), 'E_OPTIONS_INVALID'],
  ['applyFix: a write hook as an option', () => loose['applyFix']?.({}, { beforeCommit: () => undefined }), 'E_OPTIONS_INVALID'],
  ['login: no options', () => loose['login']?.('myreg.example.com'), 'E_OPTIONS_INVALID'],
  ['login: empty registry', () => regauth.login('', { env, username: 'alice', password: 'pw' }), 'E_OPTIONS_INVALID'],
  ['login: empty username', () => regauth.login('myreg.example.com', { env, username: '', password: 'pw' }), 'E_OPTIONS_INVALID'],
  ['login: empty password', () => regauth.login('myreg.example.com', { env, username: 'alice', password: '' }), 'E_OPTIONS_INVALID'],
  ['login: password a number', () => loose['login']?.('myreg.example.com', { env, username: 'alice', password: 7 }), 'E_OPTIONS_INVALID'],
  ['login: a client that stores nothing', () => regauth.login('myreg.example.com', { env, username: 'alice', password: 'pw', client: 'crane' as never }), 'E_CLIENT_UNKNOWN'],
  ['login: backupDir without backups', () => regauth.login('myreg.example.com', { env, username: 'alice', password: 'pw', backup: false, backupDir: home }), 'E_OPTIONS_INVALID'],
  ['logout: registry not a string', () => loose['logout']?.(5), 'E_OPTIONS_INVALID'],
  ['logout: unknown client', () => regauth.logout('myreg.example.com', { env, client: 'kubelet' as never }), 'E_CLIENT_UNKNOWN'],
  ['dockerodeAuth: bad reference', () => regauth.dockerodeAuth('bad ref!', { env }), 'E_REFERENCE_INVALID'],
  ['dockerodeAuth: a client option', () => loose['dockerodeAuth']?.('alice/app', { env, client: 'podman' }), 'E_OPTIONS_INVALID'],
  ['registryAuthHeader: unknown option', () => loose['registryAuthHeader']?.('alice/app', { x: 1 }), 'E_OPTIONS_INVALID'],
  ['registryAuthHeader: no image', () => loose['registryAuthHeader']?.(), 'E_REFERENCE_INVALID'],
  ['list: unknown client', () => regauth.list({ env, clients: ['dokcer' as never] }), 'E_CLIENT_UNKNOWN'],
  ['list: no clients', () => regauth.list({ env, clients: [] }), 'E_OPTIONS_INVALID'],
  ['list: unknown option', () => loose['list']?.({ env, client: 'docker' }), 'E_OPTIONS_INVALID'],
  ['kube: no options', () => loose['kube']?.(), 'E_OPTIONS_INVALID'],
  ['kube: manifests not a list', () => loose['kube']?.({ manifests: 'kind: Pod' }), 'E_OPTIONS_INVALID'],
  ['kube: not kubectl output', () => regauth.kube({ manifests: ['{'] }), 'E_CONFIG_PARSE'],
  ['kube: no pod or workload', () => regauth.kube({ manifests: ['apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n'] }), 'E_OPTIONS_INVALID'],
  ['authorize: not a URL', () => regauth.authorize('not a url', { env }), 'E_OPTIONS_INVALID'],
  ['authorize: not the registry API', () => regauth.authorize('https://myreg.example.com/index.html', { env }), 'E_OPTIONS_INVALID'],
  ['authorize: not http(s)', () => regauth.authorize('ftp://myreg.example.com/v2/app/manifests/latest', { env }), 'E_OPTIONS_INVALID'],
  ['authorize: bad repository', () => regauth.authorize('https://myreg.example.com/v2/UPPER/manifests/latest', { env }), 'E_REFERENCE_INVALID'],
  ['authorize: unknown client', () => regauth.authorize('https://myreg.example.com/v2/app/manifests/latest', { env, client: 'x' as never }), 'E_CLIENT_UNKNOWN'],
];

for (const [name, call, code] of CASES) {
  test(`${name} → ${code}`, async () => {
    let thrown: unknown = null;
    try {
      await call();
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof RegauthError, `expected a RegauthError, got ${String(thrown)}`);
    assert.equal(thrown.code, code, thrown.message);
    assert.ok(thrown.message.length > 0);
  });
}

test('every public function is in the table', () => {
  const functions = Object.entries(regauth).filter(([, value]) => typeof value === 'function' && !/^[A-Z]/.test(value.name)).map(([name]) => name);
  const covered = new Set(CASES.map(([name]) => name.split(':')[0]));
  assert.deepEqual(functions.filter((name) => name !== 'isRegauthError' && !covered.has(name)), []);
});
