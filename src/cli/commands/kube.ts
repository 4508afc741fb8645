import { PLAIN_STYLE, mark, type TerminalStyle } from '../symbols.js';
import type { ContainerReport, KubeFinding, WorkloadReport } from '../../kube/analyse.js';
import { readManifestFile, readManifestStream, type ManifestText } from '../../kube/read.js';
import { analyseManifests, workloadView, type KubePullCheck } from '../../kube/report.js';
import { RegauthError } from '../../util/errors.js';
import { parseCommandLine, parseSeconds } from '../args.js';
import type { Command } from '../main.js';
import { printJson, progress } from '../output.js';
import { compileIpPatternsAhead } from '../ip-patterns.js';

const USAGE = [
  'regauth kube [FILE|-]... [-n NAMESPACE] [--check] [--insecure] [--timeout S] [--json]',
  '',
  'FILE: kubectl output as YAML or JSON — a pod, a workload (Deployment, StatefulSet, Job, CronJob…),',
  'or a dump: kubectl get pods,serviceaccounts,secrets -n NS -o yaml  (or -A for the whole cluster).',
  'Without FILE, or with "-", standard input is read.',
].join('\n');

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
  if (values.check === true) compileIpPatternsAhead();
  const done = values.check === true ? progress(output, 'checking registries…') : () => undefined;
  let analysis;
  try {
    analysis = await analyseManifests(inputs, { namespace: values.namespace ?? 'default', check: values.check === true, insecure: values.insecure === true, timeoutMs: timeoutSeconds * 1000, env });
  } finally {
    done();
  }
  const { reports, checks, problem } = analysis;
  if (values.json === true) printJson(output, { workloads: reports.map((report) => workloadView(report, checks)) });
  else output.out(renderReports(reports, checks, output.style ?? PLAIN_STYLE));
  return problem ? 1 : 0;
};

function renderReports(reports: WorkloadReport[], checks: ReadonlyMap<ContainerReport, KubePullCheck>, style: TerminalStyle): string {
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
