import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { authsKeyHost, decodeCriRegistry, decodeHostsFile, decodeK3sRegistries } from './containerd-files.js';
import { fixture, textFile } from './test-support.js';

test('config.toml version 3 under containerd 2.3+: the images plugin table, configs and auths', () => {
  const whole = fixture('containerd-config-v3.toml', 'containerd-config');
  const view = decodeCriRegistry({ ...whole, text: whole.text.slice(0, whole.text.indexOf('# written for a version 2')) }, '2');
  assert.equal(view.error, null);
  assert.equal(view.version, 3);
  assert.equal(view.pluginTable, 'io.containerd.cri.v1.images');
  assert.equal(view.configPath, '/etc/containerd/certs.d');
  assert.equal(view.configPathPos?.line, 8);
  assert.deepEqual(
    view.configs.map((entry) => [entry.key, entry.auth?.identityToken ?? null, entry.auth?.auth ?? null, entry.fromAuths ?? null]),
    [
      ['registry-1.docker.io', 'refresh-token', '', null],
      ['old.example.com', '', 'Ym9iOnB3', 'https://old.example.com/v2/'],
    ],
  );
  assert.deepEqual(view.ignoredTables, []);
});

test('config.toml version 3 with a CRI plugin registry table: 2.3+ migrates it over the images one; 1.x refuses version 3', () => {
  // plugins/cri/images/plugin.go configMigration (containerd 2.3: config version 4), checked with the real 2.3 daemon
  const view = decodeCriRegistry(fixture('containerd-config-v3.toml', 'containerd-config'), '2');
  assert.equal(view.pluginTable, 'io.containerd.grpc.v1.cri');
  assert.equal(view.configPath, null);
  assert.deepEqual(view.configs.map((entry) => [entry.key, entry.auth?.username]), [['myreg.example.com', 'alice']]);
  assert.deepEqual(view.ignoredTables.map((table) => [table.table, table.pos?.line]), [['plugins."io.containerd.cri.v1.images".registry', 7]]);
  assert.match(decodeCriRegistry(fixture('containerd-config-v3.toml', 'containerd-config'), '1.7').error?.message ?? '', /unsupported config version 3/);
});

test('config.toml version 3 under containerd 2.0, 2.1 and 2.2: their own version, not migrated; version 4 is refused', () => {
  // version.ConfigVersion is 3 in 2.0–2.2, so configMigration leaves a version 3 config alone and
  // the CRI plugin's registry table is not read (cmd/containerd/server/config ValidateVersion refuses 4)
  for (const release of ['2.0', '2.1', '2.2'] as const) {
    const view = decodeCriRegistry(fixture('containerd-config-v3.toml', 'containerd-config'), release);
    assert.equal(view.error, null);
    assert.equal(view.pluginTable, 'io.containerd.cri.v1.images', release);
    assert.equal(view.configPath, '/etc/containerd/certs.d');
    assert.deepEqual(view.ignoredTables.map((table) => [table.table, table.readFrom]), [['plugins."io.containerd.grpc.v1.cri".registry', 'io.containerd.cri.v1.images']]);
    const v4 = decodeCriRegistry(textFile('version = 4\n', 'containerd-config', '/etc/containerd/config.toml'), release);
    assert.deepEqual(v4.error, { message: 'expected containerd config version equal to or less than `3`, got `4`', pos: { line: 1, column: 1, offset: 0 } });
    // an older config is migrated as in 2.3: the CRI plugin's table wins
    const v2 = decodeCriRegistry(textFile('version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/a"\n[plugins."io.containerd.cri.v1.images".registry]\n  config_path = "/b"\n', 'containerd-config'), release);
    assert.equal(v2.configPath, '/a');
  }
  assert.equal(decodeCriRegistry(textFile('version = 4\n', 'containerd-config'), '2').error, null);
});

test('hosts.toml: referrers is an unknown capability before 2.2', () => {
  for (const release of ['2.0', '2.1'] as const) assert.equal(decodeHostsFile('/h', '[host."https://a"]\ncapabilities = ["referrers"]\n', release).ignored?.message, 'unknown capability referrers');
  assert.equal(decodeHostsFile('/h', '[host."https://a"]\ncapabilities = ["referrers"]\n', '2.2').ignored, null);
});

test('the configuration the real containerd prints by default is read: config_path is empty', () => {
  const text = execFileSync('containerd', ['config', 'default'], { encoding: 'utf8', timeout: 10_000 });
  const view = decodeCriRegistry(textFile(text, 'containerd-config', '/etc/containerd/config.toml'), '1.6');
  assert.equal(view.error, null, view.error?.message);
  assert.equal(view.pluginTable, 'io.containerd.grpc.v1.cri');
  assert.equal(view.configPath, '');
  assert.deepEqual(view.configs, []);
});

