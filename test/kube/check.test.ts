import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closedPort, startConnectProxy } from '../testbed/connect-proxy.js';
import { loadTestbed } from '../testbed/testbed.js';
import { regauth } from '../cli/support.js';
import { kube } from '../../src/index.js';
import { kubectl, kubectlJson, list, patchLocal, type KubeJson, type KubeObject } from './support.js';

/** `regauth kube --check` against the offline registries, with Secrets kubectl created. */
const testbed = loadTestbed();
after(() => testbed.close());

async function secret(name: string, user: string, password: string, server: string | null, format: 'json' | 'yaml' = 'json'): Promise<string> {
  const args = ['create', 'secret', 'docker-registry', name, `--docker-username=${user}`, `--docker-password=${password}`, '-n', 'apps', '--dry-run=client', '-o', format];
  if (server !== null) args.push(`--docker-server=${server}`);
  return kubectl(args);
}

async function deployment(name: string, image: string, secretName: string): Promise<KubeObject> {
  const created = await kubectlJson(['create', 'deployment', name, `--image=${image}`, '-n', 'apps', '--dry-run=client']);
  return patchLocal(created, { spec: { template: { spec: { imagePullSecrets: [{ name: secretName }] } } } });
}

test('kube --check: the credentials the kubelet would send, proved against the registry', async () => {
  const dir = testbed.tempDir('kube-check');
  const objects: KubeObject[] = [
    JSON.parse(await secret('regcred', 'alice', testbed.user('alice').password, 'myreg.example.com')) as KubeObject,
    JSON.parse(await secret('stale', 'bob', 'not-the-password', 'myreg.example.com')) as KubeObject,
    JSON.parse(await secret('hubcred', 'carol', testbed.user('carol').password, null)) as KubeObject,
    await deployment('web', 'myreg.example.com/app', 'regcred'),
    await deployment('old', 'myreg.example.com/team/app', 'stale'),
    await deployment('hub', 'alice/app', 'hubcred'),
  ];
  const dump = join(dir, 'dump.json');
  writeFileSync(dump, list(objects));
  const result = await regauth(['kube', dump, '--check', '--json']);
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as KubeJson;
  const outcome = Object.fromEntries(report.workloads.map((workload) => [workload.name, [workload.containers[0]?.username, workload.containers[0]?.check?.pull]]));
  assert.deepEqual(outcome, { web: ['alice', 'granted'], old: ['bob', 'denied'], hub: ['carol', 'granted'] });
  // kube() is the same code path: the same report (its input is text, not a file) and verdict
  const library = await kube({ manifests: [readFileSync(dump, 'utf8')], check: true, env: testbed.env({}) });
  assert.equal(library.ok, false);
  const asFile = (workloads: unknown): string => JSON.stringify(workloads).replaceAll(JSON.stringify(dump).slice(1, -1), 'manifests[0]');
  assert.equal(asFile(library.workloads), asFile(report.workloads));
  const seen = await testbed.usersSeen('myreg', () => regauth(['kube', dump, '--check']));
  assert.ok(seen.users.includes('alice'), `registry saw ${JSON.stringify(seen)}`);
  assert.ok(seen.rejected.includes('bob'), `registry rejected ${JSON.stringify(seen)}`);
});

test('a YAML Secret kubectl printed, given to the kubelet resolver with --pull-secret', async () => {
  const dir = testbed.tempDir('kube-pull-secret');
  const file = join(dir, 'regcred.yaml');
  writeFileSync(file, await secret('regcred', 'alice', testbed.user('alice').password, 'myreg.example.com', 'yaml'));
  const resolved = await regauth(['resolve', 'myreg.example.com/app', '--client', 'kubelet', '--pull-secret', file, '--json']);
  assert.equal(resolved.code, 0, resolved.stderr);
  const [resolution] = (JSON.parse(resolved.stdout) as { results: Array<{ username: string; key: string; configFile: string }> }).results;
  assert.deepEqual([resolution?.username, resolution?.key, resolution?.configFile], ['alice', 'myreg.example.com', file]);
  const checked = await regauth(['check', 'myreg.example.com/app', '--client', 'kubelet', '--pull-secret', file, '--json']);
  assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  assert.equal((JSON.parse(checked.stdout) as { pull: string }).pull, 'granted');
});

test('kube --check and check --client kubelet take the same way through HTTPS_PROXY: one through a proxy that tunnels, the same problem from one that refuses', async () => {
  const dir = testbed.tempDir('kube-check-proxy');
  const secretJson = await secret('regcred', 'alice', testbed.user('alice').password, 'myreg.example.com');
  const secretFile = join(dir, 'regcred.json');
  writeFileSync(secretFile, secretJson);
  const dump = join(dir, 'dump.json');
  writeFileSync(dump, list([JSON.parse(secretJson) as KubeObject, await deployment('web', 'myreg.example.com/app', 'regcred')]));
  const both = async (env: Record<string, string>): Promise<{ kube: { pull: string; problems: Array<{ id: string }> }; check: { pull: string; problems: Array<{ id: string }> } }> => {
    const kube = await regauth(['kube', dump, '--check', '--json'], { env });
    const check = await regauth(['check', 'myreg.example.com/app', '--client', 'kubelet', '--pull-secret', secretFile, '--json'], { env });
    const kubeCheck = (JSON.parse(kube.stdout) as KubeJson).workloads[0]?.containers[0]?.check as { pull: string; problems: Array<{ id: string }> };
    return { kube: kubeCheck, check: JSON.parse(check.stdout) as { pull: string; problems: Array<{ id: string }> } };
  };
  const ids = (problems: Array<{ id: string }>): string[] => problems.map((problem) => problem.id).sort();

  const proxy = await startConnectProxy();
  try {
    const through = await both({ HTTPS_PROXY: proxy.url });
    assert.deepEqual([through.kube.pull, through.check.pull], ['granted', 'granted']);
    assert.equal(proxy.connects.filter((record) => record.target === 'myreg.example.com:443' && record.allowed).length >= 2, true, JSON.stringify(proxy.connects));
  } finally {
    await proxy.close();
  }

  const refused = await both({ HTTPS_PROXY: `http://127.0.0.1:${await closedPort()}` });
  assert.notEqual(refused.kube.pull, 'granted');
  assert.deepEqual(ids(refused.kube.problems), ids(refused.check.problems));
  assert.ok(ids(refused.kube.problems).includes('proxy-error'), JSON.stringify(refused.kube.problems));
});
