import type { Edit, EditPlan } from '../config/edit.js';
import type { Finding, Severity } from './finding.js';
import { SEVERITY_ORDER } from './finding.js';
import type { DoctorReport } from './run-checks.js';

export interface RenderOptions {
  json: boolean;
  /** wrap human text at this width; default 100 */
  width?: number;
}

/** `--json`: {"findings": [...], "checked": {...}}; otherwise text grouped by severity. */
export function renderReport(report: DoctorReport, options: RenderOptions): string {
  if (options.json) return JSON.stringify({ findings: report.findings.map(findingJson), checked: report.checked }, null, 2);
  return renderText(report, options.width ?? 100);
}

export function findingJson(finding: Finding): Record<string, unknown> {
  return {
    id: finding.id,
    severity: finding.severity,
    title: finding.title,
    detail: finding.detail,
    file: finding.file,
    line: finding.line,
    key: finding.key,
    fix: finding.fix,
    command: finding.command ?? null,
    ...(finding.choices === undefined ? {} : { choices: finding.choices }),
    ...(finding.readers === undefined ? {} : { readers: finding.readers }),
    ...(finding.storeInHelper === undefined ? {} : { storeInHelper: finding.storeInHelper }),
  };
}

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };
const MARKS: Record<Severity, string> = { error: 'x', warning: '!', info: '-' };

function renderText(report: DoctorReport, width: number): string {
  const lines: string[] = [summaryLine(report.findings)];
  for (const severity of SEVERITY_ORDER) {
    const group = report.findings.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `${HEADINGS[severity]}:`);
    for (const finding of group) lines.push(...renderFinding(finding, width));
  }
  lines.push('', ...renderChecked(report));
  return lines.join('\n');
}

function summaryLine(findings: Finding[]): string {
  if (findings.length === 0) return 'No problems found.';
  const count = (severity: Severity): number => findings.filter((finding) => finding.severity === severity).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'note')}.`;
}

function renderFinding(finding: Finding, width: number): string[] {
  const lines = [`  ${MARKS[finding.severity]} ${finding.title}  [${finding.id}]`];
  const where = [finding.file === null ? null : finding.line === null ? finding.file : `${finding.file}:${finding.line}`, finding.key === null ? null : `key ${JSON.stringify(finding.key)}`]
    .filter((part) => part !== null)
    .join(', ');
  if (where !== '') lines.push(...labelled('where', where, width));
  lines.push(...labelled('why', finding.detail, width));
  for (const fix of fixLines(finding)) lines.push(...labelled('fix', fix, width));
  return lines;
}

function fixLines(finding: Finding): string[] {
  const fixes: string[] = [];
  if (finding.fix !== null) fixes.push(`regauth fix  (${describePlan(finding.fix)})`);
  if (finding.storeInHelper !== undefined) fixes.push(`regauth fix  (${describeStore(finding.storeInHelper)})`);
  if (finding.choices !== undefined) fixes.push(`regauth fix --keep KEY, with KEY one of ${finding.choices.map((key) => JSON.stringify(key)).join(', ')}`);
  if (finding.command !== undefined) fixes.push(finding.command);
  return fixes;
}

export function describeStore(store: NonNullable<Finding['storeInHelper']>): string {
  return `store the credentials of auths[${JSON.stringify(store.key)}] in docker-credential-${store.helper} under ${JSON.stringify(store.serverURL)}`;
}

export function describePlan(plan: EditPlan): string {
  return plan.edits.map(describeEdit).join('; ');
}

function describeEdit(edit: Edit): string {
  switch (edit.kind) {
    case 'rename-key':
      return `rename ${edit.path[0]} key ${JSON.stringify(edit.path[1])} to ${JSON.stringify(edit.newKey)}`;
    case 'delete-key':
    case 'remove':
      return `remove ${formatPath(edit.path)}`;
    case 'set':
      return `set ${formatPath(edit.path)}`;
  }
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((segment, index) => (index === 0 ? String(segment) : `[${JSON.stringify(segment)}]`)).join('');
}

function renderChecked(report: DoctorReport): string[] {
  const { checked } = report;
  const { docker, podman, crane } = checked.clients;
  const exists = (yes: boolean): string => (yes ? '' : ' (does not exist)');
  const lines = [
    'Checked:',
    `  modelled: ${checked.dockerModel}`,
    `  Docker${checked.dockerVersion === null ? '' : ` ${checked.dockerVersion}`}: ${docker.configFile}${exists(docker.exists)} - ${docker.reason}${
      docker.credsStore === null ? '' : `; credsStore "${docker.credsStore}"`
    }`,
    `  podman/skopeo/buildah: ${podman.files.length === 0 ? 'no auth file' : podman.files.map((file) => `${file.path}${exists(file.exists)}`).join(', ')}`,
    `  crane: ${crane.file ?? 'no file (anonymous)'}${crane.file === null ? '' : ` - ${crane.reason}`}`,
    `  kubelet: ${checked.clients.kubelet.note}`,
  ];
  if (checked.resolved.length > 0) {
    lines.push(`  resolved every client for: ${checked.resolved.map((item) => `${item.image} (${item.summary})`).join('; ')}${checked.omitted > 0 ? `; ${checked.omitted} more images not resolved` : ''}`);
  }
  if (checked.helpers.length > 0) lines.push(`  helpers: ${checked.helpers.map((helper) => `${helper.name}${helper.installed ? '' : ' (missing)'}`).join(', ')}`);
  lines.push(`  registry check: ${checked.online ? 'done' : `skipped${checked.onlineSkipped === null ? '' : ` (${checked.onlineSkipped})`}`}`);
  for (const failed of checked.failedChecks) lines.push(`  check "${failed.name}" failed to run: ${failed.message}`);
  return lines;
}

function labelled(label: string, text: string, width: number): string[] {
  const first = `    ${`${label}:`.padEnd(6)} `;
  const indent = ' '.repeat(first.length);
  return wrap(text, width - first.length).map((line, index) => (index === 0 ? first : indent) + line);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}
