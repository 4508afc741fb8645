import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerdRelease } from '../../src/clients/containerd.js';
import { resolveContext, resolveFor } from '../../src/resolve/resolve.js';
import { askOracle } from '../oracles/oracle.js';

/**
 * Comparing `resolve --client containerd` with containerd's own ConfigureHosts (remotes/docker/config,
 * built from containerd 1.7, 2.0, 2.1, 2.2 and 2.3 by test/oracles/containerd-hosts-*): for a
 * `config_path` tree and a registry, the hosts in order with scheme, host, API path,
 * capabilities, static headers and the TLS of each host's client — or ConfigureHosts' error.
 */

/** PEM material a case file can hold (made once per run with openssl). */
export interface Pem {
  /** a CA certificate */
  ca: string;
  /** a certificate and its key */
  cert: string;
  key: string;
  /** a key that belongs to no certificate here */
  otherKey: string;
}

export interface HostsCase {
  name: string;
  registry: string;
  /** files under the case directory: "a/dir/hosts.toml" → text (DIR stands for the case directory); null makes an empty directory */
  files: Record<string, string | null | ((pem: Pem) => string)>;
  /** config_path roots (relative to the case directory), in order */
  roots?: string[];
}

export interface HostOutcome {
  scheme: string;
  host: string;
  path: string;
  capabilities: string[];
  authorization: boolean;
  skipVerify: boolean;
  clientCertificates: number;
  fallback: boolean;
  headers: string[];
}

export interface CaseOutcome {
  error: string;
  hosts: HostOutcome[];
}

/** a host as the oracle prints it: its headers as Go's http.Header */
interface OracleHost extends Omit<HostOutcome, 'headers'> {
  header: Record<string, string[]>;
}

interface OracleAnswer {
  answers: Array<{ error: string; hosts: OracleHost[] }>;
  release: string;
}

export const HOSTS_ORACLES = [
  ['containerd-hosts-1.7', '1.7'],
  ['containerd-hosts-2.0', '2.0'],
  ['containerd-hosts-2.1', '2.1'],
  ['containerd-hosts-2.2', '2.2'],
  ['containerd-hosts-2', '2'],
] as const;

function layout(testCase: HostsCase, pem: Pem | null): { dir: string; roots: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-containerd-hosts-'));
  for (const [relative, content] of Object.entries(testCase.files)) {
    const path = join(dir, relative);
    if (content === null) {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(join(path, '..'), { recursive: true });
    if (typeof content === 'function' && pem === null) throw new Error(`${testCase.name}: the case needs PEM material`);
    const text = typeof content === 'function' ? content(pem as Pem) : content;
    writeFileSync(path, text.replaceAll('DIR', dir));
  }
  const roots = (testCase.roots ?? ['a']).map((root) => join(dir, root));
  for (const root of roots) mkdirSync(root, { recursive: true });
  writeFileSync(join(dir, 'config.toml'), `version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "${roots.join(':')}"\n`);
  return { dir, roots };
}

async function predict(testCase: HostsCase, dir: string, release: ContainerdRelease): Promise<CaseOutcome> {
  const resolution = await resolveFor('containerd', { registry: testCase.registry, repository: 'app' }, resolveContext({ clients: ['containerd'], containerdConfig: join(dir, 'config.toml'), containerdRelease: release }));
  if (resolution.error !== null) return { error: resolution.error, hosts: [] };
  const hosts = (resolution.endpoints ?? []).map((endpoint) => {
    const url = /^([a-z]*):\/\/([^/]*)(.*)$/.exec(endpoint.url);
    return {
      scheme: url?.[1] ?? '',
      host: url?.[2] ?? '',
      path: url?.[3] ?? '',
      capabilities: [...endpoint.capabilities].sort(),
      authorization: endpoint.source === 'header',
      skipVerify: endpoint.tls.skipVerify,
      clientCertificates: endpoint.tls.clientCertificates,
      fallback: endpoint.tls.fallback,
      headers: endpoint.headers,
    };
  });
  return { error: '', hosts };
}

function expected(answer: { error: string; hosts: OracleHost[] }): CaseOutcome {
  return {
    error: answer.error,
    hosts: answer.hosts.map(({ header, ...host }) => ({ ...host, capabilities: [...host.capabilities].sort(), headers: Object.keys(header).sort() })),
  };
}

export const tally = { pass: 0, fail: 0 };

/** Lays every case out, asks the oracle about all of them at once, and compares each with regauth. */
export async function compareWithOracle(cases: HostsCase[], oracle: string, release: ContainerdRelease, pem: Pem | null = null): Promise<void> {
  const laid = cases.map((testCase) => ({ testCase, ...layout(testCase, pem) }));
  try {
    const reply = await askOracle<OracleAnswer>(oracle, { cases: laid.map(({ testCase, roots }) => ({ roots, host: testCase.registry })) });
    const failures: string[] = [];
    for (const [index, { testCase, dir }] of laid.entries()) {
      const answer = reply.answers[index];
      assert.ok(answer !== undefined);
      // paths in errors name the case's own directory
      const want = expected({ ...answer, error: answer.error.replaceAll(dir, 'DIR') });
      const got = await predict(testCase, dir, release);
      got.error = got.error.replaceAll(dir, 'DIR');
      try {
        assert.deepEqual(got, want);
        tally.pass += 1;
      } catch {
        tally.fail += 1;
        failures.push(`${testCase.name}: regauth ${JSON.stringify(got)} ≠ containerd ${reply.release} ${JSON.stringify(want)}`);
      }
    }
    assert.deepEqual(failures, []);
  } finally {
    for (const { dir } of laid) rmSync(dir, { recursive: true, force: true });
  }
}
