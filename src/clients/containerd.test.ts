import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCriRegistry, decodeK3sRegistries } from '../config/containerd-files.js';
import { fixture, textFile } from '../config/test-support.js';
import { type ContainerdEndpoint, type ContainerdRelease, containerdReleaseArgument, parseContainerdVersion, parseCriAuth, resolveContainerd } from './containerd.js';

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
  assert.equal(parseContainerdVersion('containerd github.com/containerd/containerd/v2 v2.1.4 75cb2b7193e4e490e9fbdc236c0e811ccaba3376\n'), '2.1');
  assert.equal(parseContainerdVersion('containerd github.com/containerd/containerd/v2 v2.0.5 fb4c30d4ede3531652d86197bf3fc9515e5276d9\n'), '2.0');
  assert.equal(parseContainerdVersion('containerd github.com/k3s-io/containerd v2.2.9-k3s1 abc\n'), '2.2');
  assert.equal(parseContainerdVersion('containerd github.com/containerd/containerd/v2 v2.3.7 abc\n'), '2');
  assert.equal(containerdReleaseArgument('1.7'), '1.7');
  assert.equal(containerdReleaseArgument('2'), '2');
  assert.equal(containerdReleaseArgument('2.0'), '2.0');
  assert.equal(containerdReleaseArgument('v2.1.9'), '2.1');
  assert.equal(containerdReleaseArgument('2.2'), '2.2');
  assert.equal(containerdReleaseArgument('2.3'), '2');
  assert.equal(containerdReleaseArgument('v2.3.4'), '2');
  assert.equal(containerdReleaseArgument('latest'), null);
  assert.equal(containerdReleaseArgument('3.1'), null);
  assert.equal(containerdReleaseArgument('1.5'), null);
});

/** config.toml alone (no hosts.toml found): the hosts of a pull and the trace's words. */
function criPull(text: string, registry: string, release: ContainerdRelease) {
  const cri = decodeCriRegistry(textFile(text, 'containerd-config', '/etc/containerd/config.toml'), release);
  const resolution = resolveContainerd({ registry, release, releaseWhy: 'test', mode: 'containerd', cri, k3s: null, hostsDir: null });
  return { resolution, hosts: (resolution.endpoints ?? []).map((endpoint) => [endpoint.url, endpoint.capabilities, endpoint.username]), trace: resolution.trace.map((step) => step.why).join('\n') };
}

test('containerd 2.0 and 2.1 have no default config_path: the legacy hosts, without referrers; 2.2 and later default it', () => {
  // plugins/cri/images/plugin.go sets config_path only from 2.2; internal/cri/server/images registryHosts
  const auth = 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.configs."myreg.example.com".auth]\n  username = "alice"\n  password = "pw"\n';
  for (const release of ['2.0', '2.1'] as const) {
    const { hosts, trace } = criPull(auth, 'myreg.example.com', release);
    assert.deepEqual(hosts, [['https://myreg.example.com/v2', ['resolve', 'pull'], 'alice']]);
    assert.match(trace, new RegExp(`containerd ${release.replace('.', '\\.')} has no default config_path`));
  }
  for (const release of ['2.2', '2'] as const) {
    const { hosts, trace } = criPull(auth, 'myreg.example.com', release);
    assert.deepEqual(hosts, [['https://myreg.example.com/v2', all, 'alice']]);
    assert.match(trace, /uses config_path "\/etc\/containerd\/certs\.d:\/etc\/docker\/certs\.d"/);
  }
});

test('legacy registry.mirrors hosts: 2.2 and later give them the referrers capability', () => {
  const mirrors = 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]\n  endpoint = ["https://mirror.example.com"]\n';
  assert.deepEqual(criPull(mirrors, 'docker.io', '2.1').hosts, [
    ['https://mirror.example.com/v2', ['resolve', 'pull'], null],
    ['https://registry-1.docker.io/v2', ['resolve', 'pull'], null],
  ]);
  assert.deepEqual(criPull(mirrors, 'docker.io', '2.2').hosts, [
    ['https://mirror.example.com/v2', ['resolve', 'pull', 'referrers'], null],
    ['https://registry-1.docker.io/v2', ['resolve', 'pull', 'referrers'], null],
  ]);
});

test('a version 3 config: 2.2 reads the images plugin table as is, 2.3+ migrates the CRI one over it; the trace names the release', () => {
  const text = 'version = 3\n[plugins."io.containerd.grpc.v1.cri".registry.configs."myreg.example.com".auth]\n  username = "alice"\n[plugins."io.containerd.cri.v1.images".registry.configs."myreg.example.com".auth]\n  username = "bob"\n';
  const old = criPull(text, 'myreg.example.com', '2.2');
  assert.equal(old.resolution.username, 'bob');
  assert.match(old.trace, /plugins\."io\.containerd\.grpc\.v1\.cri"\.registry is not read: containerd 2\.2 reads a version 3 config's registry settings from plugins\."io\.containerd\.cri\.v1\.images"\.registry$/m);
  const newest = criPull(text, 'myreg.example.com', '2');
  assert.equal(newest.resolution.username, 'alice');
  assert.match(newest.trace, /containerd 2\.3\+ reads a version 3 config's registry settings from plugins\."io\.containerd\.grpc\.v1\.cri"\.registry \(migrating it to version 4/);
  assert.match(criPull('version = 4\n', 'myreg.example.com', '2.1').resolution.error ?? '', /equal to or less than `3`, got `4`/);
  // a version 1 config: 2.0–2.2 load it as their own version, the CRI plugin's registry is lost; 2.3 migrates it
  const v1 = '[plugins.cri.registry.configs."myreg.example.com".auth]\n  username = "alice"\n';
  const lost = criPull(v1, 'myreg.example.com', '2.0');
  assert.equal(lost.resolution.username, null);
  assert.match(lost.trace, /plugins\."cri"\.registry is not read: containerd 2\.0 reads a version 1 config's registry settings from plugins\."io\.containerd\.cri\.v1\.images"\.registry \(it loads a version 1 config as version 3 without the plugins' migrations\)/);
  assert.equal(criPull(v1, 'myreg.example.com', '2').resolution.username, 'alice');
});
