import { PLAIN_STYLE, mark, type TerminalStyle } from '../symbols.js';
import type { PullAccess } from '../../registry/index.js';
import { checkResolution } from '../../resolve/access.js';
import { analyseInventory, type ContainerReport, type KubeFinding, type WorkloadReport } from '../../kube/analyse.js';
import { inventoryFrom, readManifestFile, readManifestStream, type ManifestText } from '../../kube/read.js';
import { RegauthError } from '../../util/errors.js';
import { parseCommandLine, parseSeconds } from '../args.js';
import type { Command } from '../main.js';
import { printJson, progress } from '../output.js';

const USAGE = [
  'regauth kube [FILE|-]... [-n NAMESPACE] [--check] [--insecure] [--timeout S] [--json]',
  '',
  'FILE: kubectl output as YAML or JSON — a pod, a workload (Deployment, StatefulSet, Job, CronJob…),',
  'or a dump: kubectl get pods,serviceaccounts,secrets -n NS -o yaml  (or -A for the whole cluster).',
  'Without FILE, or with "-", standard input is read.',
].join('\n');

interface CheckOutcome {
  pull: PullAccess;
  authenticated: boolean | null;
  problems: Array<{ id: string; summary: string }>;
}

export const kubeCommand: Command = async ({ argv, output, env, stdin }) => {
  const { values, positionals } = parseCommandLine('kube', argv);
  const timeoutSeconds = parseSeconds(values.timeout, '--timeout', 30);
  const inputs: ManifestText[] = [];
  const names = positionals.length === 0 ? ['-'] : positionals;
  if (names.filter((name) => name === '-').length > 1) throw new RegauthError('E_USAGE', 'standard input ("-") can be read only once', { hint: `usage: ${USAGE}` });
  for (const name of names) {
    if (name !== '-') {
      inputs.push(await readManifestFile(name));
      continue;
    }
    const stream = stdin();
    // nothing piped in: waiting on a terminal would look like a hang
    if ((stream as { isTTY?: boolean }).isTTY === true) throw new RegauthError('E_USAGE', 'no input: give a file, or pipe kubectl output in', { hint: `usage: ${USAGE.split('\n')[0]}` });
    inputs.push(await readManifestStream(stream));
  }
  const inventory = inventoryFrom(inputs, values.namespace ?? 'default');
  if (inventory.workloads.length === 0) {
    throw new RegauthError('E_USAGE', 'no pod or workload with a pod template in the input', { hint: 'give pods or workloads, e.g. kubectl get pods,serviceaccounts,secrets -n NS -o yaml' });
  }
  const reports = analyseInventory(inventory);
  const checks = new Map<ContainerReport, CheckOutcome>();
  if (values.check === true) {
    const done = progress(output, 'checking registries…');
    try {
      await checkAll(reports, checks, { env, insecure: values.insecure === true, timeoutMs: timeoutSeconds * 1000 });
    } finally {
      done();
    }
  }
  if (values.json === true) printJson(output, { workloads: reports.map((report) => workloadJson(report, checks)) });
  else output.out(renderReports(reports, checks, output.style ?? PLAIN_STYLE));
  const problem = reports.some((report) =>
    [...report.findings, ...report.containers.flatMap((container) => container.findings)].some((item) => item.severity === 'error') ||
    report.containers.some((container) => container.outcome === 'fails' || (checks.get(container)?.pull ?? 'granted') !== 'granted'));
  return problem ? 1 : 0;
};

/** One registry check per distinct image and credentials. */
async function checkAll(reports: WorkloadReport[], checks: Map<ContainerReport, CheckOutcome>, options: { env: NodeJS.ProcessEnv; insecure: boolean; timeoutMs: number }): Promise<void> {
  const done = new Map<string, Promise<CheckOutcome>>();
  for (const container of reports.flatMap((report) => report.containers)) {
    const { ref, resolution } = container;
    // an image that does not parse has no resolution
    if (ref === null || resolution === null || container.outcome === 'fails') continue;
    const cacheKey = `${ref.normalized}\u0000${container.secret ?? ''}\u0000${resolution.key ?? ''}\u0000${resolution.username ?? ''}`;
    let pending = done.get(cacheKey);
    if (pending === undefined) {
      pending = checkResolution(ref, resolution, { push: false, insecure: options.insecure, timeoutMs: options.timeoutMs }, options.env).then((report) => ({ pull: report.pull, authenticated: report.authenticated, problems: report.problems.map((problem) => ({ id: problem.id, summary: problem.summary })) }));
      done.set(cacheKey, pending);
    }
    checks.set(container, await pending);
  }
}

