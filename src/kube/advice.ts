import { TEMPLATE_PATHS, type Workload } from './objects.js';

/**
 * Fixes for a pull that gets no credentials, as kubectl commands: pull secrets live in the
 * cluster, so `docker login` on a workstation never helps the kubelet. `<…>` marks a value
 * only the user knows.
 */
export interface KubectlAdvice {
  argv: string[];
  /** argv as one shell-quoted line */
  text: string;
  note: string | null;
}

export const PASSWORD_PLACEHOLDER = '<password>';
export const USERNAME_PLACEHOLDER = '<username>';

function advice(argv: string[], note: string | null = null): KubectlAdvice {
  return { argv, text: argv.map(shellQuote).join(' '), note };
}

export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if (/^--[a-z-]+=<[a-z]+>$/.test(word) || /^<[a-z]+>$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `kubectl create secret docker-registry`: --docker-server is the key the kubelet matches;
 * without it kubectl writes https://index.docker.io/v1/, which matches Docker Hub only.
 */
export function createSecretAdvice(name: string, namespace: string, server: string | null, username: string | null, replace = false): KubectlAdvice {
  const argv = ['kubectl', 'create', 'secret', 'docker-registry', name];
  argv.push(`--docker-server=${server ?? '<registry>'}`, `--docker-username=${username || USERNAME_PLACEHOLDER}`, `--docker-password=${PASSWORD_PLACEHOLDER}`, '-n', namespace);
  return advice(argv, replace ? `delete the broken one first: kubectl delete secret ${shellQuote(name)} -n ${shellQuote(namespace)}` : null);
}

/** The list is replaced as a whole by this patch: every secret the account keeps is listed. */
export function patchServiceAccountAdvice(account: string, namespace: string, secretNames: string[]): KubectlAdvice {
  const patch = JSON.stringify({ imagePullSecrets: unique(secretNames).map((name) => ({ name })) });
  return advice(['kubectl', 'patch', 'serviceaccount', account, '-p', patch, '-n', namespace], 'pods get their ServiceAccount\'s pull secrets when they are created: restart existing ones');
}

export function patchWorkloadAdvice(workload: Workload, secretNames: string[]): KubectlAdvice {
  const path = TEMPLATE_PATHS[workload.kind] ?? ['spec'];
  let patch: unknown = { imagePullSecrets: unique(secretNames).map((name) => ({ name })) };
  for (const key of [...path].reverse()) patch = { [key]: patch };
  return advice(['kubectl', 'patch', workload.kind.toLowerCase(), workload.name, '-p', JSON.stringify(patch), '-n', workload.namespace]);
}

export function recreatePodAdvice(workload: Workload): KubectlAdvice {
  return advice(['kubectl', 'delete', 'pod', workload.name, '-n', workload.namespace], "a pod's pull secrets are fixed when it is created: a controller-owned pod is replaced with the new list; re-create a bare pod from its manifest");
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
