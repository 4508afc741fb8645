import { resolveKubelet } from '../clients/kubelet.js';
import type { Resolution } from '../clients/model.js';
import { decodeSecretObject, type KubeletSecretViewDetail } from '../config/kube-secret.js';
import type { LoadedFile } from '../config/model.js';
import { parseImageRef } from '../reference/parse.js';
import type { ImageRef } from '../reference/model.js';
import { isRegauthError } from '../util/errors.js';
import type { Position } from '../util/trace.js';
import { createSecretAdvice, patchServiceAccountAdvice, patchWorkloadAdvice, recreatePodAdvice, type KubectlAdvice } from './advice.js';
import type { KubeInventory, SecretObject, Source, Workload } from './objects.js';

/**
 * For every container image: the pull secrets the kubelet is given (the pod's imagePullSecrets;
 * a pod that lists none gets its ServiceAccount's at admission), what the kubelet resolver
 * makes of them, and — when nothing is sent — why, with the kubectl commands that fix it.
 */

/** What kubectl stores when `kubectl create secret docker-registry` is run without --docker-server. */
export const KUBECTL_DEFAULT_SERVER = 'https://index.docker.io/v1/';

export type SecretStatus = 'ok' | 'missing' | 'wrong-type' | 'no-data' | 'invalid';

export interface SecretUse {
  name: string;
  status: SecretStatus;
  /** other namespaces that hold a Secret of this name (when missing) */
  elsewhere: string[];
  /** the registry and user of the first such Secret, to re-create it where it is needed */
  elsewhereEntry: { server: string; username: string } | null;
  secretType: string | null;
  source: Source | null;
  view: KubeletSecretViewDetail | null;
}

/** What a finding about a workload says, and where. */
export interface KubeFindingBase {
  id: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
}

export interface KubeFinding extends KubeFindingBase {
  advice: KubectlAdvice[];
}

export interface ContainerReport {
  container: string;
  image: string;
  ref: ImageRef | null;
  /** 'credentials': the kubelet sends them; 'anonymous': it pulls without; 'fails': the keyring is broken, the pull fails */
  outcome: 'credentials' | 'anonymous' | 'fails';
  /** the Secret whose entry the kubelet sends first */
  secret: string | null;
  resolution: Resolution | null;
  findings: KubeFinding[];
}

export interface WorkloadReport {
  kind: string;
  name: string;
  namespace: string;
  source: Source;
  /** where the pull-secret list comes from */
  secretsFrom: 'pod' | 'serviceaccount' | 'none';
  serviceAccount: string;
  secrets: SecretUse[];
  findings: KubeFinding[];
  containers: ContainerReport[];
}

export function analyseInventory(inventory: KubeInventory): WorkloadReport[] {
  return inventory.workloads.map((workload) => analyseWorkload(workload, inventory));
}

function analyseWorkload(workload: Workload, inventory: KubeInventory): WorkloadReport {
  const { namespace } = workload;
  const serviceAccount = inventory.serviceAccounts.find((account) => account.namespace === namespace && account.name === workload.spec.serviceAccount) ?? null;
  const findings: KubeFinding[] = [];
  let secretsFrom: WorkloadReport['secretsFrom'] = 'none';
  let references = workload.spec.imagePullSecrets;
  if (references.length > 0) secretsFrom = 'pod';
  else if (!workload.admitted && serviceAccount !== null && serviceAccount.imagePullSecrets.length > 0) {
    secretsFrom = 'serviceaccount';
    references = serviceAccount.imagePullSecrets;
  } else if (workload.admitted && serviceAccount !== null && serviceAccount.imagePullSecrets.length > 0) {
    findings.push(
      finding('kube.serviceaccount-changed-after-pod', 'warning',
        `ServiceAccount "${serviceAccount.name}" lists imagePullSecrets, but this pod was created before they were added: a pod gets its ServiceAccount's pull secrets only when it is created`,
        workload.source, [recreatePodAdvice(workload)]),
    );
  }
  const secrets = references.map((reference) => secretUse(reference.name, namespace, inventory));
  for (const use of secrets) findings.push(...secretFindings(use, workload, reference(references, use.name)));
  const views = secrets.flatMap((use) => (use.view === null || use.status !== 'ok' ? [] : [use.view]));
  const containers = workload.spec.containers.map((container) => {
    const report = analyseImage(container.image, views, secrets);
    report.container = container.name;
    if (report.outcome === 'anonymous' && report.ref !== null) {
      report.findings.push(...whyAnonymous(report.ref, workload, secrets, secretsFrom, inventory, serviceAccount?.imagePullSecrets.map((item) => item.name) ?? [], container.pos));
    }
    return report;
  });
  return { kind: workload.kind, name: workload.name, namespace, source: workload.source, secretsFrom, serviceAccount: workload.spec.serviceAccount, secrets, findings, containers };
}

function reference(references: ReadonlyArray<{ name: string; pos: Position }>, name: string): Position | null {
  return references.find((item) => item.name === name)?.pos ?? null;
}

