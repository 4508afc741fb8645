import { goSplitHostPort, joinHostPort, parseGoUrlHost } from './go-url.js';
import type { HostnameRule } from './versions.js';
import { parseContainersNormalizedNamed } from '../reference/containers.js';

/** The key Docker keeps Hub credentials under, the only key it looks Hub up by. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
export const DOCKER_HUB_HOSTS: readonly string[] = ['docker.io', 'index.docker.io'];

/** docker/cli getAuthConfigKey: the Hub domain maps to the index URL, every other domain is its own key. */
export function dockerAuthConfigKey(domain: string): string {
  return DOCKER_HUB_HOSTS.includes(domain) ? DOCKER_HUB_KEY : domain;
}

/** docker/cli credentials.ConvertToHostname, per release. */
export function dockerConvertToHostname(key: string, rule: HostnameRule): string {
  if (rule === 'strip-http-prefix') {
    let stripped = key;
    if (stripped.startsWith('http://')) stripped = stripped.slice('http://'.length);
    else if (stripped.startsWith('https://')) stripped = stripped.slice('https://'.length);
    return cutAtSlash(stripped);
  }
  if (key.includes('://')) {
    const parsed = parseGoUrlHost(key);
    if (parsed.ok && parsed.hostname !== '') {
      if (parsed.port === '' || rule === 'url-parse-no-port') return parsed.hostname;
      return joinHostPort(parsed.hostname, parsed.port);
    }
    if (!parsed.ok && rule === 'url-parse-ipv6-fallback') {
      const afterScheme = key.slice(key.indexOf('://') + 3);
      return cutAtSlash(afterScheme);
    }
  }
  return cutAtSlash(key);
}

function cutAtSlash(text: string): string {
  const slash = text.indexOf('/');
  return slash === -1 ? text : text.slice(0, slash);
}

/** containers/image normalizeAuthFileKey: a path is dropped only when a scheme was stripped. */
export function containersNormalizeAuthFileKey(key: string, legacyFormat: boolean): string {
  let stripped = key;
  if (stripped.startsWith('http://')) stripped = stripped.slice('http://'.length);
  else if (stripped.startsWith('https://')) stripped = stripped.slice('https://'.length);
  if (stripped !== key || legacyFormat) stripped = cutAtSlash(stripped);
  return containersNormalizeRegistry(stripped);
}

/**
 * Why `podman login --get-login` (containers/common parseCredentialsKey) refuses a key with a
 * namespace, or null when it takes it as typed: the key must read as a repository name
 * (ParseNormalizedNamed), without tag or digest, whose registry is the key's first component.
 */
export function containersNamespaceKeyProblem(key: string): string | null {
  const parsed = parseContainersNormalizedNamed(key);
  if (!parsed.ok) return `parse reference from "${key}": ${parsed.message}`;
  if (parsed.tag !== null || parsed.digest !== null) {
    return `reference "${parsed.name}${parsed.tag === null ? '' : `:${parsed.tag}`}${parsed.digest === null ? '' : `@${parsed.digest}`}" contains tag or digest`;
  }
  const registry = key.slice(0, key.indexOf('/'));
  if (parsed.domain !== registry) return `internal error: key "${key}" registry mismatch, "${parsed.name}" vs. "${parsed.domain}"`;
  return null;
}

/**
 * The key `podman login --get-login REGISTRY` (containers/common) looks a registry up under with
 * containers/image GetCredentials: an http(s) URL gives its host[:port], any other text is taken as
 * typed, so "index.docker.io" and "docker.io" stay two keys (podman 4.3.1 and skopeo 1.9.3 agree).
 */
export function containersLoginKey(typed: string): string {
  if (!typed.startsWith('http://') && !typed.startsWith('https://')) return typed;
  // url.URL.Host: the port only when one is given
  const parsed = parseGoUrlHost(typed);
  if (!parsed.ok) return typed;
  return parsed.port === '' ? (parsed.hostname.includes(':') ? `[${parsed.hostname}]` : parsed.hostname) : joinHostPort(parsed.hostname, parsed.port);
}

/** containers/image normalizeRegistry: the Hub's three names are one registry. */
export function containersNormalizeRegistry(registry: string): string {
  return registry === 'registry-1.docker.io' || registry === 'docker.io' ? 'index.docker.io' : registry;
}

/** containers/image authKeysForKey: reg/a/b/c, reg/a/b, reg/a, reg. */
export function containersLookupOrder(name: string): string[] {
  const keys: string[] = [];
  let current = name;
  for (;;) {
    keys.push(current);
    const slash = current.lastIndexOf('/');
    if (slash === -1) break;
    current = current.slice(0, slash);
  }
  return keys;
}

/** letters, digits, dots and dashes, with an optional numeric port */
const BARE_HOST_PORT = /^([A-Za-z0-9.-]+)(?::([0-9]+))?$/;

/** A pull-secret key as the kubelet indexes it: host[:port] plus an optional path prefix. */
export interface KubeletKey {
  host: string;
  port: string;
  path: string;
  /** host + path as the keyring stores it */
  indexKey: string;
}

export function kubeletParseKey(key: string): KubeletKey | null {
  // a bare host[:port] (most keys): url.Parse gives it back as it is
  const bare = BARE_HOST_PORT.exec(key);
  if (bare !== null) return { host: bare[1] as string, port: bare[2] ?? '', path: '', indexKey: key };
  return kubeletParseKeyAsUrl(key);
}

/**
 * kubeletParseKey the long way, through url.Parse's rules (Go 1.26's, as the kubelet is built)
 * for every key: the keyring is indexed by u.Host plus the unescaped path, and matched with
 * net.SplitHostPort of u.Host, which keeps the brackets of an IPv6 host without a port.
 */
export function kubeletParseKeyAsUrl(key: string): KubeletKey | null {
  const withScheme = key.startsWith('https://') || key.startsWith('http://') ? key : `https://${key}`;
  const parsed = parseGoUrlHost(withScheme, { go126: true });
  if (!parsed.ok) return null;
  const afterScheme = withScheme.slice(withScheme.indexOf('://') + 3);
  // the authority ends at the path, the query or the fragment
  const authorityEnd = afterScheme.search(/[/?#]/);
  const rawPath = authorityEnd === -1 || afterScheme[authorityEnd] !== '/' ? '' : afterScheme.slice(authorityEnd).replace(/[?#].*$/, '');
  if (/%(?![0-9a-fA-F]{2})/.test(rawPath)) return null;
  let path = rawPath.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (path.startsWith('/v1/') || path.startsWith('/v2/')) path = path.slice(3);
  const indexKey = path !== '' && path !== '/' ? parsed.host + path : parsed.host;
  const { host, port } = goSplitHostPort(parsed.host) ?? { host: parsed.host, port: '' };
  return { host, port, path: path === '/' ? '' : path, indexKey };
}

const HUB_REGISTRY_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Any spelling some client takes for Docker Hub's registry. */
export function isHubSpelling(key: string): boolean {
  if (key === DOCKER_HUB_KEY) return true;
  return HUB_REGISTRY_HOSTS.has(dockerConvertToHostname(key, 'url-parse').toLowerCase()) || containersNormalizeAuthFileKey(key, false) === 'index.docker.io';
}

/** The registry a key is about, in the form image references use ("docker.io", "quay.io"). */
export function registryOfKey(key: string): string {
  return isHubSpelling(key) ? 'docker.io' : dockerConvertToHostname(key, 'url-parse');
}
