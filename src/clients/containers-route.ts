import type { AliasCacheView, AliasEntry, EndpointTable, RegistriesConfView, RegistryTable, V1List } from '../config/registries-conf.js';
import { NAME_TOTAL_LENGTH_MAX, namesRegistry, parseContainersName, parseContainersReference } from '../reference/containers.js';
import { type Position, Trace, type TraceStep } from '../util/trace.js';
import { type ContainersFeatures, describeSwitch } from './containers-versions.js';

/**
 * Where podman, skopeo and buildah really send a pull or a push (containers/image
 * pkg/shortnames Resolve, pkg/sysregistriesv2 FindRegistry and PullSourcesFromReference, the
 * docker:// transport's endpoint loop): short names through aliases and the
 * unqualified-search registries, `[[registry]]` prefixes rewritten to their location, mirrors
 * tried before the registry, blocked registries refused. Each endpoint is contacted with the
 * credentials stored for its own name, not for the name the user typed. Pure: the files are
 * read by the caller.
 */

export type ShortNameMode = 'enforcing' | 'permissive' | 'disabled';
export type RouteTool = 'podman' | 'skopeo' | 'buildah';
export type RouteOperation = 'pull' | 'push';

export interface Place {
  file: string;
  line: number | null;
  column?: number;
}

/** One `[[registry]]` after containers/image's checks: prefix defaulted, locations without a trailing "/". */
export interface RouteRule extends Omit<RegistryTable, 'pos' | 'mirrors'> {
  at: Place;
  mirrors: Array<Omit<EndpointTable, 'pos'> & { at: Place }>;
}

interface AliasValue {
  /** null: an empty value, which removes the alias */
  value: string | null;
  at: Place;
}

/** registries.conf and its drop-ins merged the way containers/image merges them. */
export interface RoutingConfig {
  rules: RouteRule[];
  search: string[];
  /** the file named in "no unqualified-search registries are defined in …"; "" when containers/image names none */
  searchOrigin: string;
  searchAt: Place | null;
  mode: ShortNameMode;
  modeAt: Place | null;
  aliases: Map<string, AliasValue>;
  /** podman's own alias cache (~/.cache/containers/short-name-aliases.conf), consulted first */
  userAliases: Map<string, AliasValue>;
  /** the alias cache cannot be read or holds an invalid alias: a short name then fails to resolve */
  userAliasesError: string | null;
  userAliasesErrorAt: Place | null;
  /** a file the tools refuse: nothing is pulled or pushed */
  error: string | null;
  errorAt: Place | null;
  /** files in the version-1 format: converted to [[registry]] tables (before containers/image 5.40) or refused */
  v1Files: V1File[];
}

export interface V1File extends Place {
  /** false: the file was refused (a drop-in, mixed with version-2 settings, or containers/image 5.40 and later) */
  converted: boolean;
  /** the same settings written in the version-2 format; null when a location cannot be converted */
  asV2: string | null;
}

export interface RouteSource {
  /** the reference the client asks for at this endpoint */
  reference: string;
  /** its name: the key credentials are looked up under */
  name: string;
  registry: string;
  role: 'mirror' | 'primary';
  insecure: boolean;
  /** the `[[registry]]` whose prefix matched; null when none did */
  rule: Place & { prefix: string } | null;
  /** where the mirror is configured */
  mirrorAt: Place | null;
  /** the client refuses this endpoint: its name matches a blocked `[[registry]]` */
  blocked: boolean;
}

export interface RouteCandidate {
  /** the fully qualified image this candidate stands for */
  image: string;
  /** endpoints in the order they are tried: mirrors first, the registry last (one for a push) */
  sources: RouteSource[];
  error: string | null;
}

export type RouteErrorCode = 'reference' | 'config' | 'short-name-no-tty' | 'short-name-no-search-registries' | 'rewrite';

export interface ContainersRoute {
  tool: RouteTool;
  operation: RouteOperation;
  image: string;
  shortName: {
    mode: ShortNameMode;
    modeAt: Place | null;
    /** alias: one candidate from an alias; search: one per unqualified-search registry */
    via: 'alias' | 'search';
    /** the line podman prints, e.g. `Resolved "alpine" as an alias (/etc/containers/registries.conf.d/shortnames.conf)` */
    description: string;
    at: Place | null;
    /** in a terminal podman asks which candidate to use (and records the answer as an alias) */
    prompts: boolean;
  } | null;
  /** pulled in this order, the first that works wins */
  candidates: RouteCandidate[];
  /** registries.conf files in the version-1 format, converted or refused */
  v1Files: V1File[];
  error: { code: RouteErrorCode; message: string } | null;
  trace: TraceStep[];
}

