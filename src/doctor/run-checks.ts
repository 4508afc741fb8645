import { formatDockerVersion } from '../config/docker-version.js';
import { CHECKS } from './checks/index.js';
import type { Facts } from './facts.js';
import { type Finding, compareFindings } from './finding.js';

/** What `doctor` looked at, so a clean report still says what each client would use. */
export interface Checked {
  dockerVersion: string | null;
  /** the Docker CLI release the resolvers modelled, and why */
  dockerModel: string;
  /** each image resolved for every client, with who sends what */
  resolved: Array<{ image: string; why: string; summary: string }>;
  omitted: number;
  online: boolean;
  onlineSkipped: string | null;
  clients: {
    docker: { configFile: string; exists: boolean; reason: string; credsStore: string | null; keys: string[] };
    podman: { files: Array<{ path: string; exists: boolean; reason: string }> };
    crane: { file: string | null; reason: string };
    kubelet: { note: string };
  };
  helpers: Array<{ name: string; installed: boolean }>;
  checks: string[];
  /** checks that failed to run (a bug, reported rather than hidden) */
  failedChecks: Array<{ name: string; message: string }>;
}

export interface DoctorReport {
  findings: Finding[];
  checked: Checked;
}

export function runChecks(facts: Facts): DoctorReport {
  const findings: Finding[] = [];
  const failedChecks: Checked['failedChecks'] = [];
  for (const check of CHECKS) {
    try {
      findings.push(...check.run(facts));
    } catch (error) {
      failedChecks.push({ name: check.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  findings.sort(compareFindings);
  return { findings, checked: describeChecked(facts, failedChecks) };
}

/** 0 when no finding is an error, 1 otherwise. */
export function reportExitCode(report: DoctorReport): number {
  return report.findings.some((finding) => finding.severity === 'error') || report.checked.failedChecks.length > 0 ? 1 : 0;
}

function describeChecked(facts: Facts, failedChecks: Checked['failedChecks']): Checked {
  const { config, configDir } = facts.docker;
  return {
    dockerVersion: facts.docker.version === null ? null : formatDockerVersion(facts.docker.version),
    dockerModel: facts.clients.dockerModel,
    resolved: facts.clients.probes.map((probe) => ({
      image: probe.image,
      why: probe.why,
      summary: probe.outcomes.map((outcome) => `${outcome.client}: ${outcome.sends === 'credentials' ? (outcome.username ?? outcome.secretKind ?? 'token') : outcome.sends}`).join(', '),
    })),
    omitted: facts.clients.omitted,
    online: !facts.options.offline && facts.access.skipped === null,
    onlineSkipped: facts.access.skipped,
    clients: {
      docker: {
        configFile: config.meta.path,
        exists: config.meta.kind === 'file',
        reason: configDir.reason,
        credsStore: config.view.credsStore?.value ?? null,
        keys: config.view.auths.map((entry) => entry.key),
      },
      podman: { files: facts.containers.files.map((file) => ({ path: file.path, exists: file.meta.kind === 'file', reason: file.reason })) },
      crane: { file: facts.crane.path, reason: facts.crane.reason },
      kubelet: { note: 'the kubelet reads pull secrets from the cluster, not from this machine; check one with "regauth resolve --client kubelet --config SECRET"' },
    },
    helpers: facts.helpers.map((helper) => ({ name: helper.name, installed: helper.path !== null })),
    checks: CHECKS.map((check) => check.name),
    failedChecks,
  };
}
