#!/usr/bin/env node
// The script of action.yml: runs `regauth doctor --json [IMAGE] [--push]` and turns each finding
// into a GitHub Actions workflow command (::error / ::warning / ::notice with file and line), a
// job summary, and the step outputs `errors` and `warnings`. Exits as doctor does (0, 1 or 2).
//
// Inputs (environment, as action.yml passes them): INPUT_IMAGE, INPUT_PUSH ("true"/"false"),
// INPUT_ARGS (more doctor options); GitHub's GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

const LEVELS = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of workflow command data and properties (actions/toolkit, command.ts). */
function escapeData(text) {
  return String(text).replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
function escapeProperty(text) {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function workspacePath(file, workspace) {
  if (!workspace || !isAbsolute(file)) return file;
  const inside = relative(workspace, file);
  return inside.startsWith('..') ? file : inside;
}

export function annotation(finding, workspace) {
  const properties = [];
  if (finding.file) properties.push(`file=${escapeProperty(workspacePath(finding.file, workspace))}`);
  if (finding.line) properties.push(`line=${finding.line}`);
  properties.push(`title=${escapeProperty(`regauth ${finding.id}`)}`);
  const fix = finding.fix ? ' Fix: regauth fix' : finding.command ? ` Fix: ${finding.command}` : '';
  return `::${LEVELS[finding.severity] ?? 'notice'} ${properties.join(',')}::${escapeData(`${finding.title}. ${finding.detail}${fix}`)}`;
}

const env = process.env;
const args = ['doctor', '--json'];
if (env.INPUT_IMAGE) args.push(env.INPUT_IMAGE);
if ((env.INPUT_PUSH ?? 'false').toLowerCase() === 'true') args.push('--push');
if (env.INPUT_ARGS) args.push(...env.INPUT_ARGS.split(/\s+/).filter((word) => word !== ''));

const run = spawnSync(env.REGAUTH_COMMAND || 'regauth', args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
if (run.error) {
  process.stdout.write(`::error title=regauth::${escapeData(`regauth did not run: ${run.error.message}`)}\n`);
  process.exit(2);
}
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  process.stdout.write(`::error title=regauth::${escapeData(`regauth doctor printed no JSON: ${run.stderr.trim()}`)}\n`);
  process.exit(run.status ?? 2);
}
if (report.error) {
  process.stdout.write(`::error title=regauth ${escapeProperty(report.error.code)}::${escapeData(report.error.message)}\n`);
  process.exit(run.status ?? 2);
}
const findings = report.findings ?? [];
for (const finding of findings) process.stdout.write(`${annotation(finding, env.GITHUB_WORKSPACE)}\n`);
const count = (severity) => findings.filter((finding) => finding.severity === severity).length;
if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `errors=${count('error')}\nwarnings=${count('warning')}\n`);
if (env.GITHUB_STEP_SUMMARY) {
  const rows = findings.map((finding) => `| ${finding.severity} | \`${finding.id}\` | ${finding.title.replaceAll('|', '\\|')} |`);
  appendFileSync(env.GITHUB_STEP_SUMMARY, [`### regauth doctor ${args.slice(2).join(' ')}`, '', findings.length === 0 ? 'No problems found.' : ['| severity | id | finding |', '|---|---|---|', ...rows].join('\n'), ''].join('\n'));
}
process.exit(run.status ?? 2);
