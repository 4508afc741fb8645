import { type CriRegistryView, EMPTY_HOST, type HostsFileHost, type HostsFileView, type K3sRegistriesView, type RegistryAuthFields, type RegistryConfigEntry } from '../config/containerd-files.js';
import { type TlsFileRead, tlsLoadError } from './containerd-tls.js';
import { Trace } from '../util/trace.js';
import { secret } from '../util/secret.js';
import { type Credentials, type Resolution, describeSecretKind, emptyCredentials, startResolution } from './model.js';

/**
 * containerd's CRI plugin (and k3s, which writes containerd's files from registries.yaml): which
 * hosts a pull goes to, in order, and what each host is sent. Modelled from containerd's
 * remotes/docker/config (ConfigureHosts, hosts.toml) and the CRI plugin's registryHosts and
 * ParseAuth (pkg/cri/server/image_pull.go in 1.6/1.7, internal/cri/server/images in 2.x), and
 * k3s's pkg/agent/containerd getHostConfigs.
 *
 * containerd never reads ~/.docker/config.json. Pull secrets reach it from the kubelet through
 * CRI and, when given, replace every configured credential for every host: that path is the
 * `kubelet` client.
 */

/**
 * The release lines modelled. "2" is 2.3 and later (config version 4); 2.0, 2.1 and 2.2 read
 * config version 3 at most and differ from it, and from each other, where the helpers below say.
 * 2.0 and 2.1 behave the same in everything modelled here (they differ in the transfer service,
 * which the CRI image service does not use by default on Linux).
 */
export type ContainerdRelease = '1.6' | '1.7' | '2.0' | '2.1' | '2.2' | '2';
export const CONTAINERD_RELEASES: readonly ContainerdRelease[] = ['1.6', '1.7', '2.0', '2.1', '2.2', '2'];
/** The release lines for help and errors: "1.6, 1.7, 2.0, 2.1, 2.2 or 2 (2.3 and later)". */
export const CONTAINERD_RELEASES_TEXT = `${CONTAINERD_RELEASES.slice(0, -1).join(', ')} or ${CONTAINERD_RELEASES.at(-1) ?? ''} (2.3 and later)`;
/** the release modelled when neither --containerd-version nor an installed containerd says */
export const NEWEST_MODELLED_CONTAINERD: ContainerdRelease = '2';

/** The release as traces name it. */
export function containerdReleaseName(release: ContainerdRelease): string {
  return release === '2' ? '2.3+' : release;
}

export function isContainerd2(release: ContainerdRelease): boolean {
  return release.startsWith('2');
}

/** 2.2 and later know the `referrers` capability (hosts.toml, default hosts, legacy mirrors); before, it is unknown. */
export function knowsReferrers(release: ContainerdRelease): boolean {
  return since22(release);
}

function since22(release: ContainerdRelease): boolean {
  return release === '2.2' || release === '2';
}

/** 2.2 and later set `config_path` when config.toml sets neither it nor `mirrors`. */
export function defaultsConfigPath(release: ContainerdRelease): boolean {
  return since22(release);
}

/** The newest config `version` the release reads; older configs are migrated to it. */
export function currentConfigVersion(release: ContainerdRelease): number {
  if (!isContainerd2(release)) return 2;
  return release === '2' ? 4 : 3;
}

/**
 * Whether the plugins' config migrations run on a config of this version, so that the CRI
 * plugin's registry table replaces the images plugin's: for any older version in 2.3 and later;
 * in 2.0–2.2 not for version 1, which their loader only renames to their own version.
 */
export function pluginMigrationRuns(version: number, release: ContainerdRelease): boolean {
  if (!isContainerd2(release) || version >= currentConfigVersion(release)) return false;
  return release === '2' || version > 1;
}

/** 2.2 and later: `config_path` when config.toml sets neither it nor `mirrors` (plugins/cri/images/plugin.go); 2.0 and 2.1 have no default */
export const DEFAULT_CONFIG_PATH_2X = '/etc/containerd/certs.d:/etc/docker/certs.d';

/** The `config_path` containerd uses: the configured one, or the 2.2+ default when neither it nor `mirrors` is set. */
export function effectiveConfigPath(cri: CriRegistryView, release: ContainerdRelease): { path: string | null; defaulted: boolean } {
  if ((cri.configPath ?? '') === '' && cri.mirrors.length === 0 && defaultsConfigPath(release)) return { path: DEFAULT_CONFIG_PATH_2X, defaulted: true };
  return { path: cri.configPath === '' ? null : cri.configPath, defaulted: false };
}

