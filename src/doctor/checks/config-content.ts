import { unmarshal } from '../../config/json.js';
import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { DOCKER_HUB_KEY, isHubSpelling } from '../keys.js';
import { finding, quote } from './support.js';

/**
 * What a hand-made config.json says wrongly, seen in the file alone: misspelt top-level keys
 * (Go drops unknown keys silently), entries outside "auths", an `auth` encoded with echo's
 * newline, an e-mail address as the Docker Hub user name.
 */

/** The top-level fields of docker/cli's configfile.ConfigFile (json tags). */
export const DOCKER_CONFIG_FIELDS = [
  'auths', 'HttpHeaders', 'psFormat', 'imagesFormat', 'networksFormat', 'pluginsFormat', 'volumesFormat', 'statsFormat',
  'detachKeys', 'credsStore', 'credHelpers', 'serviceInspectFormat', 'servicesFormat', 'tasksFormat', 'secretFormat',
  'configFormat', 'nodesFormat', 'pruneFilters', 'proxies', 'experimental', 'currentContext', 'cliPluginsExtraDirs',
  'plugins', 'aliases', 'features',
] as const;

const ENTRY_FIELDS = new Set(['auth', 'username', 'password', 'identitytoken', 'registrytoken', 'email', 'serveraddress']);

/** Derived when the facts are gathered: the keys only, so facts keep no secret. */
export function topLevelKeysOf(text: string): Array<{ key: string; line: number }> {
  if (text === '') return [];
  const parsed = unmarshal(text);
  if (!parsed.ok || parsed.value === null || parsed.value.kind !== 'object') return [];
  return parsed.value.members.map((member) => ({ key: member.key, line: member.keyPos.line }));
}

export function checkConfigKeys(facts: Facts): Finding[] {
  const { view, topLevelKeys = [] } = facts.docker.config;
  const file = view.file.path;
  const known = new Set(DOCKER_CONFIG_FIELDS.map((field) => field.toLowerCase()));
  const findings: Finding[] = [];
  for (const member of topLevelKeys) {
    const lower = member.key.toLowerCase();
    // Go matches field names case-insensitively: "credsstore" is read
    if (known.has(lower)) continue;
    if (ENTRY_FIELDS.has(lower) || looksLikeRegistry(member.key)) {
      findings.push(
        finding('config-entry-misplaced', {
          title: `${quote(member.key)} is at the top level of config.json, not under "auths"`,
          detail: `Docker, podman, crane and kaniko read registry credentials only from "auths": {"<registry>": {...}}; ${quote(member.key)} at the top level is ignored, so no credentials are sent.`,
          file,
          line: member.line,
          key: member.key,
        }),
      );
      continue;
    }
    const suggestion = closestField(member.key);
    if (suggestion === null) continue;
    findings.push(
      finding('config-key-misspelt', {
        title: `Unknown key ${quote(member.key)}: did you mean ${quote(suggestion)}?`,
        detail:
          suggestion === 'credsStore'
            ? `Docker ignores ${quote(member.key)}, so the credential store it names is not used: docker login stores passwords in the file (or the platform's default store) and lookups do not ask that helper. Rename it to "credsStore".`
            : `Docker ignores ${quote(member.key)} (Go drops unknown keys without a warning). Rename it to ${quote(suggestion)}.`,
        file,
        line: member.line,
        key: member.key,
      }),
    );
  }
  return findings;
}

function looksLikeRegistry(key: string): boolean {
  return /^(https?:\/\/)?(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?(\/.*)?$/i.test(key);
}

/** The known field within two edits (case ignored), when there is exactly one best. */
export function closestField(key: string): string | null {
  let best: { field: string; distance: number } | null = null;
  let tie = false;
  for (const field of DOCKER_CONFIG_FIELDS) {
    const distance = editDistance(key.toLowerCase(), field.toLowerCase());
    if (distance > 2 || distance >= field.length / 2) continue;
    if (best === null || distance < best.distance) {
      best = { field, distance };
      tie = false;
    } else if (distance === best.distance) tie = true;
  }
  return best === null || tie ? null : best.field;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const saved = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length] ?? 0;
}

export function checkAuthContent(facts: Facts): Finding[] {
  const { view } = facts.docker.config;
  const file = view.file.path;
  const findings: Finding[] = [];
  for (const entry of view.auths) {
    if (entry.hasAuth && entry.authError === null) {
      const password = entry.password.reveal();
      const trailing = /[\s]+$/.exec(password)?.[0] ?? /[\s]+$/.exec(entry.username)?.[0] ?? null;
      if (trailing !== null) {
        findings.push(
          finding('auth-trailing-whitespace', {
            title: `The "auth" of ${quote(entry.key)} ends with ${trailing.includes('\n') ? 'a newline' : 'whitespace'}`,
            detail: `It decodes to "user:password${JSON.stringify(trailing).slice(1, -1)}": made with echo, which adds a newline. The registry receives the password with it and refuses the login. Re-create it with printf '%s' 'user:password' | base64 -w0, or log in again.`,
            file,
            line: entry.keyPos.line,
            key: entry.key,
          }),
        );
      }
    }
    if ((entry.key === DOCKER_HUB_KEY || isHubSpelling(entry.key)) && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(entry.username)) {
      findings.push(
        finding('hub-email-username', {
          title: `The Docker Hub entry ${quote(entry.key)} logs in with an e-mail address`,
          detail: `The user name ${quote(entry.username)} is an e-mail address; Docker Hub wants the Docker ID for registry logins and answers "incorrect username or password" otherwise. Log in again with the Docker ID (and a personal access token if two-factor authentication is on).`,
          file,
          line: entry.keyPos.line,
          key: entry.key,
        }),
      );
    }
  }
  return findings;
}