function secretUse(name: string, namespace: string, inventory: KubeInventory): SecretUse {
  const found = inventory.secrets.find((item) => item.namespace === namespace && item.name === name);
  if (found === undefined) {
    const others = inventory.secrets.filter((item) => item.name === name);
    const elsewhere = [...new Set(others.map((item) => item.namespace))].sort();
    const entry = others.length === 0 ? undefined : decodeSecret(others[0] as SecretObject).auths[0];
    const elsewhereEntry = entry === undefined ? null : { server: entry.key, username: entry.username };
    return { name, status: 'missing', elsewhere, elsewhereEntry, secretType: null, source: null, view: null };
  }
  const view = decodeSecret(found);
  const status: SecretStatus =
    view.dataKey === null ? 'wrong-type' : view.parseError !== null ? 'invalid' : view.auths.length === 0 ? 'no-data' : 'ok';
  return { name, status, elsewhere: [], elsewhereEntry: null, secretType: view.secretType, source: found.source, view };
}

export function decodeSecret(secret: SecretObject): KubeletSecretViewDetail {
  const file: LoadedFile = { path: secret.source.file, format: 'pull-secret', exists: true, text: '', ioError: null };
  return decodeSecretObject(file, secret.object);
}

function secretFindings(use: SecretUse, workload: Workload, referencePos: Position | null): KubeFinding[] {
  const at: Source = { file: workload.source.file, pos: referencePos ?? workload.source.pos };
  const where = `${workload.namespace}/${use.name}`;
  switch (use.status) {
    case 'missing':
      if (use.elsewhere.length > 0) {
        return [
          finding('kube.secret-other-namespace', 'error',
            `Secret "${use.name}" is not in namespace "${workload.namespace}" but in ${use.elsewhere.map((ns) => `"${ns}"`).join(', ')}: a pod can only use pull secrets of its own namespace (the kubelet reports "Unable to retrieve some image pull secrets")`,
            at, [createSecretAdvice(use.name, workload.namespace, use.elsewhereEntry?.server ?? null, use.elsewhereEntry?.username ?? null)]),
        ];
      }
      return [
        finding('kube.secret-missing', 'error',
          `Secret "${where}" does not exist: the kubelet reports "Unable to retrieve some image pull secrets" and pulls without it`,
          at, [createSecretAdvice(use.name, workload.namespace, null, null)]),
      ];
    case 'wrong-type':
      return [
        finding('kube.secret-wrong-type', 'error',
          `Secret "${where}" has type "${use.secretType || '(none)'}": the kubelet uses only kubernetes.io/dockerconfigjson and kubernetes.io/dockercfg secrets and ignores this one`,
          use.source ?? at, [createSecretAdvice(use.name, workload.namespace, null, null, true)]),
      ];
    case 'no-data':
      return [finding('kube.secret-empty', 'error', `Secret "${where}" holds no registry entries: the kubelet gets no credentials from it`, use.source ?? at, [createSecretAdvice(use.name, workload.namespace, null, null, true)])];
    case 'invalid': {
      const error = use.view?.parseError;
      const twice = use.view?.warnings.find((warning) => warning.id.endsWith('double-base64'));
      const pos = error?.pos ?? null;
      return [
        finding(twice === undefined ? 'kube.secret-invalid' : 'kube.secret-double-base64', 'error',
          `Secret "${where}" cannot be decoded (${twice?.message ?? error?.message ?? 'invalid'}): one bad pull secret fails the whole keyring, so every pull of this pod fails`,
          pos === null ? (use.source ?? at) : { file: use.source?.file ?? at.file, pos }, [createSecretAdvice(use.name, workload.namespace, null, null, true)]),
      ];
    }
    case 'ok':
      return [];
  }
}

/** The kubelet's answer for one image, given the pod's usable secrets in order. */
export function analyseImage(image: string, views: KubeletSecretViewDetail[], secrets: readonly SecretUse[]): ContainerReport {
  let ref: ImageRef;
  try {
    ref = parseImageRef(image);
  } catch (error) {
    const message = isRegauthError(error) ? error.message : String(error);
    return { container: '', image, ref: null, outcome: 'fails', secret: null, resolution: null, findings: [finding('kube.image-invalid', 'error', `image "${image}" is not a valid reference: ${message}`, null, [])] };
  }
  const broken = secrets.some((use) => use.status === 'invalid');
  const resolution = resolveKubelet({ name: ref.name, registry: ref.registry, secrets: broken ? secrets.flatMap((use) => (use.view === null ? [] : [use.view])).filter((view) => view.dataKey !== null) : views });
  if (resolution.error !== null) return { container: '', image, ref, outcome: 'fails', secret: null, resolution, findings: [] };
  if (resolution.credentials === null) return { container: '', image, ref, outcome: 'anonymous', secret: null, resolution, findings: [] };
  const secret = secrets.find((use) => use.status === 'ok' && use.view?.auths.some((entry) => entry.key === resolution.key) === true)?.name ?? null;
  return { container: '', image, ref, outcome: 'credentials', secret, resolution, findings: [] };
}