/** `containerd --version` → the release line ("containerd github.com/containerd/containerd 1.6.20~ds1 …"). */
export function parseContainerdVersion(output: string): ContainerdRelease | null {
  const match = /\bv?(\d+)\.(\d+)\.\d+/.exec(output.replace(/^\S+\s+\S+\s+/, ''));
  if (match === null) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major >= 2) return containerd2Line(major, minor);
  if (major === 1 && minor >= 7) return '1.7';
  if (major === 1) return '1.6';
  return null;
}

/** 2.0, 2.1 and 2.2 are lines of their own; 2.3 and later (and 3+ when installed) are "2". */
function containerd2Line(major: number, minor: number): ContainerdRelease {
  if (major === 2 && minor <= 2) return minor === 0 ? '2.0' : minor === 1 ? '2.1' : '2.2';
  return '2';
}

export function containerdReleaseArgument(text: string): ContainerdRelease | null {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(text.trim());
  if (match === null) return null;
  const [major, minor] = [Number(match[1]), Number(match[2] ?? '0')];
  // the modelled lines only: 1.6, 1.7, 2.0, 2.1, 2.2 and 2 (2.3 and later); a bare "2" is the newest
  if (major === 2) return match[2] === undefined ? '2' : containerd2Line(major, minor);
  if (major === 1 && (minor === 6 || minor === 7)) return minor === 6 ? '1.6' : '1.7';
  return null;
}

/** One host of the list containerd tries, with what it sends there. */
export interface ContainerdEndpoint {
  /** scheme://host/path as containerd requests it */
  url: string;
  host: string;
  capabilities: string[];
  /** the CRI `registry.configs` key (or k3s `configs` key) whose auth this host gets; null when none */
  key: string | null;
  username: string | null;
  /** 'config': credentials from config.toml / registries.yaml; 'header': a static Authorization header from hosts.toml */
  source: 'config' | 'header' | 'none';
  secretKind: string | null;
  /** the hosts.toml table or config entry that made this host */
  origin: string;
  /** the TLS of the host's client: certificates not checked, the CA files added to the system's, client certificates, and whether a plain-http host is tried over https first */
  tls: { skipVerify: boolean; caFiles: string[]; clientCertificates: number; fallback: boolean };
  /** the names of the static headers hosts.toml sets for the host (values not shown: they may be credentials) */
  headers: string[];
}

interface HostEntry {
  scheme: string;
  host: string;
  path: string;
  capabilities: string[];
  authorization: string | null;
  origin: string;
  /** the settings the host was made from (its TLS files and headers) */
  settings: HostsFileHost;
  skipVerify: boolean;
  fallback: boolean;
}

export interface ContainerdInputs {
  /** the image's registry as CRI hands it to containerd (distribution/reference: "docker.io") */
  registry: string;
  release: ContainerdRelease;
  /** why this release is modelled */
  releaseWhy: string;
  mode: 'containerd' | 'k3s';
  cri: CriRegistryView | null;
  k3s: K3sRegistriesView | null;
  /** containerd mode with a config_path: the host directory found for the registry */
  hostsDir: ContainerdHostsDir | null;
}

export interface ContainerdHostsDir {
  roots: string[];
  tried: string[];
  dir: string | null;
  file: HostsFileView | null;
  /** the directory's certificates, for use without a (usable) hosts.toml: `*.crt` CA files, `*.cert` files with the `*.key` of the same name ('' when there is none) */
  certFiles?: { ca: string[]; client: Array<[string, string]> };
  /** every TLS file the directory's hosts name, as read */
  tlsFiles?: ReadonlyMap<string, TlsFileRead>;
}

const ALL_1X = ['pull', 'resolve', 'push'];
const ALL_2X = [...ALL_1X, 'referrers'];

/** docker.DefaultHost: Docker Hub's API host. */
export function containerdDefaultHost(host: string): string {
  return host === 'docker.io' ? 'registry-1.docker.io' : host;
}

function splitPort(host: string): { hostname: string; port: string } {
  const bracket = /^\[([^\]]*)\](?::(\d*))?$/.exec(host);
  if (bracket !== null) return { hostname: bracket[1] ?? '', port: bracket[2] ?? '' };
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && host.indexOf(':') === colon) return { hostname: host.slice(0, colon), port: host.slice(colon + 1) };
  return { hostname: host, port: '' };
}

/** docker.IsLocalhost: "localhost" or a loopback IP, any port. */
export function isLocalhost(host: string): boolean {
  const { hostname } = splitPort(host);
  if (hostname === 'localhost') return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(hostname)) return true;
  return hostname === '::1';
}

function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** A URL's scheme, host and path the way Go's url.Parse splits "scheme://host/path". */
function splitUrl(raw: string): { scheme: string; host: string; path: string } | null {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(raw);
  if (match === null) return null;
  const authority = match[2] ?? '';
  return { scheme: match[1] ?? '', host: authority.slice(authority.lastIndexOf('@') + 1), path: match[3] ?? '' };
}

