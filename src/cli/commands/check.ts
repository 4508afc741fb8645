import { PLAIN_STYLE, mark, type TerminalStyle } from '../symbols.js';
import { parseImageRef } from '../../reference/parse.js';
import type { AccessReport } from '../../registry/index.js';
import { DEFAULT_CHECK_TIMEOUT_MS, checkWith, type CheckResult, type SentCredentials } from '../../api/check.js';
import { RegauthError } from '../../util/errors.js';
import { parseCommandLine, parseSeconds } from '../args.js';
import { usageLine } from '../command-table.js';
import type { Command } from '../main.js';
import { printJson, progress } from '../output.js';
import { debugExchangePrinter } from '../render/debug.js';
import { resolveOptionsFrom } from '../resolve-options.js';
import { compileIpPatternsAhead } from '../ip-patterns.js';

const USAGE = usageLine('check');

export const checkCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('check', argv);
  const ref = parseImageRef(positionals[0] ?? '');
  const options = resolveOptionsFrom(values, env);
  const clients = options.clients ?? ['docker'];
  if (clients.length !== 1) throw new RegauthError('E_USAGE', 'check takes one --client', { hint: `usage: ${USAGE}` });
  const timeoutSeconds = parseSeconds(values.timeout, '--timeout', DEFAULT_CHECK_TIMEOUT_MS / 1000);
  compileIpPatternsAhead();
  const done = progress(output, `checking ${ref.registry}…`);
  let result: CheckResult;
  try {
    result = await checkWith(ref, clients[0] ?? 'docker', options, {
      push: values.push === true,
      insecure: values.insecure === true,
      timeoutMs: timeoutSeconds * 1000,
      ...(values.debug === true ? { debug: debugExchangePrinter(output) } : {}),
    });
  } finally {
    done();
  }
  const { resolution, access: report, sent } = result;
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
  return result.ok ? 0 : 1;
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

export type { SentCredentials };

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