function whyAnonymous(
  ref: ImageRef,
  workload: Workload,
  secrets: readonly SecretUse[],
  secretsFrom: WorkloadReport['secretsFrom'],
  inventory: KubeInventory,
  accountSecrets: string[],
  containerPos: Position,
): KubeFinding[] {
  const at: Source = { file: workload.source.file, pos: containerPos };
  const server = serverFor(ref);
  const usable = secrets.filter((use) => use.status === 'ok');
  const findings: KubeFinding[] = [];
  for (const use of usable) {
    const keys = use.view?.auths.map((entry) => entry.key) ?? [];
    const username = use.view?.auths[0]?.username ?? null;
    if (keys.length > 0 && keys.every((key) => key === KUBECTL_DEFAULT_SERVER)) {
      // a new Secret beside the old one: the old one may serve Docker Hub images elsewhere
      const name = suggestedSecretName(ref);
      findings.push(
        finding('kube.secret-default-server', 'error',
          `Secret "${workload.namespace}/${use.name}" only has an entry for "${KUBECTL_DEFAULT_SERVER}" (kubectl's default when --docker-server is not given), which does not match ${ref.registry}`,
          use.source ?? at, [createSecretAdvice(name, workload.namespace, server, username), ...attachAdvice(workload, name, secretsFrom, accountSecrets)]),
      );
    } else if (keys.length > 0) {
      findings.push(
        finding('kube.secret-other-registry', 'warning',
          `Secret "${workload.namespace}/${use.name}" has entries for ${keys.map((key) => `"${key}"`).join(', ')}, none of which matches ${ref.name}`,
          use.source ?? at, []),
      );
    }
  }
  if (secrets.some((use) => use.status !== 'ok') || findings.some((item) => item.id === 'kube.secret-default-server')) return findings;
  // nothing attached matches: is there a Secret in the namespace that would?
  const candidate = inventory.secrets
    .filter((secret) => secret.namespace === workload.namespace)
    .find((secret) => {
      const view = decodeSecret(secret);
      return view.parseError === null && view.dataKey !== null && resolveKubelet({ name: ref.name, registry: ref.registry, secrets: [view] }).credentials !== null;
    });
  // an admitted pod whose ServiceAccount gained the secret later: reported once for the pod
  if (candidate !== undefined && workload.admitted && accountSecrets.includes(candidate.name)) return findings;
  if (candidate !== undefined) {
    const advice = attachAdvice(workload, candidate.name, secretsFrom, accountSecrets);
    return [
      ...findings,
      finding('kube.secret-not-attached', 'error',
        `Secret "${workload.namespace}/${candidate.name}" has credentials for ${ref.registry}, but neither the pod nor its ServiceAccount "${workload.spec.serviceAccount}" lists it in imagePullSecrets`,
        at, advice),
    ];
  }
  if (findings.length > 0) return findings;
  if (secretsFrom === 'none') {
    const name = suggestedSecretName(ref);
    return [
      finding('kube.no-pull-secret', 'info',
        `no pull secret is attached (pod or ServiceAccount "${workload.spec.serviceAccount}"): the kubelet pulls ${ref.name} without credentials, which works only for public images`,
        at, [createSecretAdvice(name, workload.namespace, server, null), ...attachAdvice(workload, name, secretsFrom, accountSecrets)]),
    ];
  }
  return [finding('kube.no-matching-entry', 'warning', `no attached pull secret has an entry for ${ref.registry}: the kubelet pulls ${ref.name} without credentials`, at, [])];
}

function attachAdvice(workload: Workload, secretName: string, secretsFrom: WorkloadReport['secretsFrom'], accountSecrets: string[]): KubectlAdvice[] {
  if (secretsFrom === 'pod') {
    return workload.admitted ? [recreatePodAdvice(workload)] : [patchWorkloadAdvice(workload, [...workload.spec.imagePullSecrets.map((item) => item.name), secretName])];
  }
  const advice = accountSecrets.includes(secretName) ? [] : [patchServiceAccountAdvice(workload.spec.serviceAccount, workload.namespace, [...accountSecrets, secretName])];
  if (workload.admitted) advice.push(recreatePodAdvice(workload));
  return advice;
}

/** what --docker-server must say so the kubelet's keyring matches the image */
export function serverFor(ref: ImageRef): string {
  return ref.registry === 'docker.io' ? KUBECTL_DEFAULT_SERVER : ref.registry;
}

function suggestedSecretName(ref: ImageRef): string {
  const base = ref.registry === 'docker.io' ? 'dockerhub' : ref.registry.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();
  return `${base.replace(/^-+|-+$/g, '')}-pull`.slice(0, 253);
}

function finding(id: string, severity: KubeFinding['severity'], message: string, source: Source | null, advice: KubectlAdvice[]): KubeFinding {
  return { id, severity, message, file: source?.file ?? null, line: source?.pos.line ?? null, column: source?.pos.column ?? null, advice };
}