function workloadJson(report: WorkloadReport, checks: Map<ContainerReport, CheckOutcome>): Record<string, unknown> {
  return {
    kind: report.kind,
    name: report.name,
    namespace: report.namespace,
    file: report.source.file,
    line: report.source.pos.line,
    serviceAccount: report.serviceAccount,
    secretsFrom: report.secretsFrom,
    secrets: report.secrets.map((use) => ({ name: use.name, status: use.status, type: use.secretType, elsewhere: use.elsewhere })),
    findings: report.findings.map(findingJson),
    containers: report.containers.map((container) => ({
      name: container.container,
      image: container.image,
      outcome: container.outcome,
      secret: container.secret,
      key: container.resolution?.key ?? null,
      username: container.resolution?.username ?? null,
      error: container.resolution?.error ?? null,
      check: checks.get(container) ?? null,
      findings: container.findings.map(findingJson),
    })),
  };
}

function findingJson(finding: KubeFinding): Record<string, unknown> {
  return { ...finding, advice: finding.advice.map((advice) => ({ command: advice.text, argv: advice.argv, note: advice.note })) };
}

function renderReports(reports: WorkloadReport[], checks: Map<ContainerReport, CheckOutcome>, style: TerminalStyle): string {
  const lines: string[] = [];
  for (const report of reports) {
    const from = report.secretsFrom === 'pod' ? 'the pod' : report.secretsFrom === 'serviceaccount' ? `ServiceAccount "${report.serviceAccount}"` : 'nowhere';
    const names = report.secrets.map((use) => `${use.name} (${use.status})`).join(', ');
    lines.push(`${report.kind} ${report.namespace}/${report.name}  [${report.source.file}:${report.source.pos.line}]`);
    lines.push(`  pull secrets from ${from}${names === '' ? '' : `: ${names}`}`);
    for (const finding of report.findings) lines.push(...renderFinding(finding, style));
    for (const container of report.containers) {
      lines.push(`  ${container.container}: ${container.image}`);
      lines.push(`    kubelet ${outcomeText(container)}`);
      const check = checks.get(container);
      if (check !== undefined) {
        lines.push(`    registry: pull ${check.pull}${check.authenticated === false ? ' (credentials refused or needed)' : ''}`);
        for (const problem of check.problems) lines.push(`      ${mark('error', style)} ${problem.id}: ${problem.summary}`);
      }
      for (const finding of container.findings) lines.push(...renderFinding(finding, style));
    }
  }
  return lines.join('\n');
}

function outcomeText(container: ContainerReport): string {
  const resolution = container.resolution;
  if (container.outcome === 'fails') return `fails: ${resolution?.error ?? container.findings[0]?.message ?? 'invalid'}`;
  if (container.outcome === 'anonymous' || resolution === null) return 'sends no credentials';
  const more = (resolution.alternatives?.length ?? 1) > 1 ? ` (then ${(resolution.alternatives?.length ?? 1) - 1} more matching entries, tried in turn)` : '';
  return `sends user "${resolution.username ?? ''}" from Secret "${container.secret ?? '?'}" key "${resolution.key ?? ''}"${more}`;
}

function renderFinding(finding: KubeFinding, style: TerminalStyle): string[] {
  const where = finding.file === null ? '' : `${finding.file}${finding.line === null ? '' : `:${finding.line}:${finding.column ?? 1}`}: `;
  const sign = finding.severity === 'error' ? mark('error', style) : finding.severity === 'warning' ? mark('warning', style) : 'i';
  const lines = [`    ${sign} ${finding.id}: ${where}${finding.message}`];
  for (const advice of finding.advice) {
    lines.push(`      ${mark('arrow', style)} ${advice.text}`);
    if (advice.note !== null) lines.push(`        (${advice.note})`);
  }
  return lines;
}