// ---------------------------------------------------------------------------------------------
// merging the files

/** A load error, with the place in the file that caused it when one does. */
class LoadError extends Error {
  constructor(
    message: string,
    readonly pos: Position | null = null,
  ) {
    super(message);
  }
}

function parseLocation(input: string, pos: Position | null = null): string {
  const trimmed = input.replace(/\/+$/, '');
  if (trimmed.startsWith('http://') || trimmed.startsWith('https://')) throw new LoadError(`invalid location '${input}': URI schemes are not supported`, pos);
  return trimmed;
}

const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const PULL_FROM_MIRROR = new Set(['', 'all', 'digest-only', 'tag-only']);

/** What one file sets, after the version-1 format is converted. */
interface FileSettings {
  tables: RegistryTable[];
  search: string[] | null;
  searchPos: Position | null;
  mode: string | null;
  modePos: Position | null;
  aliases: AliasEntry[];
  /** the file is in the version-1 format and was converted */
  v1: Position | null;
}

/** A setting counts as written when its key is there (5.24 and later) or when it is not empty (before). */
function written(list: readonly unknown[] | null, strict: boolean): boolean {
  return list !== null && (strict || list.length > 0);
}

function v1Lists(view: RegistriesConfView): V1List[] {
  return [view.v1.search, view.v1.insecure, view.v1.block];
}

function v2Written(view: RegistriesConfView, strict: boolean): boolean {
  return (
    (strict ? view.registriesSet : view.registries.length > 0) ||
    written(view.unqualifiedSearchRegistries, strict) ||
    written(view.credentialHelpers, strict) ||
    (view.shortNameMode ?? '') !== '' ||
    (strict ? view.aliasesSet : view.aliases.length > 0)
  );
}

/**
 * ConvertToV2: each blocked, then each insecure location becomes (or joins) a [[registry]] whose
 * prefix is its location; the search list becomes unqualified-search-registries.
 */
function fromV1(view: RegistriesConfView): RegistryTable[] {
  const byLocation = new Map<string, RegistryTable>();
  const table = (entry: string, pos: Position | null): RegistryTable => {
    const location = parseLocation(entry, pos);
    const found = byLocation.get(location) ?? { location, prefix: location, insecure: false, blocked: false, mirrorByDigestOnly: false, pullFromMirror: '', mirrors: [], pos };
    byLocation.set(location, found);
    return found;
  };
  for (const entry of view.v1.block.entries ?? []) table(entry, view.v1.block.pos).blocked = true;
  for (const entry of view.v1.insecure.entries ?? []) table(entry, view.v1.insecure.pos).insecure = true;
  return [...byLocation.values()];
}

/** The first version-1 list the release counts as written, if any. */
function v1Written(view: RegistriesConfView, features: ContainersFeatures): V1List | undefined {
  return v1Lists(view).find((list) => written(list.entries, features.registriesConfV1Strict));
}

const tomlString = (value: string): string => JSON.stringify(value);

/**
 * The version-1 settings as version-2 text, one line per key (the tables inline), to put in place
 * of the [registries.*] tables: what a file needs to say to be read by every release.
 */
function v1AsV2(view: RegistriesConfView): string | null {
  let tables: RegistryTable[];
  try {
    tables = fromV1(view);
  } catch (error) {
    if (error instanceof LoadError) return null;
    throw error;
  }
  const search = view.v1.search.entries;
  // a file mixing both formats that already sets the same keys needs a choice, not a rewrite
  if ((search !== null && view.unqualifiedSearchRegistries !== null) || (tables.length > 0 && view.registriesSet)) return null;
  const lines: string[] = [];
  if (search !== null) lines.push(`unqualified-search-registries = [${search.map((entry) => tomlString(entry.replace(/\/+$/, ''))).join(', ')}]`);
  const inline = tables.map((table) => `{ location = ${tomlString(table.location)}${table.blocked ? ', blocked = true' : ''}${table.insecure ? ', insecure = true' : ''} }`);
  if (inline.length > 0) lines.push(`registry = [${inline.join(', ')}]`);
  return lines.join('\n');
}

