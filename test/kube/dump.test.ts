import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../testbed/process.js';
import { asYaml, kubectlJson, list, patchLocal, regauthMain, type FindingJson, type KubeJson, type KubeObject } from './support.js';

/**
 * A namespace dump built only from objects the real kubectl printed: for every image, the
 * Secret the kubelet uses and the outcome; for every image that gets nothing, the finding; and
 * every advised kubectl command, run with --dry-run=client (or patch --local), repairs it.
 */
const PASSWORD = 'pw-for-the-test';
const dir = mkdtempSync(join(tmpdir(), 'regauth-kube-'));

async function secret(name: string, namespace: string, user: string, server: string | null): Promise<KubeObject> {
  const args = ['create', 'secret', 'docker-registry', name, `--docker-username=${user}`, `--docker-password=${PASSWORD}`, '-n', namespace, '--dry-run=client'];
  if (server !== null) args.push(`--docker-server=${server}`);
  return kubectlJson(args);
}

async function deployment(name: string, image: string, patch: unknown = null): Promise<KubeObject> {
  const created = await kubectlJson(['create', 'deployment', name, `--image=${image}`, '-n', 'team', '--dry-run=client']);
  return patch === null ? created : patchLocal(created, patch);
}

const pullSecrets = (...names: string[]) => ({ spec: { template: { spec: { imagePullSecrets: names.map((name) => ({ name })) } } } });

async function buildDump(): Promise<KubeObject[]> {
  const dockerconfig = JSON.stringify({ auths: { 'myreg.example.com': { auth: Buffer.from(`alice:${PASSWORD}`).toString('base64') } } });
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, dockerconfig);
  const oldTemplate = (await deployment('old', 'myreg.example.com/app')) as { spec: { template: { spec: Record<string, unknown> } } } & KubeObject;
  const admittedPod = await patchLocal(
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'old-7d9f', namespace: 'team' }, spec: { ...oldTemplate.spec.template.spec, serviceAccountName: 'builder' } } as KubeObject,
    { metadata: { uid: '0b7c1f55-5a3e-4c2b-9d6e-2f0a8a7c1e11' } },
  );
  return [
    await kubectlJson(['create', 'serviceaccount', 'default', '-n', 'team', '--dry-run=client']),
    await patchLocal(await kubectlJson(['create', 'serviceaccount', 'builder', '-n', 'team', '--dry-run=client']), { imagePullSecrets: [{ name: 'regcred' }] }),
    await secret('regcred', 'team', 'alice', 'myreg.example.com'),
    await secret('hubcred', 'team', 'bob', null),
    await secret('othercred', 'prod', 'carol', 'other.example.com'),
    await kubectlJson(['create', 'secret', 'generic', 'plain', `--from-file=.dockerconfigjson=${configFile}`, '-n', 'team', '--dry-run=client']),
    await kubectlJson(['create', 'secret', 'generic', 'twice', '--type=kubernetes.io/dockerconfigjson', `--from-literal=.dockerconfigjson=${Buffer.from(dockerconfig).toString('base64')}`, '-n', 'team', '--dry-run=client']),
    await deployment('web', 'myreg.example.com/app'),
    await deployment('build', 'myreg.example.com/team/app', { spec: { template: { spec: { serviceAccountName: 'builder' } } } }),
    await deployment('hub', 'bob/tool', pullSecrets('hubcred')),
    await deployment('priv', 'myreg.example.com:5000/app', pullSecrets('hubcred')),
    await deployment('api', 'other.example.com/app', pullSecrets('othercred')),
    await deployment('ghost', 'other.example.com/team/app', pullSecrets('nosuch')),
    await deployment('opaque', 'myreg.example.com/app', pullSecrets('plain')),
    await deployment('dbl', 'myreg.example.com/app', pullSecrets('twice')),
    await kubectlJson(['create', 'serviceaccount', 'default', '-n', 'batch', '--dry-run=client']),
    await kubectlJson(['create', 'cronjob', 'nightly', '--image=ubuntu', '--schedule=0 3 * * *', '-n', 'batch', '--dry-run=client']),
    await kubectlJson(['create', 'job', 'once', '--image=ubuntu', '-n', 'team', '--dry-run=client']),
    admittedPod,
  ];
}