/** Characters Go's url.Parse accepts in a host name (besides %-escapes). */
const GO_HOST_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:\[\]<>"%]*$/;

/** Go's net/url.Parse, as far as a hosts.toml server needs it: scheme, host and path, or its error. */
function goParseUrl(raw: string): { scheme: string; host: string; path: string } | { error: string } {
  const fail = (why: string) => ({ error: `parse "${raw}": ${why}` });
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) return fail('net/url: invalid control character in URL');
  let rest = raw.replace(/#.*$/s, '');
  let scheme = '';
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (schemeMatch !== null) {
    scheme = (schemeMatch[1] ?? '').toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
  } else if (rest.startsWith(':')) return fail('missing protocol scheme');
  rest = rest.replace(/\?.*$/s, '');
  if (scheme === '' && !rest.startsWith('/') && (rest.split('/')[0] ?? '').includes(':')) return fail('first path segment in URL cannot contain colon');
  if (scheme !== '' && !rest.startsWith('/')) return { scheme, host: '', path: '' };
  let host = '';
  if (scheme !== '' && rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    host = authority.slice(authority.lastIndexOf('@') + 1);
    const bracket = host.startsWith('[') ? host.indexOf(']') : -1;
    if (host.startsWith('[') && bracket < 0) return fail("missing ']' in host");
    const afterName = bracket >= 0 ? host.slice(bracket + 1) : host.includes(':') ? host.slice(host.lastIndexOf(':')) : '';
    if (afterName !== '' && !/^:\d*$/.test(afterName)) return fail(`invalid port "${afterName}" after host`);
    const bad = [...host].find((character) => !GO_HOST_CHARACTERS.test(character));
    if (bad !== undefined) return fail(`invalid character "${bad}" in host name`);
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(rest)) return fail(`invalid URL escape "${/%.{0,2}/.exec(rest.slice(rest.search(/%(?![0-9A-Fa-f]{2})/)))?.[0] ?? '%'}"`);
  return { scheme, host, path: unescapePath(rest) };
}

/** Go's url.PathUnescape: %XX to the byte, whatever bytes they make. */
function unescapePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return Buffer.from(path.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
}

/** Go's path.Clean for a non-empty path: relative paths stay relative. */
function goCleanPath(path: string): string {
  const cleaned = cleanPath(path);
  if (path.startsWith('/')) return cleaned;
  return cleaned === '/' ? '.' : cleaned.slice(1);
}

/** parseHostConfig: a `[host."…"]` name or the `server` value → scheme, host and API path. */
function hostEntry(settings: HostsFileHost, release: ContainerdRelease, origin: string): HostEntry | { error: string } {
  let server = settings.name;
  if (!server.startsWith('http')) server = `https://${server}`;
  const url = goParseUrl(server);
  if ('error' in url) return { error: `unable to parse server ${server}: ${url.error}` };
  let path = url.path;
  if (path.length > 0) {
    path = goCleanPath(path);
    if (!path.endsWith('/v2') && !settings.overridePath) path += '/v2';
  } else if (!settings.overridePath) path = '/v2';
  const capabilities = settings.capabilities === null ? (knowsReferrers(release) ? ALL_2X : ALL_1X) : [...new Set(settings.capabilities.map((item) => item.toLowerCase()))];
  return withTls({ scheme: url.scheme, host: url.host, path, capabilities, authorization: settings.authorization, origin, settings, skipVerify: settings.skipVerify ?? false, fallback: false }, release);
}

/** ConfigureHosts' TLS: 1.7+ try a plain-http host that has TLS settings over https first, falling back to http (not on port 80). */
function withTls(entry: HostEntry, release: ContainerdRelease): HostEntry {
  const { settings } = entry;
  const explicitTls = settings.skipVerify !== null || settings.ca || settings.clientPairs !== null || entry.skipVerify;
  if (entry.scheme === 'http' && release !== '1.6' && explicitTls && splitPort(entry.host).port !== '80') return { ...entry, scheme: 'https', fallback: true };
  return entry;
}

/**
 * The host containerd adds when the list has no server: the registry itself, with the settings
 * of the file's top level (or the directory's certificates when there is no usable hosts.toml).
 */
function defaultHost(registry: string, release: ContainerdRelease, settings: HostsFileHost = EMPTY_HOST): HostEntry {
  const all = knowsReferrers(release) ? ALL_2X : ALL_1X;
  const base = { path: '/v2', capabilities: all, authorization: settings.authorization, origin: 'the default host', settings, skipVerify: settings.skipVerify ?? false, fallback: false };
  if (registry === 'docker.io') return withTls({ ...base, scheme: 'https', host: 'registry-1.docker.io', origin: 'the default host (docker.io is served by registry-1.docker.io)' }, release);
  if (isLocalhost(registry)) {
    const { port } = splitPort(registry);
    if (release === '1.6') return { ...base, scheme: 'http', host: registry, skipVerify: true, origin: 'the default host (localhost: plain http, certificate not checked)' };
    // any port but 80 gets skip_verify, and a TLS-configured plain-http host is tried over https first
    if (port === '80') return withTls({ ...base, scheme: 'http', host: registry, origin: 'the default host (localhost on port 80: plain http)' }, release);
    const https = port === '' || port === '443';
    return withTls({ ...base, scheme: https ? 'https' : 'http', host: registry, skipVerify: true, origin: `the default host (localhost: https without checking the certificate${https ? '' : ', falling back to plain http'})` }, release);
  }
  return withTls({ ...base, scheme: 'https', host: registry }, release);
}