test('config.toml errors carry a line and column; a missing file is no error', () => {
  const broken = decodeCriRegistry(textFile('version = 2\n[plugins."io.containerd.grpc.v1.cri".registry\n', 'containerd-config'), '1.7');
  assert.match(broken.error?.message ?? '', /^toml: line 2, column \d+: /);
  const typed = decodeCriRegistry(textFile('version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.configs."a".auth]\n  username = 1\n', 'containerd-config'), '1.7');
  assert.equal(typed.error?.pos?.line, 3);
  assert.equal(decodeCriRegistry({ path: '/nope', format: 'containerd-config', exists: false, text: '', ioError: null }, '2').error, null);
});

test('registry.auths keys: containerd keeps the host of a URL; Go reads "host:port" as a scheme', () => {
  // pkg/cri/config/config.go (1.6, 1.7) and internal/cri/config/config.go (2.x): url.Parse, then u.Host when u.Scheme != ""
  assert.deepEqual(authsKeyHost('https://myreg.example.com/v2/'), { ok: true, host: 'myreg.example.com' });
  assert.deepEqual(authsKeyHost('http://user@myreg.example.com:5000'), { ok: true, host: 'myreg.example.com:5000' });
  assert.deepEqual(authsKeyHost('myreg.example.com'), { ok: true, host: 'myreg.example.com' });
  assert.deepEqual(authsKeyHost('myreg.example.com:5000'), { ok: true, host: '' });
  assert.equal(authsKeyHost('10.0.0.1:5000').ok, false);
});

test('hosts.toml: host tables in file order, header spellings, and what containerd ignores', () => {
  const text = '[host."https://b"]\n  capabilities = ["pull"]\n[host."https://a"]\n  skip_verify = true\n  [host."https://a".header]\n    authorization = "Basic eDp5"\nserver = "https://s"\n';
  const view = decodeHostsFile('/h/hosts.toml', text, '1.7');
  assert.equal(view.ignored, null);
  assert.deepEqual(view.hosts.map((host) => [host.name, host.capabilities, host.skipVerify, host.authorization]), [
    ['https://b', ['pull'], null, null],
    ['https://a', null, true, 'Basic eDp5'],
  ]);
  // go-toml puts keys after a table header into that table: "server" belongs to host."https://a" here
  assert.equal(view.root.name, '');
  assert.match(decodeHostsFile('/h', 'server = "https://s"\n', '1.6').ignored?.message ?? '', /invalid `host` tree/);
  assert.equal(decodeHostsFile('/h', 'server = "https://s"\n', '1.7').root.name, 'https://s');
  assert.match(decodeHostsFile('/h', '[host."https://a"]\ncapabilities = ["referrers"]\n', '1.7').ignored?.message ?? '', /unknown capability referrers/);
  assert.equal(decodeHostsFile('/h', '[host."https://a"]\ncapabilities = ["referrers"]\n', '2').ignored, null);
  assert.equal(decodeHostsFile('/h', '[host."https://a"]\nskip_verify = "yes"\n', '2').ignored?.pos?.line, 2);
});

test('k3s registries.yaml: mirrors, rewrites, configs with auth and tls', () => {
  const view = decodeK3sRegistries(fixture('k3s-registries.yaml', 'k3s-registries'));
  assert.equal(view.error, null);
  assert.deepEqual(view.mirrors.map((mirror) => [mirror.key, mirror.endpoints, mirror.rewrites, mirror.pos?.line]), [
    ['docker.io', ['https://mirror.example.com:5000', 'registry-1.docker.io'], { '^library/(.*)': 'hub/$1' }, 2],
    ['*', ['http://localhost:5001'], {}, 8],
    ['only-config.example.com', [], {}, 11],
  ]);
  assert.deepEqual(view.configs.map((entry) => [entry.key, entry.auth, entry.tls, entry.skipVerify, entry.caFile ?? null]), [
    ['mirror.example.com:5000', { username: 'alice', password: 'pw', auth: '', identityToken: '' }, true, true, null],
    ['docker.io', { username: '', password: '', auth: 'Ym9iOnB3', identityToken: '' }, false, false, null],
    ['quay.io', null, true, false, '/etc/ssl/quay.pem'],
    ['registry.example.com', { username: '', password: '', auth: '', identityToken: 'tok' }, false, false, null],
  ]);
});

test('k3s registries.yaml: a later duplicate key wins (yaml.v2); what k3s cannot unmarshal has a line', () => {
  const duplicate = decodeK3sRegistries(textFile('configs:\n  a:\n    auth: {username: x}\n  a:\n    auth: {username: y}\n', 'k3s-registries', '/etc/rancher/k3s/registries.yaml'));
  assert.deepEqual(duplicate.configs.map((entry) => [entry.key, entry.auth?.username]), [['a', 'y']]);
  const notList = decodeK3sRegistries(textFile('mirrors:\n  docker.io:\n    endpoint: https://m\n', 'k3s-registries'));
  assert.match(notList.error?.message ?? '', /endpoint must be a list/);
  assert.equal(notList.error?.pos?.line, 3);
});
