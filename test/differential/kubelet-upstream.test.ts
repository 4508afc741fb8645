import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resolution } from '../../src/clients/model.js';
import { resolveContext, resolveFor, targetOfText } from '../../src/resolve/resolve.js';
import { fingerprint } from '../fidelity/outcome.js';
import { KUBELET_ORACLE } from '../fidelity/kubelet.js';
import { askOracle } from '../oracles/oracle.js';
import { KUBELET_UPSTREAM_CASES, type KubeletUpstreamCase, type PullSecretCase } from './kubelet-upstream-cases.js';

/**
 * The situations of the kubelet's own tests (kubelet-upstream-cases.ts), each a pod's pull
 * secrets and image: the kubelet's code (test/oracles/kubelet-keyring, which parses the image
 * and builds the keyring from the Secret objects as the kubelet does) against
 * `resolve --client kubelet --pull-secret …` with the same secrets as Secret manifests. The whole
 * outcome must agree: the error, the name looked up, the credentials tried first, and the secret
 * and user of every match in the order the kubelet tries them.
 */
interface OracleAnswer {
  error: string;
  name: string;
  found: boolean;
  matches: Array<{ username: string; password: string; secret: string }>;
}

interface Observed {
  error: string | null;
  name: string;
  /** the user and password fingerprint sent first, null when the first match has none to send */
  first: { username: string; password: string } | null;
  /** "secret-N user" of every match, in order */
  matches: string[];
}

const root = mkdtempSync(join(tmpdir(), 'regauth-kubelet-upstream-'));
after(() => rmSync(root, { recursive: true, force: true }));

function manifest(secret: PullSecretCase, index: number): string {
  const data = Object.fromEntries(Object.entries(secret.data).map(([key, text]) => [key, Buffer.from(text, 'utf8').toString('base64')]));
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `secret-${index}`, namespace: 'default' }, type: secret.type, data }, null, 2)}\n`;
}

function oracleObserved(answer: OracleAnswer): Observed {
  if (answer.error !== '') return { error: answer.error, name: answer.name, first: null, matches: [] };
  const [first] = answer.matches;
  const sent = first !== undefined && first.username !== '' && first.password !== '' ? { username: first.username, password: first.password } : null;
  return { error: null, name: answer.name, first: sent, matches: answer.matches.map((match) => `${match.secret} ${match.username}`) };
}

function regauthObserved(resolution: Resolution, name: string, paths: readonly string[]): Observed {
  if (resolution.error !== null) return { error: resolution.error, name, first: null, matches: [] };
  const password = resolution.secretKind === 'password' ? resolution.credentials?.password?.reveal() ?? '' : '';
  const first = password !== '' && resolution.username !== null ? { username: resolution.username, password: fingerprint(password) } : null;
  const matches = (resolution.alternatives ?? []).map((item) => `secret-${paths.indexOf(item.configFile)} ${item.username ?? ''}`);
  return { error: null, name, first, matches };
}

/**
 * Entries of one secret that share a slot of the keyring come in Go map order: where regauth
 * says so, only which entries match is fixed, not their order nor which comes first.
 */
function unordered(observed: Observed): Observed {
  return { ...observed, first: null, matches: [...observed.matches].sort() };
}

async function regauthFor(item: KubeletUpstreamCase, index: number): Promise<{ observed: Observed; ambiguous: boolean }> {
  const dir = join(root, `case-${index}`);
  mkdirSync(dir, { recursive: true });
  const paths = item.secrets.map((secret, position) => {
    const path = join(dir, `secret-${position}.json`);
    writeFileSync(path, manifest(secret, position));
    return path;
  });
  const target = targetOfText(item.image);
  const resolution = await resolveFor('kubelet', target, resolveContext({ clients: ['kubelet'], env: { HOME: dir }, pullSecrets: paths }));
  const name = target.repository === null ? target.registry : `${target.registry}/${target.repository}`;
  return { observed: regauthObserved(resolution, name, paths), ambiguous: resolution.ambiguous };
}

const reply = await askOracle<{ release: string; answers: OracleAnswer[] }>(KUBELET_ORACLE, {
  cases: KUBELET_UPSTREAM_CASES.map((item) => ({
    image: item.image,
    pullSecrets: item.secrets.map((secret) => ({ type: secret.type, data: Object.fromEntries(Object.entries(secret.data).map(([key, text]) => [key, Buffer.from(text, 'utf8').toString('base64')])) })),
  })),
}, { timeoutMs: 60_000 });

test('the kubelet upstream cases cover the upstream tests they name', () => {
  assert.equal(reply.answers.length, KUBELET_UPSTREAM_CASES.length);
  const ids = new Set<string>();
  for (const item of KUBELET_UPSTREAM_CASES) {
    assert.ok(!ids.has(item.id), `two cases are called ${item.id}`);
    ids.add(item.id);
  }
  const upstream = new Set(KUBELET_UPSTREAM_CASES.map((item) => item.upstream));
  for (const name of ['TestURLsMatch', 'TestDockerKeyringForGlob', 'TestKeyringMiss', 'TestKeyringHitWithUnqualifiedDockerHub', 'TestIsDefaultRegistryMatch', 'TestDockerKeyringLookup', 'TestIssue3797', 'TestDockerConfigEntryJSONDecode', 'TestDecodeDockerConfigFieldAuth', 'TestDockerConfigJSONDecode', 'Test_MakeDockerKeyring']) {
    assert.ok(upstream.has(name), `no case follows ${name}`);
  }
});

for (const [index, item] of KUBELET_UPSTREAM_CASES.entries()) {
  test(`kubelet ${reply.release} (${item.upstream}): ${item.id}`, async () => {
    const answer = reply.answers[index];
    assert.ok(answer !== undefined, `${KUBELET_ORACLE} gave no answer`);
    const oracle = oracleObserved(answer);
    // the case still exercises what it says
    const users = oracle.error === null ? answer.matches.map((match) => match.username) : 'error';
    assert.deepEqual(users, item.expect, `the kubelet's code no longer does what the case expects (${oracle.error ?? 'no error'})`);
    const { observed, ambiguous } = await regauthFor(item, index);
    if (ambiguous) assert.deepEqual(unordered(observed), unordered(oracle));
    else assert.deepEqual(observed, oracle);
  });
}
