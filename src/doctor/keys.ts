import {
  DOCKER_HUB_KEY,
  containersNormalizeAuthFileKey,
  containersNormalizeRegistry,
  dockerAuthConfigKey,
  dockerConvertToHostname,
  isHubSpelling,
  kubeletParseKey,
  registryOfKey,
} from '../clients/keys.js';
import type { HostnameRule } from '../clients/versions.js';
import type { KeyReaders } from './finding.js';

/**
 * How the clients understand an `auths` key, asked for a whole registry (any image on it).
 * Pure functions over the client key rules in src/clients/keys.ts.
 */

const HOSTNAME_RULE: HostnameRule = 'url-parse';

export { isHubSpelling, registryOfKey };

/** The host Docker reduces a key to (scheme, user info and path removed). */
export function dockerHostOf(key: string, rule: HostnameRule = HOSTNAME_RULE): string {
  return dockerConvertToHostname(key, rule);
}

/** A schemeless key with a repository path, e.g. "quay.io/org". */
export function isNamespacedKey(key: string): boolean {
  return !key.includes('://') && key.includes('/') && key.indexOf('/') < key.length - 1;
}

/** Whether each client uses `key` for images on `registry` (e.g. "docker.io"). */
export function keyReaders(key: string, registry: string): KeyReaders {
  const dockerKey = dockerAuthConfigKey(registry);
  const docker = key === dockerKey || (dockerKey !== DOCKER_HUB_KEY && dockerHostOf(key) === dockerKey);
  const podman =
    key === registry || containersNormalizeAuthFileKey(key, false) === containersNormalizeRegistry(registry === 'docker.io' ? 'docker.io' : registry);
  return { docker, podman, crane: docker, kubelet: kubeletReads(key, registry) };
}

function kubeletReads(key: string, registry: string): boolean {
  const parsed = kubeletParseKey(key);
  if (parsed === null || parsed.path !== '') return false;
  const hostPort = parsed.port === '' ? parsed.host : `${parsed.host}:${parsed.port}`;
  if (registry === 'docker.io') return hostPort === 'docker.io' || hostPort === 'index.docker.io';
  return hostPort === registry;
}

/** "podman and the kubelet read it; Docker and crane do not" */
export function describeReaders(readers: KeyReaders): string {
  const names: Record<keyof KeyReaders, string> = { docker: 'Docker', podman: 'podman/skopeo/buildah', crane: 'crane', kubelet: 'the kubelet' };
  const yes = (Object.keys(names) as Array<keyof KeyReaders>).filter((client) => readers[client]).map((client) => names[client]);
  const no = (Object.keys(names) as Array<keyof KeyReaders>).filter((client) => !readers[client]).map((client) => names[client]);
  if (yes.length === 0) return `no client reads it (${no.join(', ')} all ignore it)`;
  if (no.length === 0) return `every client reads it (${yes.join(', ')})`;
  return `${joinNames(yes)} ${yes.length === 1 ? 'reads' : 'read'} it; ${joinNames(no)} ${no.length === 1 ? 'does' : 'do'} not`;
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

export { DOCKER_HUB_KEY };
