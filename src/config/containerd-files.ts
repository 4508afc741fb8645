import { type Document, isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { type ContainerdRelease, currentConfigVersion, isContainerd2, knowsReferrers, pluginMigrationRuns } from '../clients/containerd.js';
import type { Position } from '../util/trace.js';
import { PositionIndex } from './json.js';
import type { LoadedFile } from './model.js';
import { type TomlTable, type TomlValue, parseToml, tomlPath } from './registries-conf.js';

/**
 * The files that decide what a containerd node sends to a registry: containerd's config.toml (the
 * CRI plugin's `registry` table), the hosts.toml of a `config_path` directory, and k3s's
 * registries.yaml. Each is read into a typed view with the place of every key; what containerd
 * or k3s would refuse is an error with a line and column.
 */

export interface PlacedError {
  message: string;
  pos: Position | null;
}

/** One `auth` table (CRI `registry.configs.HOST.auth`, `registry.auths.URL`, k3s `configs.HOST.auth`). */
export interface RegistryAuthFields {
  username: string;
  password: string;
  auth: string;
  identityToken: string;
}

export interface RegistryConfigEntry {
  /** the key as written */
  key: string;
  pos: Position | null;
  auth: RegistryAuthFields | null;
  /** a `tls` table is present */
  tls: boolean;
  /** k3s only: tls.insecure_skip_verify, tls.ca_file */
  skipVerify?: boolean;
  caFile?: string;
  /** the entry came from the deprecated `registry.auths` (its URL key reduced to the host) */
  fromAuths?: string;
}

export interface MirrorEntry {
  key: string;
  pos: Position | null;
  endpoints: string[];
  rewrites: Record<string, string>;
}

/** The CRI plugin's `registry` table of config.toml. */
export interface CriRegistryView {
  file: LoadedFile;
  /** config.toml `version` (1 when absent) */
  version: number;
  /** the plugin table the registry settings were read from, e.g. io.containerd.grpc.v1.cri */
  pluginTable: string | null;
  /** registry tables under plugin names this config version does not read, and the plugin table read instead */
  ignoredTables: Array<{ table: string; pos: Position | null; readFrom: string }>;
  configPath: string | null;
  configPathPos: Position | null;
  mirrors: MirrorEntry[];
  configs: RegistryConfigEntry[];
  /** the file cannot be read or is not valid TOML: containerd does not start */
  error: PlacedError | null;
}

const CRI_V1 = 'cri';
const CRI_GRPC = 'io.containerd.grpc.v1.cri';
const CRI_IMAGES = 'io.containerd.cri.v1.images';

/**
 * The plugin tables whose `registry` containerd reads, first present wins. 1.x: `cri` in a version
 * 1 config, the gRPC CRI plugin in version 2. 2.x migrates a config older than its own version (3
 * in 2.0–2.2, 4 in 2.3 and later): the CRI plugin's `registry` replaces the images plugin's
 * (plugins/cri/images/plugin.go configMigration), so there it wins; a config of the release's own
 * version is not migrated and only the images plugin's table is read. A version 1 config (or one
 * without `version`): 2.3 migrates it step by step with the plugins, `cri` renamed to the gRPC CRI
 * plugin first (srvconfig.LoadConfigWithPlugins); 2.0–2.2 only rename its plugins while loading
 * it and then treat it as of their own version, so the plugins' migrations never run and its CRI
 * registry tables are not read (srvconfig.LoadConfig, server.New).
 */
function registryTables(version: number, release: ContainerdRelease): string[] | null {
  if (!isContainerd2(release)) return version === 1 ? [CRI_V1] : version === 2 ? [CRI_GRPC] : null;
  if (version < 1 || version > currentConfigVersion(release)) return null;
  if (!pluginMigrationRuns(version, release)) return [CRI_IMAGES];
  return version === 1 ? [CRI_V1, CRI_GRPC, CRI_IMAGES] : [CRI_GRPC, CRI_IMAGES];
}

/** containerd's refusal of a config version it does not know (cmd/containerd/server/config ValidateVersion in 2.x). */
function unsupportedVersion(version: number, release: ContainerdRelease): string {
  if (isContainerd2(release) && version > currentConfigVersion(release)) return `expected containerd config version equal to or less than \`${currentConfigVersion(release)}\`, got \`${version}\``;
  return `unsupported config version ${version}`;
}

/** Where a table starts: its own header, else the first header or key inside it (implicit tables). */
function positionUnder(positions: Map<string, Position>, path: string[]): Position | null {
  const exact = positions.get(tomlPath(path));
  if (exact !== undefined) return exact;
  const prefix = `${tomlPath(path).slice(0, -1)},`;
  let first: Position | null = null;
  for (const [key, pos] of positions) if (key.startsWith(prefix) && (first === null || pos.offset < first.offset)) first = pos;
  return first;
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class PlacedFailure extends Error {
  constructor(
    message: string,
    readonly pos: Position | null,
  ) {
    super(message);
  }
}

function stringField(table: TomlTable, key: string, where: string, positions: Map<string, Position>, path: string[]): string {
  const value = table[key];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new PlacedFailure(`${where}.${key} must be a string`, positions.get(tomlPath([...path, key])) ?? null);
  return value;
}

function tomlAuth(table: TomlTable, where: string, positions: Map<string, Position>, path: string[]): RegistryAuthFields {
  return {
    username: stringField(table, 'username', where, positions, path),
    password: stringField(table, 'password', where, positions, path),
    auth: stringField(table, 'auth', where, positions, path),
    identityToken: stringField(table, 'identitytoken', where, positions, path),
  };
}

/**
 * The host a `registry.auths` key stands for: containerd parses the key as a URL and keeps only
 * its host when it has a scheme (Go's url.Parse: a leading `name:` is a scheme, so
 * "reg.example.com:5000" becomes the empty host); a key without a colon stays as written.
 */
export function authsKeyHost(key: string): { ok: true; host: string } | { ok: false; message: string } {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(key);
  if (scheme !== null) {
    const rest = key.slice(scheme[0].length);
    if (!rest.startsWith('//')) return { ok: true, host: '' };
    const authority = rest.slice(2).split(/[/?#]/, 1)[0] ?? '';
    return { ok: true, host: authority.slice(authority.lastIndexOf('@') + 1) };
  }
  const firstSegment = key.split('/', 1)[0] ?? '';
  if (firstSegment.includes(':')) return { ok: false, message: `failed to parse registry url "${key}" from \`registry.auths\`: parse "${key}": first path segment in URL cannot contain colon` };
  return { ok: true, host: key };
}

/** config.toml as containerd 1.6–2.x reads the CRI plugin's registry settings. */
export function decodeCriRegistry(file: LoadedFile, release: ContainerdRelease): CriRegistryView {
  const view: CriRegistryView = { file, version: 1, pluginTable: null, ignoredTables: [], configPath: null, configPathPos: null, mirrors: [], configs: [], error: null };
  if (!file.exists) return view;
  if (file.ioError !== null) return { ...view, error: { message: file.ioError.message, pos: null } };
  const parsed = parseToml(file.text);
  if (!parsed.ok) return { ...view, error: { message: `toml: line ${parsed.error.pos.line}, column ${parsed.error.pos.column}: ${parsed.error.message}`, pos: parsed.error.pos } };
  const positions = parsed.pathPositions;
  try {
    const version = parsed.value['version'];
    if (version !== undefined && typeof version !== 'number') throw new PlacedFailure('version must be an integer', positions.get(tomlPath(['version'])) ?? null);
    view.version = version ?? 1;
    const tables = registryTables(view.version, release);
    if (tables === null) throw new PlacedFailure(unsupportedVersion(view.version, release), positions.get(tomlPath(['version'])) ?? null);
    const plugins = parsed.value['plugins'];
    if (!isTable(plugins)) return view;
    const hasRegistry = (name: string): boolean => {
      const plugin = plugins[name];
      return isTable(plugin) && isTable(plugin['registry']);
    };
    const wanted = tables.find(hasRegistry) ?? tables[0] ?? CRI_GRPC;
    for (const name of Object.keys(plugins)) {
      if (hasRegistry(name) && name !== wanted) view.ignoredTables.push({ table: `plugins."${name}".registry`, pos: positionUnder(positions, ['plugins', name, 'registry']), readFrom: wanted });
    }
    const plugin = plugins[wanted];
    const registry = isTable(plugin) ? plugin['registry'] : undefined;
    if (!isTable(registry)) return view;
    view.pluginTable = wanted;
    const base = ['plugins', wanted, 'registry'];
    const where = `plugins."${wanted}".registry`;
    const configPath = registry['config_path'];
    if (configPath !== undefined) {
      if (typeof configPath !== 'string') throw new PlacedFailure(`${where}.config_path must be a string`, positions.get(tomlPath([...base, 'config_path'])) ?? null);
      view.configPath = configPath;
      view.configPathPos = positions.get(tomlPath([...base, 'config_path'])) ?? null;
    }
    const mirrors = registry['mirrors'];
    if (isTable(mirrors)) {
      for (const [key, mirror] of Object.entries(mirrors)) {
        const path = [...base, 'mirrors', key];
        const endpoints = isTable(mirror) ? (mirror['endpoint'] ?? []) : null;
        if (!Array.isArray(endpoints) || endpoints.some((endpoint) => typeof endpoint !== 'string')) {
          throw new PlacedFailure(`${where}.mirrors."${key}".endpoint must be a list of strings`, positions.get(tomlPath(path)) ?? null);
        }
        view.mirrors.push({ key, pos: positionUnder(positions, path), endpoints: endpoints as string[], rewrites: {} });
      }
    }
    const configs = registry['configs'];
    if (isTable(configs)) {
      for (const [key, config] of Object.entries(configs)) {
        if (!isTable(config)) continue;
        const path = [...base, 'configs', key];
        const auth = config['auth'];
        view.configs.push({
          key,
          pos: positionUnder(positions, path),
          auth: isTable(auth) ? tomlAuth(auth, `${where}.configs."${key}".auth`, positions, [...path, 'auth']) : null,
          tls: isTable(config['tls']),
        });
      }
    }
    const auths = registry['auths'];
    if (isTable(auths)) {
      for (const [key, auth] of Object.entries(auths)) {
        if (!isTable(auth)) continue;
        const path = [...base, 'auths', key];
        const pos = positionUnder(positions, path);
        const host = authsKeyHost(key);
        if (!host.ok) throw new PlacedFailure(host.message, pos);
        const fields = tomlAuth(auth, `${where}.auths."${key}"`, positions, path);
        const existing = view.configs.find((entry) => entry.key === host.host);
        if (existing !== undefined) Object.assign(existing, { auth: fields, fromAuths: key, pos });
        else view.configs.push({ key: host.host, pos, auth: fields, tls: false, fromAuths: key });
      }
    }
  } catch (error) {
    if (!(error instanceof PlacedFailure)) throw error;
    return { ...view, error: { message: error.message, pos: error.pos } };
  }
  return view;
}

// ---------------------------------------------------------------------------------------------
// hosts.toml

/** One `[host."URL"]` table, or the file's top level (the `server`). */
export interface HostsFileHost {
  /** the table's name, or the `server` value ('' when the file sets none) */
  name: string;
  pos: Position | null;
  /** the `capabilities` list; null when not set (all capabilities) */
  capabilities: string[] | null;
  skipVerify: boolean | null;
  /** the `ca` setting is present */
  ca: boolean;
  /** the `ca` files, made absolute against the host directory; null when not set (k3s: not checked) */
  caFiles: string[] | null;
  /** the `client` certificate and key files ('' as key: the key is in the certificate's file); null when none */
  clientPairs: Array<[string, string]> | null;
  overridePath: boolean;
  /** a static Authorization header (first value) */
  authorization: string | null;
  /** the `header` table's names as written, sorted; null when the table is absent */
  headers: string[] | null;
}

export interface HostsFileView {
  path: string;
  /** the `[host."…"]` tables in the order of the file */
  hosts: HostsFileHost[];
  /** the top level: `server` and its settings */
  root: HostsFileHost;
  /**
   * Why containerd does not use this file (it logs "failed to decode hosts.toml" and carries on
   * as if the directory held only certificates); null when it uses it.
   */
  ignored: PlacedError | null;
}

/** A host with nothing set: the top level of a file without `server`, or a directory without hosts.toml. */
export const EMPTY_HOST: HostsFileHost = { name: '', pos: null, capabilities: null, skipVerify: null, ca: false, caFiles: null, clientPairs: null, overridePath: false, authorization: null, headers: null };

const CAPABILITIES_1X = ['pull', 'resolve', 'push'];
const CAPABILITIES_2X = [...CAPABILITIES_1X, 'referrers'];

function hostSettings(table: TomlTable, name: string, pos: Position | null, positions: Map<string, Position>, path: string[], release: ContainerdRelease, baseDir: string): HostsFileHost {
  const referrers = knowsReferrers(release);
  const at = (key: string): Position | null => positions.get(tomlPath([...path, key])) ?? pos;
  const capabilities = table['capabilities'];
  let list: string[] | null = null;
  if (capabilities !== undefined) {
    if (!Array.isArray(capabilities) || capabilities.some((item) => typeof item !== 'string')) throw new PlacedFailure('capabilities must be a list of strings', at('capabilities'));
    list = capabilities as string[];
    const known = referrers ? CAPABILITIES_2X : CAPABILITIES_1X;
    const unknown = list.find((item) => !known.includes(item.toLowerCase()));
    if (unknown !== undefined) throw new PlacedFailure(`unknown capability ${unknown}`, at('capabilities'));
  }
  const skipVerify = table['skip_verify'];
  if (skipVerify !== undefined && typeof skipVerify !== 'boolean') throw new PlacedFailure('skip_verify must be a boolean', at('skip_verify'));
  const overridePath = table['override_path'];
  if (overridePath !== undefined && typeof overridePath !== 'boolean') throw new PlacedFailure('override_path must be a boolean', at('override_path'));
  const ca = table['ca'];
  if (ca !== undefined && typeof ca !== 'string' && !(Array.isArray(ca) && ca.every((item) => typeof item === 'string'))) throw new PlacedFailure(`invalid type for "ca"`, at('ca'));
  const absolute = (file: string): string => (file.startsWith('/') ? file : joinPath(baseDir, file));
  const caFiles = ca === undefined ? null : (typeof ca === 'string' ? [ca] : (ca as string[])).map(absolute);
  const clientPairs = clientSetting(table['client'], absolute, at('client'));
  let authorization: string | null = null;
  let headers: string[] | null = null;
  const header = table['header'];
  if (header !== undefined) {
    if (!isTable(header)) throw new PlacedFailure('header must be a table', at('header'));
    headers = [];
    for (const [key, value] of Object.entries(header)) {
      const values = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null;
      if (values === null) throw new PlacedFailure(`invalid type for header "${key}"`, positions.get(tomlPath([...path, 'header', key])) ?? at('header'));
      headers.push(key);
      // Go's http.Header is read with canonical names: "authorization" and "Authorization" are one
      if (key.toLowerCase() === 'authorization' && values[0] !== undefined) authorization = values[0];
    }
    headers.sort();
  }
  // 2.0 and later: `dial_timeout`, a Go duration; 1.x does not know the key
  const dialTimeout = table['dial_timeout'];
  if (dialTimeout !== undefined && isContainerd2(release)) {
    if (typeof dialTimeout !== 'string') throw new PlacedFailure('dial_timeout must be a string', at('dial_timeout'));
    if (dialTimeout !== '' && !isGoDuration(dialTimeout)) throw new PlacedFailure(`time: invalid duration "${dialTimeout}"`, at('dial_timeout'));
  }
  return { name, pos, capabilities: list, skipVerify: skipVerify ?? null, ca: ca !== undefined, caFiles, clientPairs, overridePath: overridePath ?? false, authorization, headers };
}

/** `client`: one file, a list of files (certificate and key in each), or a list of [certificate, key] pairs. */
function clientSetting(value: TomlValue | undefined, absolute: (file: string) => string, pos: Position | null): Array<[string, string]> | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return [[absolute(value), '']];
  if (!Array.isArray(value)) throw new PlacedFailure('invalid type for "client"', pos);
  let pairs: Array<[string, string]> | null = null;
  for (const item of value) {
    if (typeof item === 'string') {
      (pairs ??= []).push([absolute(item), '']);
      continue;
    }
    if (!Array.isArray(item)) throw new PlacedFailure('invalid type for "client"', pos);
    if (!item.every((part) => typeof part === 'string')) throw new PlacedFailure('a "client" pair must hold strings', pos);
    if (item.length !== 2) throw new PlacedFailure('invalid pair for "client" (a certificate and a key file)', pos);
    // an empty key names the host directory itself, as containerd makes every path absolute
    (pairs ??= []).push([absolute(item[0] as string), absolute(item[1] as string)]);
  }
  return pairs;
}

/** Go's time.ParseDuration syntax: "0", or signed decimal numbers each with a unit. */
function isGoDuration(text: string): boolean {
  return text === '0' || /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$/.test(text) || /^[-+]0$/.test(text);
}

function joinPath(base: string, file: string): string {
  const parts: string[] = [];
  for (const part of `${base}/${file}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `${base.startsWith('/') ? '/' : ''}${parts.join('/')}`;
}

/**
 * hosts.toml as containerd's remotes/docker/config reads it. `release` decides the differences:
 * 1.6 ignores a file without any `[host]` table (its `server` too); 2.2 and later know `referrers`.
 */
export function decodeHostsFile(path: string, text: string, release: ContainerdRelease): HostsFileView {
  const empty: HostsFileHost = EMPTY_HOST;
  // relative `ca` and `client` paths are read from the host directory
  const baseDir = path.slice(0, Math.max(0, path.lastIndexOf('/'))) || '/';
  const view: HostsFileView = { path, hosts: [], root: empty, ignored: null };
  const parsed = parseToml(text);
  if (!parsed.ok) return { ...view, ignored: { message: `failed to parse TOML: ${parsed.error.message}`, pos: parsed.error.pos } };
  // 1.x's go-toml (v1) cannot read a table name holding "[" or "]", even quoted: an IPv6 host table
  const bracketed = /^[ \t]*\[[^[\n]*"[^"\n]*[[\]][^"\n]*"[^\n]*\]/m.exec(text);
  if (!isContainerd2(release) && bracketed !== null) {
    const line = text.slice(0, bracketed.index).split('\n').length;
    return { ...view, ignored: { message: "failed to parse TOML: a table name cannot contain ']' (containerd 1.x's TOML reader)", pos: { line, column: 1, offset: bracketed.index } } };
  }
  const positions = parsed.pathPositions;
  try {
    const hostTable = parsed.value['host'];
    if (hostTable !== undefined && !isTable(hostTable)) throw new PlacedFailure('host must be a table', positions.get(tomlPath(['host'])) ?? null);
    if (hostTable === undefined && release === '1.6') throw new PlacedFailure('invalid `host` tree (containerd 1.6 reads a hosts.toml only when it has a [host."…"] table)', null);
    for (const [name, settings] of Object.entries(hostTable ?? {})) {
      if (!isTable(settings)) throw new PlacedFailure(`host."${name}" must be a table`, positions.get(tomlPath(['host', name])) ?? null);
      view.hosts.push(hostSettings(settings, name, positions.get(tomlPath(['host', name])) ?? null, positions, ['host', name], release, baseDir));
    }
    const server = parsed.value['server'];
    if (server !== undefined && typeof server !== 'string') throw new PlacedFailure('server must be a string', positions.get(tomlPath(['server'])) ?? null);
    view.root = hostSettings(parsed.value, server ?? '', positions.get(tomlPath(['server'])) ?? null, positions, [], release, baseDir);
  } catch (error) {
    if (!(error instanceof PlacedFailure)) throw error;
    return { ...view, hosts: [], root: empty, ignored: { message: error.message, pos: error.pos } };
  }
  // go-toml orders the host tables by the line they start on
  view.hosts.sort((a, b) => (a.pos?.offset ?? 0) - (b.pos?.offset ?? 0));
  return view;
}

// ---------------------------------------------------------------------------------------------
// k3s registries.yaml

export interface K3sRegistriesView {
  file: LoadedFile;
  mirrors: MirrorEntry[];
  configs: RegistryConfigEntry[];
  /** k3s refuses to start with a file it cannot read or unmarshal */
  error: PlacedError | null;
}

function yamlPosition(text: string, node: YamlNode | null | undefined): Position | null {
  const offset = node?.range?.[0];
  return offset === undefined ? null : new PositionIndex(text).at(offset);
}

/** yaml.v2 into a Go struct: aliases stand for what they name, a later duplicate key wins. */
class YamlReader {
  constructor(
    readonly text: string,
    readonly document: Document,
  ) {}

  deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.document) : node;
  }

  /** a scalar into a Go string: yaml.v2 keeps the text as written (0x1F stays "0x1F") */
  string(raw: unknown, what: string): string {
    const node = this.deref(raw);
    if (node === null || node === undefined) return '';
    if (isScalar(node)) {
      if (node.value === null) return '';
      if (typeof node.value === 'string') return node.value;
      return node.source ?? String(node.value);
    }
    throw new PlacedFailure(`${what} must be a string`, yamlPosition(this.text, node as YamlNode));
  }

  entries(raw: unknown, what: string): Array<{ key: string; keyNode: YamlNode | null; value: unknown }> {
    const node = this.deref(raw);
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isMap(node)) throw new PlacedFailure(`${what} must be a mapping`, yamlPosition(this.text, node as YamlNode));
    const byKey = new Map<string, { key: string; keyNode: YamlNode | null; value: unknown }>();
    for (const pair of node.items) {
      const keyNode = this.deref(pair.key);
      const key = isScalar(keyNode) ? (typeof keyNode.value === 'string' ? keyNode.value : (keyNode.source ?? String(keyNode.value))) : String(keyNode);
      byKey.delete(key);
      byKey.set(key, { key, keyNode: (pair.key as YamlNode | null) ?? null, value: this.deref(pair.value) });
    }
    return [...byKey.values()];
  }

  field(raw: unknown, name: string): unknown {
    const node = this.deref(raw);
    if (!isMap(node)) return undefined;
    const pair = node.items.findLast((item) => isScalar(item.key) && item.key.value === name);
    return this.deref(pair?.value);
  }
}

/** /etc/rancher/k3s/registries.yaml as k3s (wharfie's registries.Registry, yaml.v2) reads it. */
export function decodeK3sRegistries(file: LoadedFile): K3sRegistriesView {
  const view: K3sRegistriesView = { file, mirrors: [], configs: [], error: null };
  if (!file.exists) return view;
  if (file.ioError !== null) return { ...view, error: { message: file.ioError.message, pos: null } };
  const text = file.text;
  const document = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  const yaml = new YamlReader(text, document);
  const [problem] = document.errors;
  if (problem !== undefined) return { ...view, error: { message: `yaml: ${problem.message.split('\n')[0] ?? ''}`, pos: yamlPosition(text, { range: [problem.pos[0], problem.pos[1], problem.pos[1]] } as unknown as YamlNode) } };
  try {
    const root = document.contents;
    if (root !== null && !isMap(root) && !(isScalar(root) && root.value === null)) throw new PlacedFailure('registries.yaml must be a mapping', yamlPosition(text, root));
    for (const { key, keyNode, value } of yaml.entries(yaml.field(root, 'mirrors'), 'mirrors')) {
      const endpointNode = yaml.field(value, 'endpoint');
      const endpoints: string[] = [];
      if (endpointNode !== undefined && endpointNode !== null) {
        if (!isSeq(endpointNode)) throw new PlacedFailure(`mirrors."${key}".endpoint must be a list`, yamlPosition(text, endpointNode as YamlNode));
        for (const item of endpointNode.items) endpoints.push(yaml.string(item, `mirrors."${key}".endpoint`));
      }
      const rewrites: Record<string, string> = {};
      for (const rewrite of yaml.entries(yaml.field(value, 'rewrite'), `mirrors."${key}".rewrite`)) rewrites[rewrite.key] = yaml.string(rewrite.value, `mirrors."${key}".rewrite`);
      view.mirrors.push({ key, pos: yamlPosition(text, keyNode), endpoints, rewrites });
    }
    for (const { key, keyNode, value } of yaml.entries(yaml.field(root, 'configs'), 'configs')) {
      const authNode = yaml.field(value, 'auth');
      const tlsNode = yaml.field(value, 'tls');
      const hasAuth = authNode !== undefined && authNode !== null && !(isScalar(authNode) && authNode.value === null);
      const auth = hasAuth
        ? {
            username: yaml.string(yaml.field(authNode, 'username'), 'username'),
            password: yaml.string(yaml.field(authNode, 'password'), 'password'),
            auth: yaml.string(yaml.field(authNode, 'auth'), 'auth'),
            identityToken: yaml.string(yaml.field(authNode, 'identity_token'), 'identity_token'),
          }
        : null;
      const hasTls = tlsNode !== undefined && tlsNode !== null && !(isScalar(tlsNode) && tlsNode.value === null);
      const skip = yaml.field(tlsNode, 'insecure_skip_verify');
      const caFile = yaml.string(yaml.field(tlsNode, 'ca_file'), 'ca_file');
      view.configs.push({ key, pos: yamlPosition(text, keyNode), auth, tls: hasTls, skipVerify: isScalar(skip) && skip.value === true, ...(caFile === '' ? {} : { caFile }) });
    }
  } catch (error) {
    if (!(error instanceof PlacedFailure)) throw error;
    return { ...view, error: { message: error.message, pos: error.pos } };
  }
  return view;
}