/** loadConfigFile's format check: version 1 is converted (main file only), refused (5.40), or an error when mixed with version 2. */
function settingsOf(view: RegistriesConfView, features: ContainersFeatures, dropIn: boolean): FileSettings {
  const strict = features.registriesConfV1Strict;
  const v1 = v1Written(view, features);
  if (v1 === undefined) {
    return { tables: view.registries, search: view.unqualifiedSearchRegistries, searchPos: view.unqualifiedSearchRegistriesPos, mode: view.shortNameMode, modePos: view.shortNameModePos, aliases: view.aliases, v1: null };
  }
  if (features.registriesConfV1Refused) throw new LoadError('registries.conf must be in v2 format but is in v1', v1.pos);
  if (dropIn) throw new LoadError('registry must be in v2 format but is in v1', v1.pos);
  // 5.24 and later append the decoded file in Go syntax (": sysregistriesv2.tomlConfig{...}")
  if (v2Written(view, strict)) throw new LoadError('mixing sysregistry v1/v2 is not supported', v1.pos);
  return { tables: fromV1(view), search: view.v1.search.entries, searchPos: view.v1.search.pos, mode: null, modePos: null, aliases: [], v1: v1.pos };
}

/** postProcessRegistries and the checks loadConfigFile makes for one file. */
function checkFile(view: RegistriesConfView, features: ContainersFeatures, dropIn: boolean): { rules: RouteRule[]; settings: FileSettings } {
  const settings = settingsOf(view, features, dropIn);
  const place = (pos: { line: number } | null): Place => ({ file: view.path, line: pos?.line ?? null });
  const rules: RouteRule[] = settings.tables.map((table) => {
    const location = parseLocation(table.location, table.pos);
    let prefix = location;
    if (table.prefix === '') {
      if (location === '') throw new LoadError('invalid condition: both location and prefix are unset', table.pos);
    } else {
      prefix = parseLocation(table.prefix, table.pos);
      if (!prefix.startsWith('*.') && location === '') throw new LoadError('invalid condition: location is unset and prefix is not in the format: *.example.com', table.pos);
    }
    if (table.pullFromMirror !== '') throw new LoadError(`pull-from-mirror must not be set for a non-mirror registry "${prefix}"`, table.pos);
    const mirrors = table.mirrors.map((mirror) => {
      const mirrorLocation = parseLocation(mirror.location, mirror.pos);
      if (mirrorLocation === '') throw new LoadError('invalid condition: mirror location is unset', mirror.pos);
      if (table.mirrorByDigestOnly && mirror.pullFromMirror !== '') {
        throw new LoadError(`cannot set mirror usage mirror-by-digest-only for the registry ("${prefix}") and pull-from-mirror for per-mirror ("${mirrorLocation}") at the same time`, mirror.pos);
      }
      if (!PULL_FROM_MIRROR.has(mirror.pullFromMirror)) throw new LoadError(`unsupported pull-from-mirror value "${mirror.pullFromMirror}" for mirror "${mirrorLocation}"`, mirror.pos);
      // before 5.40 the checks ran on a copy of the mirror: its location kept a trailing "/"
      return { location: features.registriesConfSearchV2 ? mirrorLocation : mirror.location, insecure: mirror.insecure, pullFromMirror: mirror.pullFromMirror, at: place(mirror.pos) };
    });
    return { ...table, location, prefix, mirrors, at: place(table.pos) };
  });
  const group = (rule: RouteRule): string => (rule.location === '' ? rule.prefix : rule.location);
  for (const rule of rules) {
    for (const other of rules.filter((candidate) => group(candidate) === group(rule))) {
      const pos = settings.tables[rules.indexOf(other)]?.pos ?? null;
      if (rule.insecure !== other.insecure) throw new LoadError(`registry '${rule.location}' is defined multiple times with conflicting 'insecure' setting`, pos);
      if (rule.blocked !== other.blocked) throw new LoadError(`registry '${rule.location}' is defined multiple times with conflicting 'blocked' setting`, pos);
    }
  }
  settings.search = settings.search?.map((entry) => {
    const registry = parseLocation(entry, settings.searchPos);
    if (!DOMAIN.test(registry)) throw new LoadError(`Invalid unqualified-search-registries entry "${registry}"`, settings.searchPos);
    return registry;
  }) ?? null;
  // the first table with a prefix wins inside one file
  const unique = new Map<string, RouteRule>();
  for (const rule of rules) if (!unique.has(rule.prefix)) unique.set(rule.prefix, rule);
  if (settings.mode !== null && settings.mode !== '' && !['enforcing', 'permissive', 'disabled'].includes(settings.mode)) {
    throw new LoadError(`invalid short-name mode: "${settings.mode}"`, settings.modePos);
  }
  for (const rule of unique.values()) {
    if (rule.prefix.startsWith('*.') && /[/@:]/.test(rule.prefix)) {
      const table = settings.tables.find((candidate) => candidate.prefix.replace(/\/+$/, '') === rule.prefix);
      throw new LoadError(`Wildcarded prefix should be in the format: *.example.com. Current prefix "${rule.prefix}" is incorrectly formatted`, table?.pos ?? null);
    }
  }
  checkAliases(settings.aliases, features);
  return { rules: [...unique.values()], settings };
}