/** parseHostsFile: the file's hosts in order, then its `server` (or the default host); an error when a name is no URL. */
function fileHosts(registry: string, file: HostsFileView, release: ContainerdRelease): HostEntry[] | { error: string } {
  const hosts: HostEntry[] = [];
  for (const settings of file.hosts) {
    const entry = hostEntry(settings, release, `[host."${settings.name}"] in ${file.path}${settings.pos === null ? '' : `:${settings.pos.line}`}`);
    if ('error' in entry) return entry;
    hosts.push(entry);
  }
  const root = file.root.name === '' ? null : hostEntry(file.root, release, `server in ${file.path}${file.root.pos === null ? '' : `:${file.root.pos.line}`}`);
  if (root !== null && 'error' in root) return root;
  // a server without a host name (no scheme and no "//") leaves the default host in its place
  if (root !== null && root.host !== '') hosts.push(root);
  // the default host takes the top level's settings; its capabilities are always all of them
  else hosts.push(defaultHost(registry, release, file.root));
  return hosts;
}

/** ConfigureHosts: the hosts.toml's hosts, or the default host with the directory's certificates; then every host's TLS files are loaded. */
function configureHosts(registry: string, dir: ContainerdHostsDir | null, release: ContainerdRelease, trace: Trace): HostEntry[] | { error: string } {
  const file = dir?.file ?? null;
  let hosts: HostEntry[] | null = null;
  if (file !== null) {
    const parsed = file.ignored === null ? fileHosts(registry, file, release) : { error: `${file.ignored.message}${file.ignored.pos === null ? '' : `, line ${file.ignored.pos.line}`}` };
    if ('error' in parsed) {
      const where = file.ignored?.pos ?? null;
      trace.skipped('containerd.hosts-file', `containerd cannot use ${file.path} (${parsed.error}): it logs "failed to decode hosts.toml" and pulls from the default host only, with the directory's certificates`, { file: file.path, ...(where === null ? {} : { line: where.line, column: where.column }) });
    } else hosts = parsed;
  }
  if (hosts === null) {
    const certs = dir?.certFiles ?? { ca: [], client: [] };
    // loadCertFiles: `*.crt` files are CAs, `*.cert` files client certificates (none: no TLS settings)
    const settings: HostsFileHost = { ...EMPTY_HOST, ca: certs.ca.length > 0, caFiles: certs.ca.length > 0 ? certs.ca : null, clientPairs: certs.client.length > 0 ? certs.client : null };
    for (const path of [...certs.ca, ...certs.client.map(([cert]) => cert)]) trace.info('containerd.hosts-dir', `${path}: ${path.endsWith('.crt') ? 'a CA certificate' : 'a client certificate'} for the default host`, { file: path });
    hosts = [defaultHost(registry, release, settings)];
  }
  for (const host of hosts) {
    const failure = tlsLoadError(host.settings.caFiles ?? [], host.settings.clientPairs ?? [], dir?.tlsFiles ?? new Map());
    if (failure !== null) {
      trace.error('containerd.tls', `${host.origin}: ${failure}; containerd fails every pull from ${registry}`);
      return { error: failure };
    }
  }
  return hosts;
}

