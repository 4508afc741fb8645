import { DOCKER_HUB_KEY, dockerConvertToHostname, isHubSpelling, registryOfKey } from '../clients/keys.js';
import type { HostnameRule } from '../clients/versions.js';
import type { Facts } from './facts.js';
import type { KeyReaders } from './finding.js';

/**
 * Shapes of keys as doctor reports them. Which client reads a key is never decided here: it is
 * read off the resolvers' outcomes gathered in `facts.clients`.
 */

const HOSTNAME_RULE: HostnameRule = 'url-parse';

export { DOCKER_HUB_KEY, isHubSpelling, registryOfKey };

/** The host Docker reduces a key to (scheme, user info and path removed). */
export function dockerHostOf(key: string, rule: HostnameRule = HOSTNAME_RULE): string {
  return dockerConvertToHostname(key, rule);
}

/** A schemeless key with a repository path, e.g. "quay.io/org". */
export function isNamespacedKey(key: string): boolean {
  return !key.includes('://') && key.includes('/') && key.indexOf('/') < key.length - 1;
}

/** Which clients took `key` from `file` for some image doctor resolved on `registry`; null when none was resolved there. */
export function readersOf(facts: Facts, registry: string, key: string, file: string): KeyReaders | null {
  const probes = facts.clients.probes.filter((probe) => probe.registry === registry);
  if (probes.length === 0) return null;
  const readers: KeyReaders = { docker: false, podman: false, crane: false, kubelet: false };
  for (const probe of probes) {
    for (const outcome of probe.outcomes) {
      if (outcome.client === 'containerd') continue; // containerd reads no Docker-format key
      if (outcome.key === key && outcome.configFile === file && outcome.source === 'file') readers[outcome.client] = true;
    }
  }
  return readers;
}

const NAMES: Record<keyof KeyReaders, string> = { docker: 'Docker', podman: 'podman/skopeo/buildah', crane: 'crane', kubelet: 'the kubelet' };

/** "podman/skopeo/buildah use it; Docker and crane do not" (the kubelet only when it was resolved). */
export function describeReaders(readers: KeyReaders, compared: ReadonlyArray<keyof KeyReaders>): string {
  const yes = compared.filter((client) => readers[client]).map((client) => NAMES[client]);
  const no = compared.filter((client) => !readers[client]).map((client) => NAMES[client]);
  if (yes.length === 0) return `no client uses it (${no.join(', ')} all ignore it)`;
  if (no.length === 0) return `every client uses it (${yes.join(', ')})`;
  return `${joinNames(yes)} ${yes.length === 1 ? 'uses' : 'use'} it; ${joinNames(no)} ${no.length === 1 ? 'does' : 'do'} not`;
}

/** The clients doctor resolved. */
export function comparedClients(facts: Facts): Array<keyof KeyReaders> {
  const clients = facts.clients.probes.flatMap((probe) => probe.outcomes.map((outcome) => outcome.client));
  return [...new Set(clients.filter((client): client is keyof KeyReaders => client !== 'containerd'))];
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The key Docker asks for (and asks a helper for) when it uses this entry; null when Docker never reads it. */
export function dockerLookupKey(key: string): string | null {
  if (key === DOCKER_HUB_KEY) return DOCKER_HUB_KEY;
  if (isHubSpelling(key)) return null;
  return dockerHostOf(key);
}