/** The first path component names a registry (see namesRegistry). */
function hasRegistry(name: string): boolean {
  const slash = name.indexOf('/');
  return slash !== -1 && namesRegistry(name.slice(0, slash));
}

/** validateShortName: a repository without registry, tag or digest. */
/**
 * The common shapes of a valid alias, told by one small pattern each: a lower-case repository
 * path whose first component holds no "." and is not "localhost" (so it names no registry), and
 * a registry with a "." or a port followed by such a path. Whatever they accept the full checks
 * below accept too (a property test holds them to it); anything else goes through those.
 */
const PLAIN_SHORT_NAME = /^(?!localhost\/)[a-z0-9]+(?:(?:_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const PLAIN_ALIAS_VALUE = /^[a-z0-9]+(?:-+[a-z0-9]+)*(?:(?:\.[a-z0-9]+(?:-+[a-z0-9]+)*)+(?::[0-9]+)?|:[0-9]+)(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/;

/** Whether the alias is valid without parsing it (see PLAIN_SHORT_NAME); false says nothing. */
export function isPlainAlias(name: string, value: string): boolean {
  return name.length <= NAME_TOTAL_LENGTH_MAX && PLAIN_SHORT_NAME.test(name) && (value === '' || (value.length <= NAME_TOTAL_LENGTH_MAX && PLAIN_ALIAS_VALUE.test(value)));
}

export function shortNameProblem(name: string): string | null {
  const parsed = parseContainersName(name);
  if (!parsed.ok) return `cannot parse short name: "${name}": ${parsed.message}`;
  if (parsed.digest !== null) return `invalid short name "${name}": must not contain digest`;
  if (parsed.tag !== null) return `invalid short name "${name}": must not contain tag`;
  if (namesRegistry(parsed.domain)) return `invalid short name "${name}": must not contain registry`;
  return null;
}

/** parseShortNameValue: a registry and a repository, without tag or digest. */
export function aliasValueProblem(value: string): string | null {
  const parsed = parseContainersName(value);
  if (!parsed.ok) return `parsing alias "${value}": ${parsed.message}`;
  if (parsed.digest !== null) return `invalid alias "${value}": must not contain digest`;
  if (parsed.tag !== null) return `invalid alias "${value}": must not contain tag`;
  if (!namesRegistry(parsed.domain)) return `invalid alias "${value}": must contain registry and repository`;
  return null;
}

/** Every alias is checked and all problems reported: one per line from 5.31, before as a chain with the first problem last. */
function aliasProblems(aliases: readonly AliasEntry[], features: ContainersFeatures): { text: string; pos: Position | null } | null {
  const problems: string[] = [];
  let pos: Position | null = null;
  for (let index = 0; index < aliases.length; index += 1) {
    const { name, value, pos: at } = aliases[index] as AliasEntry;
    if (isPlainAlias(name, value)) continue;
    const found = [shortNameProblem(name), value === '' ? null : aliasValueProblem(value)].filter((problem) => problem !== null);
    if (found.length > 0) pos ??= at;
    problems.push(...found);
  }
  if (problems.length === 0) return null;
  return { text: features.aliasErrorsJoined ? problems.join('\n') : problems.slice(1).reduce((chain, problem) => `${problem}\n: ${chain}`, problems[0] ?? ''), pos };
}

function checkAliases(aliases: readonly AliasEntry[], features: ContainersFeatures): void {
  const found = aliasProblems(aliases, features);
  if (found !== null) throw new LoadError(`validating short-name aliases: ${found.text}`, found.pos);
}

/** podman's alias cache is decoded and every alias checked when a short name is looked up in it. */
function aliasCacheProblem(cache: AliasCacheView, features: ContainersFeatures): { message: string; at: Place } | null {
  const { error } = cache;
  const found = error !== null ? { text: `toml: line ${error.pos.line}, column ${error.pos.column}: ${error.message}`, pos: error.pos } : aliasProblems(cache.aliases, features);
  if (found === null) return null;
  return { message: `loading short-name aliases config file "${cache.path}": ${found.text}`, at: { file: cache.path, line: found.pos?.line ?? null } };
}

function aliasMap(aliases: readonly AliasEntry[], file: string): Map<string, AliasValue> {
  return new Map(aliases.map((alias) => [alias.name, { value: alias.value === '' ? null : alias.value, at: { file, line: alias.pos?.line ?? null } }]));
}

/**
 * The files in the order the tool reads them (main file first, drop-ins after), and podman's
 * alias cache. `mainExists` says whether the main registries.conf was there.
 */
export function mergeRouting(views: readonly RegistriesConfView[], features: ContainersFeatures, options: { mainExists: boolean; userAliases?: AliasCacheView | null }): RoutingConfig {
  const cacheProblem = options.userAliases ? aliasCacheProblem(options.userAliases, features) : null;
  return {
    ...mergeFiles(views, features, options.mainExists),
    userAliases: options.userAliases && cacheProblem === null ? aliasMap(options.userAliases.aliases, options.userAliases.path) : new Map(),
    userAliasesError: cacheProblem?.message ?? null,
    userAliasesErrorAt: cacheProblem?.at ?? null,
  };
}

type FilesRouting = Omit<RoutingConfig, 'userAliases' | 'userAliasesError' | 'userAliasesErrorAt'>;

/**
 * What the files decide, merged once per list of views and release: a resolution asks twice
 * (for the credential helpers, then for the route), and checking every alias of a distribution's
 * drop-ins is most of the work. The views and the result are not changed afterwards.
 */
const mergedFiles = new WeakMap<readonly RegistriesConfView[], { key: string; merged: FilesRouting }>();

function mergeFiles(views: readonly RegistriesConfView[], features: ContainersFeatures, mainExists: boolean): FilesRouting {
  const key = `${String(mainExists)}\u0000${JSON.stringify(features)}`;
  const known = mergedFiles.get(views);
  if (known?.key === key) return known.merged;
  const config: FilesRouting = {
    rules: [],
    search: [],
    searchOrigin: '',
    searchAt: null,
    mode: 'permissive',
    modeAt: null,
    aliases: new Map(),
    error: null,
    errorAt: null,
    v1Files: [],
  };
  const byPrefix = new Map<string, RouteRule>();
  views.forEach((view, index) => {
    if (config.error !== null) return;
    // the main file may be in the version-1 format; a drop-in (or a first file without a main one) must not
    const dropIn = index > 0 || !mainExists;
    // before 5.40 an error in a drop-in says so
    const loading = `loading ${dropIn && !features.registriesConfSearchV2 ? 'drop-in ' : ''}registries configuration "${view.path}"`;
    if (view.error !== null) {
      config.error = `${loading}: toml: line ${view.error.pos.line}, column ${view.error.pos.column}: ${view.error.message}`;
      config.errorAt = { file: view.path, line: view.error.pos.line, column: view.error.pos.column };
      return;
    }
    let checked: ReturnType<typeof checkFile>;
    try {
      checked = checkFile(view, features, dropIn);
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      config.error = `${loading}: ${error.message}`;
      config.errorAt = { file: view.path, line: error.pos?.line ?? null, ...(error.pos === null ? {} : { column: error.pos.column }) };
      const v1 = v1Written(view, features);
      if (v1 !== undefined) config.v1Files.push({ file: view.path, line: v1.pos?.line ?? null, converted: false, asV2: v1AsV2(view) });
      return;
    }
    const { settings } = checked;
    if (settings.v1 !== null) config.v1Files.push({ file: view.path, line: settings.v1.line, converted: true, asV2: v1AsV2(view) });
    for (const rule of checked.rules) byPrefix.set(rule.prefix, rule);
    // before 5.40 the main file names itself as the origin of the (possibly empty) search list
    if (settings.search !== null || (index === 0 && mainExists && !features.registriesConfSearchV2)) {
      config.searchOrigin = view.path;
      if (settings.search !== null) {
        config.search = settings.search;
        config.searchAt = { file: view.path, line: settings.searchPos?.line ?? null };
      }
    }
    if (settings.mode !== null && settings.mode !== '') {
      config.mode = settings.mode as ShortNameMode;
      config.modeAt = { file: view.path, line: settings.modePos?.line ?? null };
    }
    for (const [name, value] of aliasMap(settings.aliases, view.path)) config.aliases.set(name, value);
  });
  config.rules = [...byPrefix.keys()].sort(compareBytes).map((prefix) => byPrefix.get(prefix) as RouteRule);
  mergedFiles.set(views, { key, merged: config });
  return config;
}

function compareBytes(a: string, b: string): number {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return Buffer.compare(left, right);
}

// ---------------------------------------------------------------------------------------------
// matching

interface Ref {
  name: string;
  /** name with tag or digest */
  text: string;
  registry: string;
  digested: boolean;
}

function toRef(text: string): Ref | string {
  const parsed = parseContainersReference(text);
  if (!parsed.ok) return parsed.message;
  const suffix = parsed.digest !== null ? `@${parsed.digest}` : `:${parsed.tag ?? 'latest'}`;
  return { name: parsed.name, text: `${parsed.name}${suffix}`, registry: parsed.registry, digested: parsed.digest !== null };
}

/** refMatchingPrefix: the length of the matched prefix, or -1. */
export function matchPrefix(ref: string, prefix: string): number {
  if (prefix.startsWith('*.')) {
    const rest = prefix.slice(1);
    let index = ref.indexOf(rest);
    if (index === -1 || ref.slice(0, index).includes('/')) return -1;
    index += rest.length;
    return index === ref.length || ':/@'.includes(ref[index] ?? '') ? index : -1;
  }
  if (ref.length < prefix.length) return -1;
  if (ref.length === prefix.length) return ref === prefix ? prefix.length : -1;
  if (!ref.startsWith(prefix)) return -1;
  // "example.com:5000" matches the prefix "example.com" too (containers/image says not to rely on it)
  return ':/@'.includes(ref[prefix.length] ?? '') ? prefix.length : -1;
}

/** FindRegistry: the longest matching prefix; the first of equal length in sorted order. */
export function findRule(config: RoutingConfig, name: string): RouteRule | null {
  let found: RouteRule | null = null;
  for (const rule of config.rules) {
    if (matchPrefix(name, rule.prefix) !== -1 && rule.prefix.length > (found?.prefix.length ?? 0)) found = rule;
  }
  return found;
}

function rewrite(ref: Ref, prefix: string, location: string): Ref | string {
  const at = matchPrefix(ref.text, prefix);
  if (at === -1) return `invalid prefix '${prefix}' for reference '${ref.text}'`;
  if (location === '') return ref;
  const text = location + ref.text.slice(at);
  const parsed = toRef(text);
  if (typeof parsed === 'string') return `rewriting reference: ${parsed}`;
  // ParseNamed wants the canonical spelling: "docker.io/alpine" is refused
  if (!text.startsWith(parsed.name) || !['', ':', '@'].includes(text.charAt(parsed.name.length))) return 'rewriting reference: repository name must be canonical';
  return parsed;
}

function sourceOf(config: RoutingConfig, ref: Ref, role: RouteSource['role'], rule: RouteRule | null, insecure: boolean, mirrorAt: Place | null): RouteSource {
  const own = findRule(config, ref.name);
  return {
    reference: ref.text,
    name: ref.name,
    registry: ref.registry,
    role,
    insecure,
    rule: rule === null ? null : { prefix: rule.prefix, ...rule.at },
    mirrorAt,
    blocked: own?.blocked ?? false,
  };
}

/** PullSourcesFromReference, and the endpoint a push goes to. */
function sourcesFor(config: RoutingConfig, ref: Ref, operation: RouteOperation, trace: Trace): RouteCandidate {
  const candidate: RouteCandidate = { image: ref.text, sources: [], error: null };
  const rule = findRule(config, ref.name);
  if (operation === 'push') {
    trace.info('route.push', `a push goes to ${ref.registry} itself: prefixes are not rewritten and mirrors are not used`);
    candidate.sources.push(sourceOf(config, ref, 'primary', rule, rule?.insecure ?? false, null));
    return candidate;
  }
  if (rule === null) {
    trace.info('route.registry', `no [[registry]] prefix matches "${ref.name}": pulled from ${ref.registry} directly`);
    candidate.sources.push(sourceOf(config, ref, 'primary', null, false, null));
    return candidate;
  }
  trace.matched('route.registry', `[[registry]] prefix "${rule.prefix}" is the longest that matches "${ref.name}"${rule.location === '' ? '' : ` (location "${rule.location}")`}`, { file: rule.at.file, ...(rule.at.line === null ? {} : { line: rule.at.line }), key: rule.prefix });
  const endpoints: Array<{ endpoint: Omit<EndpointTable, 'pos'>; at: Place | null }> = [];
  for (const mirror of rule.mirrors) {
    const skip = rule.mirrorByDigestOnly ? !ref.digested : (mirror.pullFromMirror === 'digest-only' && !ref.digested) || (mirror.pullFromMirror === 'tag-only' && ref.digested);
    const where = { file: mirror.at.file, ...(mirror.at.line === null ? {} : { line: mirror.at.line }), tried: mirror.location };
    if (skip) {
      const why = rule.mirrorByDigestOnly ? 'mirror-by-digest-only is set and the image is pulled by tag' : `pull-from-mirror = "${mirror.pullFromMirror}" and the image is pulled by ${ref.digested ? 'digest' : 'tag'}`;
      trace.skipped('route.mirror', `mirror ${mirror.location} is not used: ${why}`, where);
      continue;
    }
    trace.matched('route.mirror', `mirror ${mirror.location} is tried before the registry`, where);
    endpoints.push({ endpoint: mirror, at: mirror.at });
  }
  endpoints.push({ endpoint: rule, at: null });
  endpoints.forEach(({ endpoint, at }, index) => {
    if (candidate.error !== null) return;
    const rewritten = rewrite(ref, rule.prefix, endpoint.location);
    if (typeof rewritten === 'string') {
      candidate.error = rewritten;
      candidate.sources = [];
      trace.error('route.rewrite', `"${ref.text}" cannot be rewritten for ${endpoint.location}: ${rewritten}`, { file: rule.at.file });
      return;
    }
    const role = index === endpoints.length - 1 ? 'primary' : 'mirror';
    candidate.sources.push(sourceOf(config, rewritten, role, rule, endpoint.insecure, at));
  });
  return candidate;
}

// ---------------------------------------------------------------------------------------------
// short names

function lookupAlias(config: RoutingConfig, name: string): AliasValue | null {
  for (const table of [config.userAliases, config.aliases]) {
    const alias = table.get(name);
    if (alias?.value !== null && alias !== undefined) return alias;
    if (alias !== undefined && table === config.userAliases) return null;
  }
  return null;
}

export interface RouteInputs {
  image: string;
  tool: RouteTool;
  operation: RouteOperation;
  config: RoutingConfig;
  features: ContainersFeatures;
  /** podman prompts only when both stdin and stdout are terminals */
  tty: boolean;
}

export function routeContainers(inputs: RouteInputs): ContainersRoute {
  const { image, tool, operation, config, features } = inputs;
  const trace = new Trace();
  const route: ContainersRoute = { tool, operation, image, shortName: null, candidates: [], v1Files: [], error: null, trace: trace.steps };
  const fail = (code: RouteErrorCode, message: string, at: Place | null = null): ContainersRoute => {
    route.error = { code, message };
    trace.error(`route.${code}`, message, at === null ? {} : { file: at.file, ...(at.line === null ? {} : { line: at.line }), ...(at.column === undefined ? {} : { column: at.column }) });
    return route;
  };
  trace.info('route.search', describeSwitch('registriesConfSearchV2', features));
  for (const at of config.v1Files) {
    const how = at.converted ? 'read as version 2: [registries.search] as unqualified-search-registries, [registries.block] and [registries.insecure] as [[registry]] tables with blocked or insecure = true' : 'refused';
    trace.info('route.v1', `${at.file} is in the version-1 format, ${how} (${describeSwitch('registriesConfV1Refused', features)})`, { file: at.file, ...(at.line === null ? {} : { line: at.line }) });
  }
  route.v1Files = config.v1Files;
  if (config.error !== null) return fail('config', config.error, config.errorAt);
  const resolvesShortNames = tool !== 'skopeo' && operation === 'pull';
  let input = image;
  if (resolvesShortNames) {
    // libimage (podman, buildah) reads the name with reference.Parse first and returns its error as it is
    const written = parseContainersName(image);
    if (!written.ok) return fail('reference', written.message);
    if (written.tag !== null && written.digest !== null) {
      input = `${written.domain === '' ? '' : `${written.domain}/`}${written.path}@${written.digest}`;
      trace.info('route.tag-and-digest', `${tool} drops the tag of "${image}" and pulls ${input}: with a digest as well, the digest alone names the image (Docker compatibility)`);
    }
  }
  const typed = toRef(input);
  if (typeof typed === 'string') return fail('reference', typed);
  const unqualified = input.split(/[:@]/)[0] ?? input;
  const short = !hasRegistry(input);
  let images: Ref[] = [typed];
  if (short && !resolvesShortNames) {
    trace.info('route.short-name', tool === 'skopeo' ? `skopeo reads "${input}" as ${typed.name}: the docker:// transport does no short-name resolution` : `a ${operation} of "${input}" goes to ${typed.name}`);
  } else if (short) {
    const repo = unqualified;
    const suffix = input.slice(repo.length);
    if (config.userAliasesError !== null) return fail('config', config.userAliasesError, config.userAliasesErrorAt);
    const alias = lookupAlias(config, repo);
    if (alias !== null && alias.value !== null) {
      const aliased = toRef(`${alias.value}${suffix}`);
      if (typeof aliased === 'string') return fail('reference', aliased);
      const origin = alias.at.file;
      route.shortName = { mode: config.mode, modeAt: config.modeAt, via: 'alias', description: `Resolved "${repo}" as an alias (${origin})`, at: alias.at, prompts: false };
      trace.matched('route.alias', `"${repo}" is an alias for ${alias.value}`, { file: origin, ...(alias.at.line === null ? {} : { line: alias.at.line }) });
      images = [aliased];
    } else {
      if (config.search.length === 0) {
        const where = config.searchOrigin === '' ? 'no containers-registries.conf(5) was found' : `no unqualified-search registries are defined in "${config.searchOrigin}"`;
        return fail('short-name-no-search-registries', `short-name "${input}" did not resolve to an alias and ${where}`, config.searchOrigin === '' ? null : { file: config.searchOrigin, line: null });
      }
      images = [];
      for (const registry of config.search) {
        const ref = toRef(`${registry}/${input}`);
        if (typeof ref === 'string') return fail('reference', `creating reference with unqualified-search registry "${registry}": ${ref}`);
        images.push(ref);
      }
      const several = images.length > 1 && config.mode !== 'disabled';
      route.shortName = {
        mode: config.mode,
        modeAt: config.modeAt,
        via: 'search',
        description: `Resolving "${repo}" using unqualified-search registries (${config.searchOrigin})`,
        at: config.searchAt,
        prompts: several && inputs.tty,
      };
      const modeWhere = config.modeAt === null ? 'the default' : `set in ${config.modeAt.file}${config.modeAt.line === null ? '' : `:${config.modeAt.line}`}`;
      trace.matched('route.search-registries', `"${repo}" has no alias: one candidate per unqualified-search registry (${config.search.join(', ')}); short-name-mode "${config.mode}" (${modeWhere})`, config.searchAt === null ? {} : { file: config.searchAt.file, ...(config.searchAt.line === null ? {} : { line: config.searchAt.line }) });
      if (several && inputs.tty) trace.info('route.prompt', `${tool} asks in the terminal which of ${images.length} candidates to pull and records the answer as an alias`);
      if (several && !inputs.tty && config.mode === 'enforcing') {
        return fail('short-name-no-tty', 'short-name resolution enforced but cannot prompt without a TTY', config.modeAt);
      }
    }
  }
  for (const ref of images) route.candidates.push(sourcesFor(config, ref, operation, trace));
  const first = route.candidates[0];
  if (first?.error !== null && first?.error !== undefined) route.error = { code: 'rewrite', message: first.error };
  return route;
}