/** The legacy CRI `registry.mirrors` (no config_path): mirrors of the host (or "*"), then the default. */
function legacyMirrorHosts(registry: string, cri: CriRegistryView, release: ContainerdRelease, trace: Trace): HostEntry[] | { error: string } {
  // 2.2 and later add the referrers capability to these hosts too
  const capabilities = knowsReferrers(release) ? ['resolve', 'pull', 'referrers'] : ['resolve', 'pull'];
  const own = cri.mirrors.find((mirror) => mirror.key === registry);
  const mirror = own ?? cri.mirrors.find((candidate) => candidate.key === '*');
  const endpoints = mirror?.endpoints ?? [];
  if (mirror !== undefined) trace.matched('containerd.mirrors', `registry.mirrors."${mirror.key}" lists ${endpoints.length} endpoint(s) for ${registry}${own === undefined ? ' (the "*" entry: no entry for the registry itself)' : ''}`, { file: cri.file.path, key: mirror.key, ...(mirror.pos === null ? {} : { line: mirror.pos.line }) });
  else if (cri.mirrors.length > 0) trace.skipped('containerd.mirrors', `registry.mirrors has no entry for ${registry} and no "*" entry`, { file: cri.file.path });
  const scheme = (host: string): string => (isLocalhost(host) ? 'http' : 'https');
  const hosts: HostEntry[] = [];
  for (const endpoint of endpoints) {
    // registryEndpoints: an endpoint Go's URL parser refuses fails every pull from the registry
    let withScheme = endpoint;
    if (!endpoint.includes('://')) {
      const bare = goParseUrl(`dummy://${endpoint}`);
      if ('error' in bare) return { error: `get registry endpoints: parse endpoint url: ${bare.error}` };
      withScheme = `${scheme(bare.host)}://${endpoint}`;
    }
    const url = goParseUrl(withScheme);
    if ('error' in url) return { error: `get registry endpoints: parse endpoint url: ${url.error}` };
    // a plain-http endpoint of a localhost registry is not checked (when configs sets no TLS for it)
    const skipVerify = isLocalhost(registry) && url.scheme === 'http';
    hosts.push({ scheme: url.scheme, host: url.host, path: url.path === '' ? '/v2' : url.path, capabilities, authorization: null, origin: `registry.mirrors."${mirror?.key ?? ''}" endpoint "${endpoint}"`, settings: EMPTY_HOST, skipVerify, fallback: false });
  }
  if (!hosts.some((host) => host.host === registry)) {
    const fallback = containerdDefaultHost(registry);
    hosts.push({ scheme: scheme(fallback), host: fallback, path: '/v2', capabilities, authorization: null, origin: 'the default endpoint, added after the mirrors', settings: EMPTY_HOST, skipVerify: scheme(fallback) === 'http', fallback: false });
  }
  return hosts;
}

// ---------------------------------------------------------------------------------------------
// k3s: registries.yaml → the hosts.toml k3s writes for the registry

interface K3sEndpoint {
  registryName: string;
  url: string;
  overridePath: boolean;
}

/** k3s normalizeEndpointAddress: a scheme by default, Docker Hub's API host, /v2 unless a path is given. */
function k3sEndpoint(endpoint: string): K3sEndpoint | null {
  const url = splitUrl(endpoint.includes('://') ? endpoint : `placeholder://${endpoint}`);
  if (url === null || url.host === '') return null;
  let scheme = endpoint.includes('://') ? url.scheme : '';
  const { port } = splitPort(url.host);
  if (scheme === '') scheme = isLocalhost(url.host) && port !== '' && port !== '443' ? 'http' : 'https';
  const registryName = url.host === 'registry-1.docker.io' ? 'docker.io' : url.host;
  const host = containerdDefaultHost(url.host);
  const defaultPath = url.path === '' || url.path === '/' || url.path === '/v2';
  return { registryName, url: `${scheme}://${host}${defaultPath ? '/v2' : url.path}`, overridePath: !defaultPath };
}

function hasConfig(entry: RegistryConfigEntry | undefined): boolean {
  return entry !== undefined && (entry.auth !== null || entry.tls);
}

