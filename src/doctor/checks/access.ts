import type { AccessResult, Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { finding } from './support.js';

/** Verdicts of the online registry check, as gathered (never run here). */
export function checkAccess(facts: Facts): Finding[] {
  return facts.access.results.flatMap((result) => accessFindings(facts, result));
}

function accessFindings(facts: Facts, result: AccessResult): Finding[] {
  const where = { file: result.file, key: result.key, line: lineOf(facts, result) };
  const target = result.repository === null ? result.registry : `${result.registry}/${result.repository}`;
  const problems = result.problems.map((problem) => `${problem.id}: ${problem.detail}`).join('; ');
  const who = result.username === null ? 'the stored token' : `the user "${result.username}"`;
  const proxy = result.problems.find((problem) => problem.id === 'proxy-error');
  if (proxy !== undefined) {
    return [
      finding('proxy-refused', {
        title: `The proxy stops the connection to ${result.registry}: the registry was never reached`,
        detail: `${proxy.detail}. The credentials for ${result.registry} were not checked; Docker, podman and crane go through the same proxy (HTTPS_PROXY/HTTP_PROXY, or the daemon's proxy for docker pull) and fail the same way. Fix the proxy setting (user:password@ for a proxy that answers 407), or exempt the registry with NO_PROXY.`,
        ...where,
        command: `export NO_PROXY="\${NO_PROXY:+$NO_PROXY,}${result.registry}"  # when ${result.registry} is reachable without the proxy`,
      }),
    ];
  }
  if (!result.completed) {
    return [finding('registry-unreachable', { title: `Could not check ${result.registry}`, detail: problems === '' ? 'the check did not finish in time' : problems, ...where })];
  }
  if (!result.credentialsSent && (result.authenticated === false || result.pull === false)) {
    return [
      finding('no-credentials-sent', {
        title: `${result.registry} wants credentials, but ${facts.clients.primary} sends none for ${target}`,
        detail: `The check sent no credentials, as ${facts.clients.primary} would, and the registry refused anonymous access${problems === '' ? '' : ` (${problems})`}. Nothing stored was refused: store credentials where ${facts.clients.primary} looks (see the other findings, or "regauth resolve ${target}").`,
        ...where,
      }),
    ];
  }
  if (result.authenticated === false) {
    return [finding('registry-login-failed', { title: `${result.registry} refuses ${who}`, detail: problems === '' ? 'the registry answered 401 to the stored credentials' : problems, ...where })];
  }
  if (facts.options.push && result.push === false) {
    const namespace = result.problems.some((problem) => problem.id === 'namespace-not-yours');
    return [
      finding(namespace ? 'namespace-not-yours' : 'push-denied', {
        title: `${who} may not push to ${target}`,
        detail: problems === '' ? 'the registry does not grant push' : problems,
        ...where,
      }),
    ];
  }
  return [];
}

function lineOf(facts: Facts, result: AccessResult): number | null {
  if (result.key === null || result.file !== facts.docker.config.view.file.path) return null;
  return facts.docker.config.view.auths.find((entry) => entry.key === result.key)?.keyPos.line ?? null;
}
