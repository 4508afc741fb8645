import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { loadTestbed, testHelperScript } from '../testbed/testbed.js';
import { spawnSync } from 'node:child_process';
import { REGAUTH_BIN, assertNoStackTrace, homeWithDockerConfig, regauth } from './support.js';

/** Bad input gets a clear error with file, line and column, never a stack trace, and nothing is written. */

test('a file that is not JSON: docker carries on, podman fails; positions are given', async () => {
  const testbed = loadTestbed();
  const { home, configPath } = homeWithDockerConfig(testbed, '{\n  "auths": {\n    "myreg.example.com": {"auth": "YTpi"},\n  }\n}\n');
  const result = await regauth(['resolve', 'myreg.example.com/app', '--json'], { env: { HOME: home } });
  assertNoStackTrace(result.stdout + result.stderr);
  assert.equal(result.code, 1);
  const results = (JSON.parse(result.stdout) as { results: Array<{ client: string; error: string | null; warnings: Array<{ line?: number; column?: number; file?: string }>; trace: Array<{ line?: number }> }> }).results;
  const podman = results.find((entry) => entry.client === 'podman');
  assert.match(podman?.error ?? '', /invalid character '}'/);
  const human = await regauth(['resolve', 'myreg.example.com/app', '--trace'], { env: { HOME: home } });
  assert.ok(human.stdout.includes(`${configPath}:4`) || human.stdout.includes('[line 4]'), human.stdout);
  assert.equal(readFileSync(configPath, 'utf8').length > 0, true);
});

test('fix refuses to touch a broken file and says where it is broken', async () => {
  const testbed = loadTestbed();
  const broken = '{"auths": {"docker.io": {"auth": "YTpi"}}';
  const { home, configPath } = homeWithDockerConfig(testbed, broken);
  const result = await regauth(['fix', '--yes'], { env: { HOME: home } });
  assertNoStackTrace(result.stdout + result.stderr);
  assert.notEqual(result.code, 0);
  assert.equal(readFileSync(configPath, 'utf8'), broken, 'nothing is written');
});

test('wrong types are reported with their position', async () => {
  const testbed = loadTestbed();
  const { home } = homeWithDockerConfig(testbed, '{"auths": {"myreg.example.com": {"auth": 42}}}');
  const result = await regauth(['ls', '--json'], { env: { HOME: home } });
  assertNoStackTrace(result.stderr);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /cannot unmarshal number/);
});

test('a 10 MB file is refused as too large, quickly', async () => {
  const testbed = loadTestbed();
  const big = `{"auths": {"x": {"auth": "${'A'.repeat(10 * 1024 * 1024)}"}}}`;
  const { home, configPath } = homeWithDockerConfig(testbed, big);
  const started = Date.now();
  const result = await regauth(['resolve', 'alice/app', '--config', configPath, '--json']);
  assertNoStackTrace(result.stderr);
  assert.ok(Date.now() - started < 10_000);
  assert.match(result.stdout, /too large|larger than/i);
});

test('a directory where the file should be', async () => {
  const testbed = loadTestbed();
  const dir = testbed.tempDir('dir');
  const result = await regauth(['resolve', 'alice/app', '--config', dir]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /is a directory/);
  assert.match(result.stderr, /config\.json/);
  assertNoStackTrace(result.stderr);

  const { home, configPath } = homeWithDockerConfig(testbed, null);
  mkdirSync(configPath);
  const viaHome = await regauth(['resolve', 'alice/app', '--json'], { env: { HOME: home } });
  assertNoStackTrace(viaHome.stderr);
  assert.match(viaHome.stdout, /is a directory/);
});

test('an unreadable file (root without the capabilities that override file permissions)', async () => {
  const testbed = loadTestbed();
  const { home, configPath } = homeWithDockerConfig(testbed, '{"auths": {}}');
  chmodSync(configPath, 0o000);
  // still uid 0, so the checkout is readable wherever it was cloned (a 0700 temporary directory too)
  const dropped = '-dac_override,-dac_read_search';
  const result = spawnSync('setpriv', [`--bounding-set=${dropped}`, `--inh-caps=${dropped}`, process.execPath, REGAUTH_BIN, 'resolve', 'alice/app', '--json'], {
    env: testbed.env({ HOME: home }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(result.error, undefined, `setpriv did not run: ${String(result.error)}`);
  assertNoStackTrace(result.stderr);
  assert.match(result.stdout + result.stderr, /permission denied/);
});

test('a helper that hangs costs the timeout, not forever', async () => {
  const testbed = loadTestbed();
  const helperDir = testHelperScript(testbed.tempDir('helper'), 'stuck', { mode: 'hang' });
  const { home } = homeWithDockerConfig(testbed, '{"credsStore": "stuck"}');
  const started = Date.now();
  const result = await regauth(['resolve', 'alice/app', '--client', 'docker', '--helper-timeout', '1', '--json'], {
    env: { HOME: home, PATH: `${helperDir}:${testbed.env()['PATH'] ?? ''}` },
  });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 5_000, `took ${elapsed} ms`);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /did not answer within 1\d{3} ms/);
});

test('an invalid image reference', async () => {
  const result = await regauth(['resolve', 'Alice/App']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /must be lowercase/);
  assertNoStackTrace(result.stderr);
});

test('a port no program can connect to: resolve reads the name as the clients do, check refuses it before any request', async () => {
  const resolved = await regauth(['resolve', 'example.com:65536/app', '--client', 'docker']);
  assert.equal(resolved.code, 0, resolved.stderr);
  assert.match(resolved.stdout, /^example\.com:65536\/app\n/);
  const checked = await regauth(['check', 'example.com:65536/app']);
  assert.equal(checked.code, 2);
  assert.match(checked.stderr, /invalid port 65536 in "example\.com:65536": ports are 1 to 65535/);
  assertNoStackTrace(checked.stderr);
});

test('unknown commands and options are usage errors', async () => {
  const unknown = await regauth(['frobnicate']);
  assert.equal(unknown.code, 2);
  const option = await regauth(['resolve', 'alice/app', '--nope']);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /--nope/);
});