/** getHostConfigs for one registry: the hosts.toml k3s writes in the directory containerd picks. */
function k3sHostsFile(registry: string, view: K3sRegistriesView, trace: Trace): HostsFileView | null {
  const file = view.file.path;
  const configOf = (key: string) => view.configs.find((entry) => entry.key === key);
  const render = (key: string): HostsFileView | null => {
    const mirror = view.mirrors.find((entry) => entry.key === key);
    const config = configOf(key);
    const defaultUrl = key === '*' ? '' : (k3sEndpoint(key)?.url ?? null);
    if (defaultUrl === null) return null;
    const hosts: HostsFileHost[] = [];
    const seen = new Set<string>();
    let defaultHasRewrites = false;
    let root: HostsFileHost = { name: defaultUrl, pos: config?.pos ?? mirror?.pos ?? null, capabilities: null, skipVerify: config?.skipVerify === true ? true : null, ca: config?.caFile !== undefined, caFiles: null, clientPairs: null, overridePath: false, authorization: null, headers: null };
    (mirror?.endpoints ?? []).forEach((raw, index, all) => {
      const endpoint = k3sEndpoint(raw);
      if (endpoint === null) {
        trace.skipped('k3s.endpoint', `k3s ignores the invalid endpoint "${raw}" of mirrors."${key}"`, { file, key });
        return;
      }
      if (seen.has(endpoint.url)) {
        trace.skipped('k3s.endpoint', `k3s skips the duplicate endpoint "${raw}" of mirrors."${key}"`, { file, key });
        return;
      }
      seen.add(endpoint.url);
      const epConfig = configOf(containerdDefaultHost(endpoint.registryName)) ?? configOf(endpoint.registryName);
      const settings: HostsFileHost = { name: endpoint.url, pos: mirror?.pos ?? null, capabilities: ['pull', 'resolve'], skipVerify: epConfig?.skipVerify === true ? true : null, ca: epConfig?.caFile !== undefined, caFiles: null, clientPairs: null, overridePath: endpoint.overridePath, authorization: null, headers: null };
      if (index + 1 === all.length && endpoint.url === defaultUrl) {
        root = { ...settings, capabilities: null };
        defaultHasRewrites = Object.keys(mirror?.rewrites ?? {}).length > 0;
      } else hosts.push(settings);
    });
    const defaultHasConfig = defaultUrl !== '' && (hasConfig(config) || root.overridePath || defaultHasRewrites);
    // k3s writes no directory when only the defaults would remain
    if (hosts.length === 0 && !defaultHasConfig) return null;
    return { path: `${file} (as k3s writes it for "${key}")`, hosts, root, ignored: null };
  };
  const own = view.mirrors.some((entry) => entry.key === registry) || view.configs.some((entry) => entry.key === registry) ? render(registry) : null;
  if (own !== null) {
    trace.matched('k3s.hosts', `k3s writes a hosts.toml for "${registry}" from registries.yaml (mirrors and configs with that exact key)`, { file, key: registry });
    return own;
  }
  const wildcard = view.mirrors.some((entry) => entry.key === '*') || view.configs.some((entry) => entry.key === '*') ? render('*') : null;
  if (wildcard !== null) {
    trace.matched('k3s.hosts', `no entry for "${registry}": containerd falls back to the "_default" directory k3s writes from the "*" entry`, { file, key: '*' });
    return wildcard;
  }
  trace.missing('k3s.hosts', `registries.yaml has no mirrors or configs entry for "${registry}" (nor "*"): containerd pulls from the default host`, { file });
  return null;
}

// ---------------------------------------------------------------------------------------------
// credentials

/** ParseAuth: username+password, else the identity token, else the base64 `auth` (user:password). */
export function parseCriAuth(auth: RegistryAuthFields): { ok: true; credentials: Credentials } | { ok: false; error: string } {
  const credentials = emptyCredentials();
  if (auth.username !== '') {
    credentials.username = auth.username;
    credentials.password = secret(auth.password);
    return { ok: true, credentials };
  }
  if (auth.identityToken !== '') {
    credentials.identityToken = secret(auth.identityToken);
    return { ok: true, credentials };
  }
  if (auth.auth !== '') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(auth.auth) || auth.auth.length % 4 === 1) return { ok: false, error: 'illegal base64 data in auth' };
    const decoded = Buffer.from(auth.auth, 'base64').toString('latin1');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false, error: 'invalid decoded auth' };
    credentials.username = decoded.slice(0, colon);
    credentials.password = secret(decoded.slice(colon + 1).replace(/^\0+|\0+$/g, ''));
    return { ok: true, credentials };
  }
  // an empty auth table: anonymous
  return { ok: true, credentials };
}

function headerCredentials(value: string): Credentials {
  const credentials = emptyCredentials();
  const basic = /^Basic\s+(.*)$/i.exec(value);
  if (basic !== null) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('latin1');
    const colon = decoded.indexOf(':');
    credentials.username = colon < 0 ? decoded : decoded.slice(0, colon);
    credentials.password = secret(colon < 0 ? '' : decoded.slice(colon + 1));
    return credentials;
  }
  credentials.registryToken = secret(value.replace(/^Bearer\s+/i, ''));
  return credentials;
}

interface EndpointDecision {
  endpoint: ContainerdEndpoint;
  credentials: Credentials | null;
  error: string | null;
  configEntry: RegistryConfigEntry | null;
}

