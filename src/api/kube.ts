/**
 * `kube`: which credentials the kubelet sends for the images of some kubectl output, from the pull
 * secrets the pods and their ServiceAccounts name, with kubectl commands that fix what is wrong.
 * The `kube` command and `kube()` both end in `analyseManifests`.
 */
import { analyseManifests, workloadView, type WorkloadView } from '../kube/report.js';
import { RegauthError, isRegauthError } from '../util/errors.js';
import { checkOptions } from './validate.js';

export interface KubeOptions {
  /**
   * kubectl output as YAML or JSON text, one document stream per item: pods, workloads with a pod
   * template (Deployment, StatefulSet, Job, CronJob…), their ServiceAccounts and Secrets, as
   * `kubectl get pods,serviceaccounts,secrets -n NS -o yaml` prints them
   */
  manifests: readonly string[];
  /** the namespace of objects that name none (like `-n`); default "default" */
  namespace?: string;
  /** also check each image's pull against its registry with the kubelet's credentials */
  check?: boolean;
  /** https without certificate verification, then plain http, for the checks */
  insecure?: boolean;
  /** the whole check's deadline per registry, in milliseconds; default 30 000 */
  timeoutMs?: number;
  /** the environment for the checks (proxies, CA bundle); default `process.env` */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What `regauth kube --json` prints, and its verdict. */
export interface KubeResult {
  workloads: WorkloadView[];
  /** false when a finding is an error, a pull fails, or (with `check`) a registry refuses one */
  ok: boolean;
}

/**
 * The kubelet's view of each workload's images: which Secret's entry it sends first, or why it
 * sends nothing, with the kubectl commands that fix it. Secrets are read, never returned.
 *
 * @example
 * const { ok, workloads } = await kube({ manifests: [execSync('kubectl get pods,sa,secrets -o yaml', { encoding: 'utf8' })] });
 */
export async function kube(options: KubeOptions): Promise<KubeResult> {
  checkOptions('kube', options, { manifests: 'string-list', namespace: 'string', check: 'boolean', insecure: 'boolean', timeoutMs: 'positive-number', env: 'env' });
  if (options?.manifests === undefined) throw new RegauthError('E_OPTIONS_INVALID', 'kube: manifests is required (kubectl output as YAML or JSON text)');
  const inputs = options.manifests.map((text, index) => ({ name: `manifests[${index}]`, text }));
  const analysis = analyseManifests(inputs, {
    namespace: options.namespace ?? 'default',
    check: options.check === true,
    insecure: options.insecure === true,
    timeoutMs: options.timeoutMs ?? 30_000,
    env: { ...(options.env ?? process.env) },
  });
  const { reports, checks, problem } = await analysis.catch((error: unknown) => {
    // the command's usage error is an options error here
    throw isRegauthError(error) && error.code === 'E_USAGE' ? new RegauthError('E_OPTIONS_INVALID', `kube: ${error.message}`, error.hint === undefined ? {} : { hint: error.hint }) : error;
  });
  return { workloads: reports.map((report) => workloadView(report, checks)), ok: !problem };
}
