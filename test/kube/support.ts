import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { run } from '../testbed/process.js';

/**
 * Every Kubernetes object these tests read is printed by the real kubectl (client-side dry
 * runs and `patch --local`: no cluster needed).
 */
export const KUBECTL = '/usr/bin/kubectl';

export type KubeObject = { kind: string; metadata: { name: string; namespace?: string; [key: string]: unknown }; [key: string]: unknown };

export async function kubectl(args: readonly string[], input?: string): Promise<string> {
  const result = await run(KUBECTL, args, { timeoutMs: 60_000, ...(input === undefined ? {} : { input }), env: { ...process.env, KUBECONFIG: '/dev/null' } });
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export async function kubectlJson(args: readonly string[], input?: string): Promise<KubeObject> {
  return JSON.parse(await kubectl([...args, '-o', 'json'], input)) as KubeObject;
}

/** kubectl patch --local: the object as kubectl prints it after a (strategic merge) patch */
export async function patchLocal(object: KubeObject, patch: unknown): Promise<KubeObject> {
  return kubectlJson(['patch', '--local', '-f', '-', '-p', typeof patch === 'string' ? patch : JSON.stringify(patch)], JSON.stringify(object));
}

export async function asYaml(object: KubeObject): Promise<string> {
  return kubectl(['patch', '--local', '-f', '-', '-p', '{}', '-o', 'yaml'], JSON.stringify(object));
}

export function list(objects: readonly KubeObject[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } }, null, 4);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** regauth's own main(), in process, output captured */
export async function regauthMain(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const output: Output = { out: (text) => void (stdout += `${text}\n`), err: (text) => void (stderr += `${text}\n`), isTTY: false, debug: () => undefined };
  const code = await main(argv, output);
  return { code, stdout, stderr };
}

export interface KubeJson {
  workloads: Array<{
    kind: string;
    name: string;
    namespace: string;
    secretsFrom: string;
    secrets: Array<{ name: string; status: string }>;
    findings: FindingJson[];
    containers: Array<{ name: string; image: string; outcome: string; secret: string | null; key: string | null; username: string | null; check: { pull: string } | null; findings: FindingJson[] }>;
  }>;
}

export interface FindingJson {
  id: string;
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  advice: Array<{ command: string; argv: string[]; note: string | null }>;
}
