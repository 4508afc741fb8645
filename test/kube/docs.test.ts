import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubectlJson, regauthMain, type KubeJson, type KubeObject } from './support.js';

const DOC = fileURLToPath(new URL('../../../docs/kubernetes.md', import.meta.url));

test('docs/kubernetes.md: the in-cluster manifests are valid objects, read-only, and regauth kube reads the CronJob', async () => {
  const block = /```yaml\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))?.[1];
  assert.ok(block !== undefined, 'the YAML block is there');
  const objects: KubeObject[] = [];
  for (const document of block.split(/^---$/m)) objects.push(await kubectlJson(['patch', '--local', '-f', '-', '-p', '{}'], document));
  assert.deepEqual(objects.map((object) => object.kind), ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'CronJob']);
  const role = objects[2] as KubeObject & { rules: Array<{ verbs: string[]; resources: string[] }> };
  assert.deepEqual(role.rules.flatMap((rule) => rule.verbs).sort(), ['get', 'list']);
  assert.deepEqual(role.rules.flatMap((rule) => rule.resources).sort(), ['pods', 'secrets', 'serviceaccounts']);
  const file = join(mkdtempSync(join(tmpdir(), 'regauth-kube-doc-')), 'manifests.yaml');
  writeFileSync(file, block);
  const result = await regauthMain(['kube', file, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const [cronJob] = (JSON.parse(result.stdout) as KubeJson).workloads;
  assert.deepEqual([cronJob?.kind, cronJob?.namespace, cronJob?.containers[0]?.findings.map((finding) => finding.id)], ['CronJob', 'regauth', ['kube.no-pull-secret']]);
});
