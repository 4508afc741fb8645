import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerdRelease } from '../../src/clients/containerd.js';
import { decodeCriRegistry } from '../../src/config/containerd-files.js';
import { askOracle } from '../oracles/oracle.js';

/**
 * containerd's own config loading and version migration (built from containerd 2.0, 2.1, 2.2 and
 * 2.3 by test/oracles/containerd-config-*) against regauth's reading of config.toml: for each
 * file, the registry table the CRI image service ends up with (config_path, the mirrors, configs
 * and auths keys, the configs usernames), or the refusal.
 */

const CRI = 'plugins."io.containerd.grpc.v1.cri".registry';
const IMAGES = 'plugins."io.containerd.cri.v1.images".registry';

const cases: Array<{ name: string; text: string }> = [
  { name: 'version 2, the CRI plugin table', text: `version = 2\n[${CRI}]\n  config_path = "/a"\n[${CRI}.configs."myreg.example.com".auth]\n  username = "alice"\n` },
  { name: 'version 2, both tables: the CRI one replaces the images one', text: `version = 2\n[${CRI}]\n  config_path = "/a"\n[${IMAGES}]\n  config_path = "/b"\n[${IMAGES}.configs."other.example.com".auth]\n  username = "bob"\n` },
  { name: 'version 2, the images table only', text: `version = 2\n[${IMAGES}]\n  config_path = "/b"\n` },
  { name: 'version 2, legacy mirrors and auths', text: `version = 2\n[${CRI}.mirrors."docker.io"]\n  endpoint = ["https://m.example.com"]\n[${CRI}.auths."https://old.example.com/v2/"]\n  username = "carol"\n` },
  { name: 'version 3, the images table only', text: `version = 3\n[${IMAGES}]\n  config_path = "/b"\n[${IMAGES}.configs."myreg.example.com".auth]\n  username = "bob"\n` },
  { name: 'version 3, the CRI plugin table only', text: `version = 3\n[${CRI}]\n  config_path = "/a"\n[${CRI}.configs."myreg.example.com".auth]\n  username = "alice"\n` },
  { name: 'version 3, both tables', text: `version = 3\n[${CRI}.configs."myreg.example.com".auth]\n  username = "alice"\n[${IMAGES}.configs."myreg.example.com".auth]\n  username = "bob"\n` },
  { name: 'version 1, plugins.cri', text: `[plugins.cri.registry]\n  config_path = "/a"\n[plugins.cri.registry.configs."myreg.example.com".auth]\n  username = "alice"\n` },
  { name: 'version 1, the images table by its full name', text: `[${IMAGES}]\n  config_path = "/b"\n[plugins.cri.registry]\n  config_path = "/a"\n` },
  { name: 'no version, the CRI plugin table by its full name', text: `[${CRI}]\n  config_path = "/a"\n` },
  { name: 'version 4, the images table', text: `version = 4\n[${IMAGES}]\n  config_path = "/b"\n` },
  { name: 'version 4, the CRI plugin table is not read', text: `version = 4\n[${CRI}]\n  config_path = "/a"\n` },
  { name: 'version 5', text: 'version = 5\n' },
  { name: 'no plugins', text: 'version = 2\n' },
];

interface Registry {
  config_path?: string;
  mirrors?: Record<string, unknown>;
  configs?: Record<string, { auth?: { username?: string } }>;
  auths?: Record<string, unknown>;
}

interface OracleAnswer {
  answers: Array<{ error: string; version: number; registry: Registry | null }>;
  release: string;
}

/** What both sides are compared on: the refusal, or the registry settings the image service gets. */
function summary(registry: Registry | null): unknown {
  return {
    configPath: registry?.config_path ?? '',
    mirrors: Object.keys(registry?.mirrors ?? {}).sort(),
    configs: Object.entries(registry?.configs ?? {}).map(([key, entry]) => [key, entry.auth?.username ?? null]).sort(),
    auths: Object.keys(registry?.auths ?? {}).sort(),
  };
}

function regauthSummary(path: string, text: string, release: ContainerdRelease): { error: string | null; summary: unknown } {
  const view = decodeCriRegistry({ path, format: 'containerd-config', exists: true, text, ioError: null }, release);
  if (view.error !== null) return { error: view.error.message, summary: null };
  return {
    error: null,
    summary: {
      configPath: view.configPath ?? '',
      mirrors: view.mirrors.map((entry) => entry.key).sort(),
      configs: view.configs.filter((entry) => entry.fromAuths === undefined).map((entry) => [entry.key, entry.auth === null ? null : entry.auth.username || null]).sort(),
      auths: view.configs.flatMap((entry) => (entry.fromAuths === undefined ? [] : [entry.fromAuths])).sort(),
    },
  };
}

const tally = { pass: 0, fail: 0 };
const ORACLES = [
  ['containerd-config-2.0', '2.0'],
  ['containerd-config-2.1', '2.1'],
  ['containerd-config-2.2', '2.2'],
  ['containerd-config-2', '2'],
] as const;

for (const [oracle, release] of ORACLES) {
  test(`containerd ${release} config loading and migration: ${cases.length} config.toml files`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regauth-containerd-config-'));
    try {
      const paths = cases.map((testCase, index) => {
        const path = join(dir, `config-${index}.toml`);
        writeFileSync(path, testCase.text);
        return path;
      });
      const reply = await askOracle<OracleAnswer>(oracle, { cases: paths.map((path) => ({ path })) });
      const failures: string[] = [];
      for (const [index, testCase] of cases.entries()) {
        const answer = reply.answers[index];
        const path = paths[index];
        assert.ok(answer !== undefined && path !== undefined);
        const predicted = regauthSummary(path, testCase.text, release);
        const agrees = answer.error === '' ? predicted.error === null && JSON.stringify(predicted.summary) === JSON.stringify(summary(answer.registry)) : predicted.error !== null && answer.error.includes(predicted.error);
        if (agrees) tally.pass += 1;
        else {
          tally.fail += 1;
          failures.push(`${testCase.name}: regauth ${JSON.stringify(predicted)} ≠ containerd ${reply.release} ${JSON.stringify(answer.error === '' ? summary(answer.registry) : answer.error)}`);
        }
      }
      assert.deepEqual(failures, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('containerd config: every case was compared', () => {
  process.stderr.write(`containerd config comparisons: ${tally.pass} agree, ${tally.fail} differ\n`);
  assert.equal(tally.pass + tally.fail, cases.length * ORACLES.length);
});
