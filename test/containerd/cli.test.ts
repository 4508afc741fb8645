import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { regauth } from '../cli/support.js';
import { loadTestbed } from '../testbed/testbed.js';

/** `--client containerd` on the command line: bad input is refused with its place, nothing secret is printed. */
const testbed = loadTestbed();
after(() => testbed.close());

test('resolve --client containerd: a broken config.toml is reported with its line and column', async () => {
  const dir = testbed.tempDir('containerd-cli');
  const config = join(dir, 'config.toml');
  writeFileSync(config, 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.configs."myreg.example.com".auth]\n  username = "alice\n');
  const result = await regauth(['resolve', 'myreg.example.com/app', '--client', 'containerd', '--containerd-config', config, '--containerd-version', '1.7', '--json']);
  const [resolution] = (JSON.parse(result.stdout) as { results: Array<{ error: string | null; trace: Array<{ line?: number; column?: number }> }> }).results;
  assert.match(resolution?.error ?? '', /toml: line 3, column 14: unterminated string/);
  assert.ok(resolution?.trace.some((step) => step.line === 3 && step.column === 14));
});

test('resolve --client containerd: each host with what it is sent, no secret printed', async () => {
  const dir = testbed.tempDir('containerd-cli');
  const config = join(dir, 'config.toml');
  const certs = join(dir, 'certs.d');
  writeFileSync(config, `version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "${certs}"\n[plugins."io.containerd.grpc.v1.cri".registry.configs."registry-1.docker.io".auth]\n  username = "alice"\n  password = "hunter2-secret"\n`);
  const result = await regauth(['resolve', 'alice/app', '--client', 'containerd', '--containerd-config', config, '--containerd-version', '2', '--trace']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /https:\/\/registry-1\.docker\.io\/v2 \[pull, resolve, push, referrers\]: user "alice" \(key "registry-1\.docker\.io"\)/);
  assert.match(result.stdout, /containerd ignores ~\/\.docker\/config\.json/);
  assert.ok(!result.stdout.includes('hunter2-secret') && !result.stderr.includes('hunter2-secret'));
});

test('resolve --client containerd --containerd-version 2.1: the trace names the release; referrers makes its hosts.toml unusable', async () => {
  const dir = testbed.tempDir('containerd-cli');
  const config = join(dir, 'config.toml');
  const certs = join(dir, 'certs.d');
  mkdirSync(join(certs, 'docker.io'), { recursive: true });
  writeFileSync(join(certs, 'docker.io', 'hosts.toml'), '[host."https://mirror.example.com"]\n  capabilities = ["pull", "resolve", "referrers"]\n');
  writeFileSync(config, `version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "${certs}"\n`);
  const old = await regauth(['resolve', 'alice/app', '--client', 'containerd', '--containerd-config', config, '--containerd-version', '2.1', '--trace']);
  assert.equal(old.code, 0, old.stderr);
  assert.match(old.stdout, /modelling containerd 2\.1 \(--containerd-version\)/);
  assert.match(old.stdout, /https:\/\/registry-1\.docker\.io\/v2 \[pull, resolve, push\]: no credentials/);
  assert.ok(!old.stdout.includes('mirror.example.com/v2'));
  const newer = await regauth(['resolve', 'alice/app', '--client', 'containerd', '--containerd-config', config, '--containerd-version', '2.2', '--trace']);
  assert.match(newer.stdout, /modelling containerd 2\.2 \(--containerd-version\)/);
  assert.match(newer.stdout, /https:\/\/mirror\.example\.com\/v2 \[pull, resolve, referrers\]/);
});

test('resolve --client containerd: a release or a file that does not exist is a usage error', async () => {
  const version = await regauth(['resolve', 'alice/app', '--client', 'containerd', '--containerd-version', '3.1']);
  assert.equal(version.code, 2);
  assert.match(version.stderr, /--containerd-version "3.1" is not a containerd release/);
  const missing = await regauth(['resolve', 'alice/app', '--client', 'containerd', '--k3s-registries', '/nonexistent/registries.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /check the path given to --k3s-registries/);
});

test('check, doctor and fix refuse --client containerd: one registry check would not say what a pull through its mirrors meets', async () => {
  for (const argv of [['check', 'alice/app', '--client', 'containerd'], ['doctor', '--offline', '--client', 'containerd'], ['fix', '--client', 'containerd']]) {
    const result = await regauth(argv);
    assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, /containerd is modelled by resolve and ls only/);
    assert.equal(result.stdout, '');
  }
});
