import type { Resolution } from '../../clients/model.js';
import { mark, PLAIN_STYLE, type TerminalStyle } from '../symbols.js';

/** The stable JSON shape of one resolution (fields may be added, never renamed). */
export function resolutionJson(resolution: Resolution): Record<string, unknown> {
  return {
    client: resolution.client,
    registry: resolution.registry,
    configFile: resolution.configFile,
    key: resolution.key,
    source: resolution.source,
    helper: resolution.helper,
    username: resolution.username,
    secretPresent: resolution.secretPresent,
    secretKind: resolution.secretKind,
    error: resolution.error,
    ambiguous: resolution.ambiguous,
    warnings: resolution.warnings,
    trace: resolution.trace,
    ...(resolution.alternatives === undefined ? {} : { alternatives: resolution.alternatives }),
    ...(resolution.endpoints === undefined ? {} : { endpoints: resolution.endpoints }),
    ...(resolution.candidates === undefined ? {} : { candidates: resolution.candidates.map(({ key, username, credentials }) => ({ key, username, sends: credentials !== null })) }),
    ...(resolution.errorFallback === undefined ? {} : { errorFallback: { key: resolution.errorFallback.key, username: resolution.errorFallback.username } }),
    ...(resolution.route === undefined ? {} : { route: resolution.route }),
  };
}

/**
 * podman and buildah resolve short names through registries.conf and can stop there; skopeo
 * reads a short name as docker.io, so the credentials looked up for the typed name are skopeo's.
 */
function stopsOnShortName(resolution: Resolution): boolean {
  return resolution.route?.error?.code.startsWith('short-name-') ?? false;
}

function clientSummary(resolution: Resolution): string {
  const summary = summaryLine(resolution);
  if (!stopsOnShortName(resolution)) return summary;
  return summary.startsWith('sends ') ? `skopeo ${summary}` : `skopeo: ${summary}`;
}

/** The route is worth a line when it is more than "the typed registry, directly". */
function routeLines(resolution: Resolution): string[] {
  const route = resolution.route;
  if (route === undefined) return [];
  const [only] = route.endpoints;
  const trivial = route.error === null && route.shortName === null && route.endpoints.length === 1 && only !== undefined && !only.blocked && !only.insecure && only.lookup === resolution.key && route.unused === undefined;
  if (trivial || (route.error === null && route.endpoints.length === 0)) return [];
  const lines: string[] = [];
  if (route.shortName !== null) lines.push(`${route.shortName.description}; short-name-mode ${route.shortName.mode}${route.shortName.prompts ? ' (asks in a terminal)' : ''}`);
  if (route.error !== null) {
    const where = route.error.file === null ? '' : ` (${route.error.file}${route.error.line === null ? '' : `:${route.error.line}`})`;
    lines.push(`${stopsOnShortName(resolution) ? 'podman and buildah stop' : 'stops'}: ${route.error.message}${where}`);
  }
  for (const endpoint of route.endpoints) {
    const flags = [endpoint.role, ...(endpoint.insecure ? ['insecure'] : []), ...(endpoint.blocked ? ['blocked'] : [])].join(', ');
    const sends = endpoint.blocked
      ? 'refused by the client'
      : endpoint.sends === 'credentials'
        ? `sends ${endpoint.username === null ? 'a token' : `user "${endpoint.username}"`}${endpoint.key === null ? '' : ` (key "${endpoint.key}")`}`
        : endpoint.sends === 'fails'
          ? 'credential lookup fails'
          : `sends no credentials (none stored for "${endpoint.lookup}")`;
    const where = endpoint.file === null ? '' : ` [${endpoint.file}${endpoint.line === null ? '' : `:${endpoint.line}`}]`;
    lines.push(`${route.operation} ${endpoint.reference} (${flags}): ${sends}${where}`);
  }
  for (const unused of route.unused ?? []) {
    lines.push(`not used: ${unused.registry} (${unused.why})${unused.file === null ? '' : ` [${unused.file}${unused.line === null ? '' : `:${unused.line}`}]`}`);
  }
  return lines;
}

export function summaryLine(resolution: Resolution): string {
  if (resolution.error !== null) return `error: ${resolution.error}`;
  if (resolution.pendingHelperQueries.length > 0) return 'undecided: a credential helper was not asked';
  if (!resolution.secretPresent) {
    if (resolution.source === 'helper') return `sends no credentials (docker-credential-${resolution.helper} has none for "${resolution.key}")`;
    return resolution.key === null ? 'sends no credentials' : `sends no credentials (entry "${resolution.key}" holds none it can use)`;
  }
  const who = resolution.username === null ? `a ${resolution.secretKind}` : `user "${resolution.username}" (${resolution.secretKind})`;
  const where = resolution.source === 'helper'
    ? `from docker-credential-${resolution.helper} for "${resolution.key}"`
    : `from ${resolution.configFile} key "${resolution.key}"`;
  return `sends ${who} ${where}${resolution.ambiguous ? ' — but the winner is random, see warnings' : ''}`;
}

export function renderResolutions(image: string, resolutions: Resolution[], withTrace: boolean, style: TerminalStyle = PLAIN_STYLE): string {
  const lines = [image];
  const width = Math.max(...resolutions.map((resolution) => resolution.client.length));
  for (const resolution of resolutions) {
    lines.push(`  ${resolution.client.padEnd(width)}  ${clientSummary(resolution)}`);
    for (const line of routeLines(resolution)) lines.push(`  ${''.padEnd(width)}  → ${line}`);
    for (const warning of resolution.warnings) {
      const where = warning.file === undefined ? '' : `${warning.file}${warning.line === undefined ? '' : `:${warning.line}`}: `;
      lines.push(`  ${''.padEnd(width)}  ${mark('warning', style)} ${where}${warning.message}`);
    }
    for (const endpoint of resolution.endpoints ?? []) {
      const sent = endpoint.source === 'header' ? 'a static Authorization header' : endpoint.source === 'config' ? `${endpoint.username === null ? `a ${endpoint.secretKind ?? 'secret'}` : `user "${endpoint.username}"`} (key "${endpoint.key ?? ''}")` : 'no credentials';
      lines.push(`  ${''.padEnd(width)}  ${mark('info', style)} ${endpoint.url} [${endpoint.capabilities.join(', ')}]: ${sent}`);
    }
    if (withTrace) {
      for (const step of resolution.trace) {
        const where = step.line === undefined ? '' : ` [line ${step.line}]`;
        const tried = step.tried !== undefined && step.tried.startsWith('/') && !step.why.includes(step.tried) ? `: ${step.tried}` : '';
        lines.push(`  ${''.padEnd(width)}    ${mark(step.outcome, style)} ${step.why}${tried}${where}`);
      }
    }
  }
  return lines.join('\n');
}