function decideEndpoint(host: HostEntry, configs: RegistryConfigEntry[], configFile: string, trace: Trace): EndpointDecision {
  const url = `${host.scheme}://${host.host}${host.path}`;
  const tls = { skipVerify: host.skipVerify, caFiles: host.settings.caFiles ?? [], clientCertificates: host.settings.clientPairs?.length ?? 0, fallback: host.fallback };
  const base: ContainerdEndpoint = { url, host: host.host, capabilities: host.capabilities, key: null, username: null, source: 'none', secretKind: null, origin: host.origin, tls, headers: host.settings.headers ?? [] };
  const entry = configs.find((candidate) => candidate.key === host.host && candidate.auth !== null);
  const near = configs.filter((candidate) => candidate.auth !== null && candidate.key !== host.host && (candidate.key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '') === host.host || containerdDefaultHost(candidate.key) === host.host));
  for (const candidate of near) {
    trace.skipped('containerd.auth', `configs."${candidate.key}" is not used for ${host.host}: containerd looks auth up by the exact host (and port) it sends the request to, here "${host.host}"`, { file: configFile, key: candidate.key, ...(candidate.pos === null ? {} : { line: candidate.pos.line }) });
  }
  let decision: EndpointDecision = { endpoint: base, credentials: null, error: null, configEntry: null };
  if (entry?.auth != null) {
    const parsed = parseCriAuth(entry.auth);
    const where = { file: configFile, key: entry.key, ...(entry.pos === null ? {} : { line: entry.pos.line }) };
    if (!parsed.ok) {
      trace.error('containerd.auth', `configs."${entry.key}".auth cannot be used for ${host.host}: ${parsed.error}; the pull from this host fails`, where);
      decision = { ...decision, error: parsed.error, configEntry: entry };
    } else {
      const { present, kind } = describeSecretKind(parsed.credentials);
      const from = entry.fromAuths === undefined ? `configs."${entry.key}".auth` : `auths."${entry.fromAuths}" (read as configs."${entry.key}")`;
      if (present) trace.matched('containerd.auth', `${from} matches ${host.host} exactly: sent after the registry's challenge${parsed.credentials.username === null ? ' (an identity token, no username)' : ` as user "${parsed.credentials.username}"`}`, where);
      else trace.info('containerd.auth', `${from} matches ${host.host} but holds no secret: anonymous`, where);
      decision = { endpoint: { ...base, key: entry.key, username: parsed.credentials.username, source: present ? 'config' : 'none', secretKind: kind }, credentials: present ? parsed.credentials : null, error: null, configEntry: entry };
    }
  }
  if (host.authorization !== null) {
    const credentials = headerCredentials(host.authorization);
    const { kind } = describeSecretKind(credentials);
    trace.matched('containerd.header', `${host.origin} sets a static Authorization header: it goes with every request to ${host.host}${decision.credentials !== null ? `; configs."${decision.endpoint.key ?? ''}" is used only if the registry refuses it with a challenge` : ''}`);
    return { endpoint: { ...base, key: decision.endpoint.key, username: credentials.username, source: 'header', secretKind: kind }, credentials, error: null, configEntry: decision.configEntry };
  }
  if (entry === undefined) trace.missing('containerd.auth', `no configs entry has the key "${host.host}": ${host.host} is sent no credentials`, { tried: host.host });
  return decision;
}

// ---------------------------------------------------------------------------------------------

