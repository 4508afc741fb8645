import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeK3sRegistries } from '../config/containerd-files.js';
import { fixture } from '../config/test-support.js';
import { type ContainerdEndpoint, containerdReleaseArgument, parseContainerdVersion, parseCriAuth, resolveContainerd } from './containerd.js';

/**
 * k3s is not run in the tests: its rendering of registries.yaml into containerd's files is pinned
 * here, case by case, from k3s's pkg/agent/containerd/config.go (getHostConfigs: a hosts.toml per
 * mirrors/configs key, "*" → _default, the last endpoint equal to the default merged into it,
 * directories left with only defaults not written; normalizeEndpointAddress: https unless
 * localhost on another port, Docker Hub's API host, /v2) and warnMissingRegistryAuth (each configs
 * auth lands in containerd's config.toml under the registries.yaml key as written). The containerd
 * side (ConfigureHosts, the exact-host auth lookup) is checked against containerd itself in
 * test/containerd/.
 */
const k3s = decodeK3sRegistries(fixture('k3s-registries.yaml', 'k3s-registries'));

function hostsFor(registry: string): Array<[string, string[], string | null, string]> {
  const resolution = resolveContainerd({ registry, release: '2', releaseWhy: 'test', mode: 'k3s', cri: null, k3s, hostsDir: null });
  assert.equal(resolution.error, null, JSON.stringify(resolution.trace));
  return (resolution.endpoints ?? []).map((endpoint: ContainerdEndpoint) => [endpoint.url, endpoint.capabilities, endpoint.username ?? endpoint.secretKind, endpoint.source]);
}

const all = ['pull', 'resolve', 'push', 'referrers'];

test('k3s: a docker.io mirror with credentials for the mirror host; the "docker.io" configs key reaches no host', () => {
  assert.deepEqual(hostsFor('docker.io'), [
    ['https://mirror.example.com:5000/v2', ['pull', 'resolve'], 'alice', 'config'],
    // the last endpoint is the default one: k3s makes it the server, containerd tries it last
    ['https://registry-1.docker.io/v2', all, null, 'none'],
  ]);
});

test('k3s: a configs entry alone still gets its own directory, so the "*" mirrors do not apply', () => {
  assert.deepEqual(hostsFor('quay.io'), [['https://quay.io/v2', all, null, 'none']]);
  assert.deepEqual(hostsFor('registry.example.com'), [['https://registry.example.com/v2', all, 'identitytoken', 'config']]);
});

test('k3s: a registry without its own entry falls back to the _default written from "*"', () => {
  assert.deepEqual(hostsFor('other.example.com'), [
    ['http://localhost:5001/v2', ['pull', 'resolve'], null, 'none'],
    ['https://other.example.com/v2', all, null, 'none'],
  ]);
  // a mirrors entry without endpoints or configs leaves only defaults: k3s writes no directory for it
  assert.deepEqual(hostsFor('only-config.example.com'), [
    ['http://localhost:5001/v2', ['pull', 'resolve'], null, 'none'],
    ['https://only-config.example.com/v2', all, null, 'none'],
  ]);
});

test('k3s: the mirror host pulled directly gets its configs entry', () => {
  assert.deepEqual(hostsFor('mirror.example.com:5000'), [['https://mirror.example.com:5000/v2', all, 'alice', 'config']]);
});

test('CRI ParseAuth: username first, then the identity token, then the base64 auth field', () => {
  // pkg/cri/server/image_pull.go ParseAuth (1.6, 1.7); internal/cri/server/images/image_pull.go (2.x)
  const user = parseCriAuth({ username: 'alice', password: 'pw', auth: 'Ym9iOnB3', identityToken: 'tok' });
  assert.ok(user.ok && user.credentials.username === 'alice' && user.credentials.identityToken === null);
  const token = parseCriAuth({ username: '', password: 'pw', auth: 'Ym9iOnB3', identityToken: 'tok' });
  assert.ok(token.ok && token.credentials.username === null && token.credentials.identityToken?.reveal() === 'tok');
  const auth = parseCriAuth({ username: '', password: '', auth: 'Ym9iOnB3', identityToken: '' });
  assert.ok(auth.ok && auth.credentials.username === 'bob' && auth.credentials.password?.reveal() === 'pw');
  assert.deepEqual(parseCriAuth({ username: '', password: '', auth: 'Ym9i', identityToken: '' }), { ok: false, error: 'invalid decoded auth' });
  assert.equal(parseCriAuth({ username: '', password: '', auth: '%%%', identityToken: '' }).ok, false);
  const empty = parseCriAuth({ username: '', password: 'only-a-password', auth: '', identityToken: '' });
  assert.ok(empty.ok && empty.credentials.username === null && empty.credentials.password === null);
});

test('containerd --version output and --containerd-version arguments', () => {
  assert.equal(parseContainerdVersion('containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+deb12u3\n'), '1.6');
  assert.equal(parseContainerdVersion('containerd github.com/containerd/containerd v1.7.27 05044ec0a9a75232cad458027ca83437aae3f4da\n'), '1.7');
  assert.equal(parseContainerdVersion('containerd github.com/containerd/containerd/v2 v2.1.4 75cb2b7193e4e490e9fbdc236c0e811ccaba3376\n'), '2');
  assert.equal(containerdReleaseArgument('1.7'), '1.7');
  assert.equal(containerdReleaseArgument('2'), '2');
  assert.equal(containerdReleaseArgument('v2.3.4'), '2');
  assert.equal(containerdReleaseArgument('latest'), null);
  assert.equal(containerdReleaseArgument('3.1'), null);
  assert.equal(containerdReleaseArgument('1.5'), null);
});