async function analyse(objects: readonly KubeObject[], format: 'json' | 'yaml' = 'json', extra: string[] = []): Promise<KubeJson> {
  const file = join(dir, `dump-${Math.random().toString(36).slice(2)}.${format}`);
  writeFileSync(file, format === 'json' ? list(objects) : (await Promise.all(objects.map(asYaml))).join('---\n'));
  const result = await regauthMain(['kube', file, '--json', ...extra]);
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout) as KubeJson;
}

function container(report: KubeJson, workload: string) {
  const found = report.workloads.find((item) => item.name === workload);
  assert.ok(found, `workload ${workload} reported`);
  const [first] = found.containers;
  assert.ok(first);
  return { workload: found, container: first, findings: [...found.findings, ...first.findings] };
}

function ids(findings: readonly FindingJson[]): string[] {
  return findings.map((item) => item.id).sort();
}

describe('regauth kube on a namespace dump printed by kubectl', () => {
  let objects: KubeObject[] = [];
  let report: KubeJson;
  before(async () => {
    objects = await buildDump();
    report = await analyse(objects);
  });

  it('JSON List and multi-document YAML give the same answer', async () => {
    assert.deepEqual(stripPositions(await analyse(objects, 'yaml')), stripPositions(report));
  });

  it('every image: the Secret the kubelet uses and what it sends', () => {
    const outcomes = Object.fromEntries(
      report.workloads.map((workload) => [workload.name, workload.containers.map((item) => [item.outcome, item.secret, item.username, item.key])[0]]),
    );
    assert.deepEqual(outcomes, {
      web: ['anonymous', null, null, null],
      build: ['credentials', 'regcred', 'alice', 'myreg.example.com'],
      hub: ['credentials', 'hubcred', 'bob', 'https://index.docker.io/v1/'],
      priv: ['anonymous', null, null, null],
      api: ['anonymous', null, null, null],
      ghost: ['anonymous', null, null, null],
      opaque: ['anonymous', null, null, null],
      dbl: ['fails', null, null, null],
      nightly: ['anonymous', null, null, null],
      once: ['anonymous', null, null, null],
      'old-7d9f': ['anonymous', null, null, null],
    });
    assert.equal(container(report, 'build').workload.secretsFrom, 'serviceaccount');
    assert.equal(container(report, 'hub').workload.secretsFrom, 'pod');
    assert.equal(container(report, 'web').workload.secretsFrom, 'none');
  });

  it('why an image gets nothing, with file and line', () => {
    const expected: Record<string, string[]> = {
      web: ['kube.secret-not-attached'],
      priv: ['kube.secret-default-server'],
      api: ['kube.secret-other-namespace'],
      ghost: ['kube.secret-missing'],
      opaque: ['kube.secret-wrong-type'],
      dbl: ['kube.secret-double-base64'],
      nightly: ['kube.no-pull-secret'],
      once: ['kube.secret-not-attached'],
      'old-7d9f': ['kube.serviceaccount-changed-after-pod'],
      build: [],
      hub: [],
    };
    for (const [name, want] of Object.entries(expected)) assert.deepEqual(ids(container(report, name).findings), want, name);
    for (const finding of report.workloads.flatMap((workload) => [...workload.findings, ...workload.containers.flatMap((item) => item.findings)])) {
      assert.match(finding.file ?? '', /dump-.*\.json$/);
      assert.ok((finding.line ?? 0) > 1, `${finding.id} has a line`);
    }
    const other = container(report, 'api').findings[0];
    assert.match(other?.message ?? '', /in "prod"/);
    assert.ok(other?.advice[0]?.argv.includes('--docker-server=other.example.com'));
    for (const finding of report.workloads.flatMap((workload) => [...workload.findings, ...workload.containers.flatMap((item) => item.findings)])) {
      for (const advice of finding.advice) {
        assert.equal(advice.argv[0], 'kubectl', advice.command);
        assert.doesNotMatch(advice.command, /docker login/);
      }
    }
  });

  it('every advised kubectl command, run for real, makes the kubelet find the credential', async () => {
    for (const name of ['web', 'priv', 'api', 'ghost', 'opaque', 'dbl', 'nightly', 'once']) {
      const { container: image, findings } = container(report, name);
      const advice = findings.flatMap((finding) => finding.advice);
      assert.ok(advice.length > 0, `${name} has advice`);
      let fixed = objects;
      for (const step of advice) fixed = await apply(fixed, step.argv, image.image);
      const after = container(await analyse(fixed), name);
      assert.equal(after.container.outcome, 'credentials', `${name} after ${advice.map((step) => step.command).join(' && ')}`);
      assert.ok(after.container.username !== null);
      assert.deepEqual(after.findings.filter((finding) => finding.id !== 'kube.serviceaccount-changed-after-pod').map((finding) => finding.id), []);
    }
  });

  it('the pod admitted before its ServiceAccount got the secret is told to be re-created', () => {
    const advice = container(report, 'old-7d9f').findings[0]?.advice ?? [];
    assert.deepEqual(advice.map((step) => step.command), ['kubectl delete pod old-7d9f -n team']);
  });

  it('reads kubectl YAML from standard input (the real binary)', async () => {
    const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'regauth.js');
    const input = (await Promise.all(objects.map(asYaml))).join('---\n');
    const result = await run(process.execPath, [bin, 'kube', '-', '--json'], { input, timeoutMs: 60_000 });
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(stripPositions(JSON.parse(result.stdout) as KubeJson), stripPositions(report));
  });

  it('reports a YAML error with file:line:column', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n');
    const result = await regauthMain(['kube', broken]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`${broken.replace(/[.]/g, '\\.')}:4:1: Tabs are not allowed as indentation`));
  });
});

