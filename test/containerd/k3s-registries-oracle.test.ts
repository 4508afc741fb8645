import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeK3sRegistries } from '../../src/config/containerd-files.js';
import { READ_FIXTURES } from '../../src/config/test-support.js';
import { askOracle } from '../oracles/oracle.js';

/**
 * k3s reads registries.yaml with rancher/wharfie's registries.GetPrivateRegistries (yaml.v2 into
 * its Registry type; test/oracles/k3s-registries). regauth's reading must give the same mirrors
 * and configs, and refuse the same files.
 */
const cases: Array<[string, string]> = [
  ['the fixture', readFileSync(join(READ_FIXTURES, 'k3s-registries.yaml'), 'utf8')],
  ['an empty file', ''],
  ['null sections', 'mirrors:\nconfigs:\n'],
  ['a configs entry without settings', 'configs:\n  "docker.io":\n  "*":\n    tls:\n      insecure_skip_verify: true\n'],
  ['YAML 1.1 booleans', 'configs:\n  a.example.com:\n    tls:\n      insecure_skip_verify: yes\n  b.example.com:\n    tls:\n      insecure_skip_verify: off\n'],
  ['numbers where strings go', 'configs:\n  a.example.com:\n    auth:\n      username: 123\n      password: 0x1F\nmirrors:\n  docker.io:\n    endpoint: [10.0.0.1]\n'],
  ['unknown and other-spelled keys are ignored', 'configs:\n  a.example.com:\n    auth:\n      token: abc\n      identitytoken: def\n      identity_token: ghi\n    extra: 1\nunknown: x\n'],
  ['anchors and aliases', 'configs:\n  a.example.com: &creds\n    auth:\n      username: alice\n      password: pw\n  b.example.com: *creds\n'],
  ['flow style', '{mirrors: {"docker.io": {endpoint: ["https://m.example.com"], rewrite: {"^a/(.*)": "b/$1"}}}}\n'],
  ['a duplicate key is refused', 'configs:\n  a:\n    auth: {username: x}\n  a:\n    auth: {username: y}\n'],
  ['an endpoint that is not a list is refused', 'mirrors:\n  docker.io:\n    endpoint: https://m.example.com\n'],
  ['a tab in the indentation is refused', 'mirrors:\n\tdocker.io:\n'],
  ['a mapping where a list goes is refused', 'mirrors:\n  docker.io:\n    endpoint:\n      a: b\n'],
  ['a list at the top is refused', '- a\n- b\n'],
  ['keys YAML 1.1 reads as booleans or numbers', 'mirrors:\n  on:\n    endpoint: [a]\n  5000:\n    endpoint: [b]\n'],
];

interface OracleAnswer {
  answers: Array<{
    error: string;
    mirrors: Array<{ key: string; endpoints: string[]; rewrites: Record<string, string> }>;
    configs: Array<{ key: string; auth: { username: string; password: string; auth: string; identityToken: string } | null; tls: boolean; skipVerify: boolean; caFile: string }>;
  }>;
}

test(`k3s registries.yaml: regauth reads ${cases.length} files as wharfie does`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-k3s-'));
  try {
    const paths = cases.map(([, text], index) => {
      const path = join(dir, `registries-${index}.yaml`);
      writeFileSync(path, text);
      return path;
    });
    const reply = await askOracle<OracleAnswer>('k3s-registries', { cases: paths.map((path) => ({ path })) });
    const failures: string[] = [];
    for (const [index, [name, text]] of cases.entries()) {
      const expected = reply.answers[index];
      assert.ok(expected !== undefined);
      const view = decodeK3sRegistries({ path: paths[index] ?? '', format: 'k3s-registries', exists: true, text, ioError: null });
      const got = {
        error: view.error !== null,
        mirrors: view.mirrors.map((mirror) => ({ key: mirror.key, endpoints: mirror.endpoints, rewrites: mirror.rewrites })).sort((a, b) => (a.key < b.key ? -1 : 1)),
        configs: view.configs.map((entry) => ({ key: entry.key, auth: entry.auth, tls: entry.tls, skipVerify: entry.skipVerify ?? false, caFile: entry.caFile ?? '' })).sort((a, b) => (a.key < b.key ? -1 : 1)),
      };
      const want = expected.error !== '' ? { error: true, mirrors: [], configs: [] } : { error: false, mirrors: expected.mirrors, configs: expected.configs };
      if (got.error) Object.assign(got, { mirrors: [], configs: [] });
      try {
        assert.deepEqual(got, want);
      } catch {
        failures.push(`${name}: regauth ${JSON.stringify(got)}${view.error === null ? '' : ` (${view.error.message})`} ≠ wharfie ${JSON.stringify(want)} ${expected.error}`);
      }
    }
    process.stderr.write(`k3s registries.yaml comparisons: ${cases.length - failures.length} agree, ${failures.length} differ\n`);
    assert.deepEqual(failures, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
