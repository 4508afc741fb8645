import { PLAIN_STYLE, mark, type TerminalStyle } from '../symbols.js';
import { parseImageRef } from '../../reference/parse.js';
import { readDockerProxies } from '../../config/proxies.js';
import { checkAccess, proxySettingsFromDockerConfig, proxySettingsFromEnv, type AccessReport } from '../../registry/index.js';
import type { Credentials } from '../../clients/model.js';
import { toRegistryCredentials } from '../../resolve/credentials.js';
import { resolveAll, targetOf } from '../../resolve/resolve.js';
import { RegauthError } from '../../util/errors.js';
import { parseCommandLine, parseSeconds } from '../args.js';
import { usageLine } from '../command-table.js';
import type { Command } from '../main.js';
import { printJson, progress } from '../output.js';
import { debugExchangePrinter } from '../render/debug.js';
import { resolveOptionsFrom } from '../resolve-options.js';

const USAGE = usageLine('check');

export const checkCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('check', argv);
  const ref = parseImageRef(positionals[0] ?? '');
  const options = resolveOptionsFrom(values, env);
  const clients = options.clients ?? ['docker'];
  if (clients.length !== 1) throw new RegauthError('E_USAGE', 'check takes one --client', { hint: `usage: ${USAGE}` });
  if (clients[0] === 'containerd') throw new RegauthError('E_USAGE', 'check does not model containerd: it may pull from mirrors with other credentials', { hint: 'regauth resolve IMAGE --client containerd lists each host and what it is sent' });
  const timeoutSeconds = parseSeconds(values.timeout, '--timeout', 30);
  const [resolution] = await resolveAll(targetOf(ref), { ...options, clients });
  if (resolution === undefined) return 1;

  // HTTP(S)_PROXY first, as Go's ProxyFromEnvironment; else the "proxies" section of Docker's config
  const proxy = proxySettingsFromEnv(env) ?? proxySettingsFromDockerConfig(await readDockerProxies(resolution.client === 'docker' ? resolution.configFile : null));
  const done = progress(output, `checking ${ref.registry}…`);
  let report: AccessReport;
  try {
    report = await checkAccess({
      ref,
      credentials: toRegistryCredentials(resolution.credentials),
      push: values.push === true,
      insecure: values.insecure === true,
      deadlineMs: timeoutSeconds * 1000,
      timeoutMs: Math.min(15_000, timeoutSeconds * 1000),
      env,
      proxy,
      ...(values.debug === true ? { debug: debugExchangePrinter(output) } : {}),
    });
  } finally {
    done();
  }
  const sent = sentFor(resolution.credentials, report.authScheme);
  const json: CheckJson & Record<string, unknown> = {
    image: ref.normalized,
    registry: report.registry,
    endpoint: report.endpoint,
    client: resolution.client,
    username: sent.username,
    sent,
    credentialSource: { configFile: resolution.configFile, key: resolution.key, source: resolution.source, helper: resolution.helper, error: resolution.error },
    authenticated: report.authenticated,
    pull: report.pull,
    manifest: report.manifest ?? 'unknown',
    push: values.push === true ? report.push : 'not-checked',
    problems: report.problems,
    requests: report.requests,
    durationMs: report.durationMs,
    rateLimit: report.rateLimit,
    trace: [...resolution.trace, ...report.trace],
  };
  if (values.json === true) printJson(output, json);
  else output.out(renderCheck(json, sent, resolution.error, output.style ?? PLAIN_STYLE));
  const granted = report.pull === 'granted' && report.manifest !== 'missing' && (values.push !== true || report.push === 'granted');
  return granted ? 0 : 1;
};

/** The stable part of `check --json` (fields may be added, never renamed). */
export interface CheckJson {
  image: string;
  registry: string;
  endpoint: string | null;
  client: string;
  username: string | null;
  authenticated: boolean | null;
  pull: AccessReport['pull'];
  /** 'missing': the repository is readable but the tag or digest does not exist */
  manifest: NonNullable<AccessReport['manifest']>;
  push: AccessReport['push'];
  problems: AccessReport['problems'];
  requests: number;
}

/** What goes to this registry, knowing its scheme: an identity token on token auth, the user and password on basic auth. */
export interface SentCredentials {
  kind: 'none' | 'password' | 'identitytoken' | 'registrytoken';
  username: string | null;
  /** one phrase for people */
  text: string;
}

export function sentFor(credentials: Credentials | null, scheme: AccessReport['authScheme']): SentCredentials {
  if (credentials === null) return { kind: 'none', username: null, text: 'none sent' };
  if (credentials.registryToken !== null && credentials.identityToken === null && credentials.password === null) return { kind: 'registrytoken', username: null, text: 'a registry token (sent as the bearer token)' };
  if (credentials.identityToken !== null) {
    if (scheme === 'basic' && credentials.basic !== undefined) {
      return { kind: 'password', username: credentials.basic.username, text: `user "${credentials.basic.username}" (basic auth: the password is sent, not the identity token)` };
    }
    if (scheme === 'basic') return { kind: 'identitytoken', username: null, text: 'an identity token, which a registry with basic auth cannot use' };
    return { kind: 'identitytoken', username: null, text: 'an identity token (no username; exchanged for a registry token)' };
  }
  return { kind: 'password', username: credentials.username, text: `user "${credentials.username ?? ''}"` };
}

function renderCheck(view: CheckJson, sent: SentCredentials, resolutionError: string | null, style: TerminalStyle): string {
  const lines = [`${view.image} via ${view.endpoint ?? '(no endpoint answered)'}`];
  lines.push(`  credentials: ${sent.text} (as ${view.client} resolves them)`);
  if (resolutionError !== null) lines.push(`  ! ${view.client} cannot look up credentials: ${resolutionError}`);
  const auth = view.authenticated === null ? 'not determined' : view.authenticated ? 'yes' : 'no';
  lines.push(`  authenticated: ${auth}`);
  lines.push(`  pull: ${view.pull === 'granted' && view.manifest === 'missing' ? `repository readable, ${/@sha256:/.test(view.image) ? 'manifest' : 'tag'} not found` : view.pull}`);
  lines.push(`  push: ${view.push}`);
  for (const problem of view.problems) {
    lines.push(`  ${mark('error', style)} ${problem.id}: ${problem.summary}`);
    lines.push(`      ${problem.detail}`);
    if (problem.hint !== undefined) lines.push(`      ${mark('arrow', style)} ${problem.hint}`);
  }
  lines.push(`  (${view.requests} HTTP request${view.requests === 1 ? '' : 's'})`);
  return lines.join('\n');
}