/** positions differ between the JSON and YAML forms; everything else must not */
function stripPositions(report: KubeJson): unknown {
  return JSON.parse(JSON.stringify(report, (key, value: unknown) => (['file', 'line', 'column'].includes(key) ? undefined : value)));
}

/** Runs one advised command with kubectl (client-side only) and returns the objects after it. */
async function apply(objects: KubeObject[], argv: string[], image: string): Promise<KubeObject[]> {
  const registry = image.split('/')[0] ?? '';
  const words = argv.slice(1).map((word) => word.replace('<password>', PASSWORD).replace('<username>', 'alice').replace('<registry>', registry));
  if (words[0] === 'create') {
    const created = await kubectlJson([...words, '--dry-run=client']);
    return replace(objects, created);
  }
  if (words[0] === 'patch') {
    const [, kind = '', name = ''] = words;
    const patch = words[words.indexOf('-p') + 1] ?? '';
    const namespace = words[words.indexOf('-n') + 1] ?? '';
    const target = objects.find((object) => object.kind.toLowerCase() === kind && object.metadata.name === name && object.metadata.namespace === namespace);
    assert.ok(target, `${kind} ${namespace}/${name} exists`);
    return replace(objects, await patchLocal(target, patch));
  }
  assert.fail(`unexpected advice: ${argv.join(' ')}`);
}

function replace(objects: KubeObject[], object: KubeObject): KubeObject[] {
  const same = (other: KubeObject) => other.kind === object.kind && other.metadata.name === object.metadata.name && other.metadata.namespace === object.metadata.namespace;
  return [...objects.filter((other) => !same(other)), object];
}