export function resolveContainerd(inputs: ContainerdInputs): Resolution {
  const trace = new Trace();
  const configFile = inputs.mode === 'k3s' ? (inputs.k3s?.file.path ?? null) : (inputs.cri?.file.path ?? null);
  const base = startResolution('containerd', inputs.registry, trace.steps, configFile);
  trace.info('containerd.release', `modelling containerd ${containerdReleaseName(inputs.release)} (${inputs.releaseWhy})`);
  trace.info('containerd.docker-config', 'containerd ignores ~/.docker/config.json; pull secrets come from the kubelet through CRI and then replace these credentials for every host (see --client kubelet)');
  let hosts: HostEntry[] | { error: string };
  let configs: RegistryConfigEntry[];
  if (inputs.mode === 'k3s') {
    const view = inputs.k3s;
    if (view === null) return base;
    if (view.error !== null) {
      base.error = `${view.file.path}: ${view.error.message}`;
      trace.error('k3s.registries', `k3s cannot read ${view.file.path} (${view.error.message}) and does not start`, { file: view.file.path, ...(view.error.pos === null ? {} : { line: view.error.pos.line, column: view.error.pos.column }) });
      return base;
    }
    trace.info('k3s.registries', `k3s writes containerd's hosts.toml files from ${view.file.path} and copies each configs entry's auth into containerd's config.toml under the same key`, { file: view.file.path });
    hosts = configureHosts(inputs.registry, { roots: [], tried: [], dir: null, file: k3sHostsFile(inputs.registry, view, trace) }, inputs.release, trace);
    configs = view.configs;
  } else {
    const cri = inputs.cri;
    if (cri === null) return base;
    if (cri.error !== null) {
      base.error = `${cri.file.path}: ${cri.error.message}`;
      trace.error('containerd.config', `containerd cannot load ${cri.file.path}: ${cri.error.message}`, { file: cri.file.path, ...(cri.error.pos === null ? {} : { line: cri.error.pos.line, column: cri.error.pos.column }) });
      return base;
    }
    if (!cri.file.exists) trace.missing('containerd.config', `${cri.file.path} does not exist: containerd runs with its defaults`, { file: cri.file.path });
    for (const ignored of cri.ignoredTables) {
      const migrated = pluginMigrationRuns(cri.version, inputs.release);
      trace.skipped('containerd.config', `${ignored.table} is not read: containerd ${containerdReleaseName(inputs.release)} reads a version ${cri.version} config's registry settings from plugins."${ignored.readFrom}".registry${migrated ? ` (migrating it to version ${currentConfigVersion(inputs.release)}, the CRI plugin's registry table replaces the images plugin's)` : isContainerd2(inputs.release) && cri.version < currentConfigVersion(inputs.release) ? ` (it loads a version ${cri.version} config as version ${currentConfigVersion(inputs.release)} without the plugins' migrations)` : ''}`, { file: cri.file.path, ...(ignored.pos === null ? {} : { line: ignored.pos.line }) });
    }
    const { path: configPath, defaulted } = effectiveConfigPath(cri, inputs.release);
    if (configPath !== null && cri.mirrors.length > 0) {
      base.error = '`mirrors` cannot be set when `config_path` is provided';
      trace.error('containerd.config', 'config.toml sets both registry.config_path and registry.mirrors: the CRI plugin refuses the configuration and nothing can be pulled through CRI', { file: cri.file.path });
      return base;
    }
    if (configPath !== null && !isContainerd2(inputs.release) && cri.configs.some((entry) => entry.tls)) {
      base.error = '`configs.tls` cannot be set when `config_path` is provided';
      trace.error('containerd.config', 'config.toml sets registry.config_path and a registry.configs.*.tls table: containerd 1.x refuses the configuration', { file: cri.file.path });
      return base;
    }
    configs = cri.configs;
    if (configPath !== null) {
      trace.info('containerd.config-path', defaulted ? `config.toml sets neither config_path nor mirrors: containerd ${containerdReleaseName(inputs.release)} uses config_path "${DEFAULT_CONFIG_PATH_2X}"` : `registry.config_path is "${configPath}": hosts come from <dir>/<host>/hosts.toml`, { file: cri.file.path, ...(cri.configPathPos === null ? {} : { line: cri.configPathPos.line }) });
      const dir = inputs.hostsDir;
      if (dir !== null) {
        for (const tried of dir.tried) {
          if (tried === dir.dir) trace.matched('containerd.hosts-dir', `${tried} exists: containerd reads its hosts.toml`, { file: tried });
          else trace.skipped('containerd.hosts-dir', `${tried} does not exist`, { tried });
        }
        if (dir.dir === null) trace.missing('containerd.hosts-dir', `no directory for ${inputs.registry} (nor _default): the default host only`);
        else if (dir.file === null) trace.info('containerd.hosts-dir', `${dir.dir} has no hosts.toml: only its certificates are used, with the default host`);
      }
      hosts = configureHosts(inputs.registry, dir, inputs.release, trace);
    } else {
      trace.info('containerd.config-path', 'registry.config_path is not set: containerd uses the deprecated registry.mirrors and registry.configs');
      if (isContainerd2(inputs.release) && cri.mirrors.length === 0) {
        trace.info('containerd.config-path', `containerd ${inputs.release} has no default config_path (2.2 and later use "${DEFAULT_CONFIG_PATH_2X}"): no hosts.toml is read, not even under /etc/containerd/certs.d`, { file: cri.file.path });
      }
      hosts = legacyMirrorHosts(inputs.registry, cri, inputs.release, trace);
    }
  }
  if ('error' in hosts) {
    base.error = hosts.error;
    trace.error('containerd.hosts', hosts.error);
    return base;
  }
  const resolving = hosts.filter((host) => host.capabilities.includes('resolve'));
  trace.info('containerd.hosts', `containerd resolves the image on ${resolving.map((host) => `${host.scheme}://${host.host}${host.path}`).join(', then ') || 'no host (no host has the "resolve" capability)'}${resolving.length > 1 ? ', moving to the next host when one fails' : ''}`);
  for (const host of hosts.filter((candidate) => !candidate.capabilities.includes('resolve'))) {
    trace.skipped('containerd.hosts', `${host.scheme}://${host.host}${host.path} (${host.origin}) lacks the "resolve" capability: it is only used to fetch ${host.capabilities.includes('pull') ? 'blobs' : 'nothing for a pull'}`);
  }
  // every host in order: the ones that resolve are tried for the manifest, the ones that pull for blobs
  const decisions = hosts.map((host) => decideEndpoint(host, configs, configFile ?? '', trace));
  const endpoints = decisions.map((decision) => decision.endpoint);
  const first = decisions.find((decision) => decision.endpoint.capabilities.includes('resolve'));
  if (first === undefined) {
    base.error = 'no host can resolve the image';
    return { ...base, endpoints };
  }
  const { present, kind } = describeSecretKind(first.credentials);
  return {
    ...base,
    key: first.endpoint.key,
    source: first.endpoint.source === 'none' ? 'none' : 'file',
    username: first.endpoint.username,
    credentials: present ? first.credentials : null,
    secretPresent: present,
    secretKind: kind,
    error: first.error,
    endpoints,
  };
}
