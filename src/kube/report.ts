/**
 * What `regauth kube` and `kube()` report for the workloads of some kubectl output: the
 * analysis (src/kube/analyse.ts), optionally each image's pull checked against its registry
 * with the credentials the kubelet sends, and one verdict. The command and the library
 * function both end here.
 */
import type { PullAccess } from '../registry/index.js';
import { checkResolution } from '../resolve/access.js';
import { analyseInventory, type ContainerReport, type KubeFinding, type KubeFindingBase, type SecretStatus, type WorkloadReport } from './analyse.js';
import { inventoryFrom, type ManifestText } from './read.js';
import { RegauthError } from '../util/errors.js';

/** The registry's answer to a pull with the kubelet's credentials. */
export interface KubePullCheck {
  pull: PullAccess;
  authenticated: boolean | null;
  problems: Array<{ id: string; summary: string }>;
}

export interface KubeAnalysis {
  reports: WorkloadReport[];
  /** per container, when checked */
  checks: Map<ContainerReport, KubePullCheck>;
  /** an error finding, a pull that fails, or a pull the registry refuses */
  problem: boolean;
}

export interface KubeAnalysisOptions {
  namespace: string;
  check: boolean;
  insecure: boolean;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
}

export async function analyseManifests(inputs: readonly ManifestText[], options: KubeAnalysisOptions): Promise<KubeAnalysis> {
  const inventory = inventoryFrom(inputs, options.namespace);
  if (inventory.workloads.length === 0) {
    throw new RegauthError('E_USAGE', 'no pod or workload with a pod template in the input', { hint: 'give pods or workloads, e.g. kubectl get pods,serviceaccounts,secrets -n NS -o yaml' });
  }
  const reports = analyseInventory(inventory);
  const checks = options.check ? await checkPulls(reports, options) : new Map<ContainerReport, KubePullCheck>();
  const problem = reports.some((report) =>
    [...report.findings, ...report.containers.flatMap((container) => container.findings)].some((item) => item.severity === 'error') ||
    report.containers.some((container) => container.outcome === 'fails' || (checks.get(container)?.pull ?? 'granted') !== 'granted'));
  return { reports, checks, problem };
}

/** One registry check per distinct image and credentials. */
async function checkPulls(reports: WorkloadReport[], options: KubeAnalysisOptions): Promise<Map<ContainerReport, KubePullCheck>> {
  const checks = new Map<ContainerReport, KubePullCheck>();
  const done = new Map<string, Promise<KubePullCheck>>();
  for (const container of reports.flatMap((report) => report.containers)) {
    const { ref, resolution } = container;
    // an image that does not parse has no resolution
    if (ref === null || resolution === null || container.outcome === 'fails') continue;
    const cacheKey = `${ref.normalized}\u0000${container.secret ?? ''}\u0000${resolution.key ?? ''}\u0000${resolution.username ?? ''}`;
    let pending = done.get(cacheKey);
    if (pending === undefined) {
      pending = checkResolution(ref, resolution, { push: false, insecure: options.insecure, timeoutMs: options.timeoutMs }, options.env).then((report) => ({
        pull: report.pull,
        authenticated: report.authenticated,
        problems: report.problems.map((problem) => ({ id: problem.id, summary: problem.summary })),
      }));
      done.set(cacheKey, pending);
    }
    checks.set(container, await pending);
  }
  return checks;
}

/** A finding as `kube --json` prints it: each kubectl fix as one command line and as argv. */
export interface KubeFindingView extends KubeFindingBase {
  advice: Array<{ command: string; argv: string[]; note: string | null }>;
}

/** One workload as `regauth kube --json` prints it. No secrets. */
export interface WorkloadView {
  kind: string;
  name: string;
  namespace: string;
  file: string;
  line: number;
  serviceAccount: string;
  secretsFrom: 'pod' | 'serviceaccount' | 'none';
  secrets: Array<{ name: string; status: SecretStatus; type: string | null; elsewhere: string[] }>;
  findings: KubeFindingView[];
  containers: Array<{
    name: string;
    image: string;
    outcome: ContainerReport['outcome'];
    secret: string | null;
    key: string | null;
    username: string | null;
    error: string | null;
    check: KubePullCheck | null;
    findings: KubeFindingView[];
  }>;
}

export function workloadView(report: WorkloadReport, checks: ReadonlyMap<ContainerReport, KubePullCheck>): WorkloadView {
  return {
    kind: report.kind,
    name: report.name,
    namespace: report.namespace,
    file: report.source.file,
    line: report.source.pos.line,
    serviceAccount: report.serviceAccount,
    secretsFrom: report.secretsFrom,
    secrets: report.secrets.map((use) => ({ name: use.name, status: use.status, type: use.secretType, elsewhere: use.elsewhere })),
    findings: report.findings.map(findingView),
    containers: report.containers.map((container) => ({
      name: container.container,
      image: container.image,
      outcome: container.outcome,
      secret: container.secret,
      key: container.resolution?.key ?? null,
      username: container.resolution?.username ?? null,
      error: container.resolution?.error ?? null,
      check: checks.get(container) ?? null,
      findings: container.findings.map(findingView),
    })),
  };
}

function findingView(finding: KubeFinding): KubeFindingView {
  return { ...finding, advice: finding.advice.map((advice) => ({ command: advice.text, argv: advice.argv, note: advice.note })) };
}
