import type { DockerAuthEntry, DockerConfigView } from '../config/model.js';
import type { DockerAuthConfigEnvEntry, DockerAuthConfigEnvView, DockerAuthEntryDetail } from '../config/docker-file.js';
import { authAt, authCount, authKeysOf, authsIdentity, builtAuths } from '../config/lazy-auths.js';
import { clientErrorText } from '../helpers/client-messages.js';
import type { HelperAnswer } from '../helpers/model.js';
import { helperKey } from '../helpers/model.js';
import type { Secret } from '../util/secret.js';
import { Trace, type Warning, visitUnlessCounted } from '../util/trace.js';
import { DOCKER_HUB_KEY, dockerAuthConfigKey, dockerConvertToHostname } from './keys.js';
import { FirstPositions, ReducedPositions } from './positions.js';
import { type Credentials, type EngineAuth, type Resolution, EMPTY_ENGINE_AUTH, describeSecretKind, emptyCredentials, startResolution } from './model.js';
import { type DockerVersion, type HostnameRule, dockerFeatures, formatDockerVersion } from './versions.js';

/**
 * The Docker CLI's lookup (docker/cli configfile.GetAuthConfig → GetCredentialsStore → Get),
 * as a pure function of the loaded files and the helper answers.
 */
export interface DockerInputs {
  /** registry domain of the normalised image, e.g. "docker.io" */
  registry: string;
  version: DockerVersion;
  /** config.json (or, for Docker < 23 without config.json, the legacy ~/.dockercfg view) */
  config: DockerConfigView;
  /** the implicit store Docker picks when the file holds no auth at all */
  defaultStore: string | null;
  authConfigEnv: DockerAuthConfigEnvView | null;
  answers: ReadonlyMap<string, HelperAnswer>;
  /**
   * What the caller does with a failing helper: the Docker CLI's commands resolve auth with
   * ResolveAuthConfig, which drops GetAuthConfig's error and sends the file's entry it came with
   * ('ignored', the default); go-containerregistry's keychain returns the error ('fatal').
   */
  helperErrors?: 'ignored' | 'fatal';
}

interface FileStoreHit {
  entry: DockerAuthEntry;
  how: 'exact' | 'hostname';
  /** other keys that reduce to the same host (Go map order picks among them) */
  rivals: DockerAuthEntry[];
}

export function resolveDocker(inputs: DockerInputs): Resolution {
  const { registry, version, config } = inputs;
  const features = dockerFeatures(version);
  const trace = new Trace();
  const warnings: Warning[] = [...config.warnings];
  const file = config.file.path;
  const key = dockerAuthConfigKey(registry);
  const base = startResolution('docker', registry, trace.steps, file);
  base.warnings = warnings;
  base.engineAuth = EMPTY_ENGINE_AUTH;

  trace.info('docker.version', `modelling Docker CLI ${formatDockerVersion(version)}`);
  if (key === DOCKER_HUB_KEY) {
    trace.info('docker.key', `the image is on Docker Hub (${registry}); Docker looks it up only under the key "${DOCKER_HUB_KEY}"`, { tried: key });
  } else {
    trace.info('docker.key', `Docker looks up the registry's host "${key}": first the exact key, then every key reduced to its host`, { tried: key });
  }

  describeFileState(config, trace, file);

  if (inputs.authConfigEnv?.present === true) {
    const fromEnv = lookupAuthConfigEnv(inputs.authConfigEnv, key, features.authConfigEnv, trace, warnings);
    if (fromEnv !== null) {
      // reported as a file source whose configFile names the variable
      const result: Resolution = { ...base, key, configFile: 'DOCKER_AUTH_CONFIG', source: 'file', engineAuth: { ...EMPTY_ENGINE_AUTH, username: fromEnv.username, password: fromEnv.password, serverAddress: key } };
      return withCredentials(result, trace, sentCredentials(fromEnv.username, fromEnv.password, null, null, trace, key));
    }
  }

  const helper = chooseStore(config, key, inputs.defaultStore, trace);
  const hit = fileStoreGet(config, key, features.hostnameRule, trace);
  if (hit !== null && hit.rivals.length > 0) markRivals(base, hit, key, warnings, trace, file);
  noteOrderDependentDecode(base, config, hit, warnings, trace);

  if (helper === null) {
    if (hit === null) {
      trace.missing('docker.result', `no entry for "${key}": Docker sends no credentials`);
      return base;
    }
    return finish(base, trace, { key: hit.entry.key, entry: hit.entry, configFile: file });
  }

  const query = { helper: helper.name, serverURL: key };
  const answer = inputs.answers.get(helperKey(query));
  if (answer === undefined) {
    base.pendingHelperQueries.push(query);
    return base;
  }
  if (hit !== null && hasPlaintextCredentials(hit.entry)) {
    const warning = {
      id: 'docker.plaintext-ignored-for-helper',
      message: `the plain-text credentials under "${hit.entry.key}" are ignored: Docker asks the helper "${helper.name}" for "${key}" instead`,
      file,
      line: hit.entry.keyPos.line,
      column: hit.entry.keyPos.column,
      key: hit.entry.key,
    };
    warnings.push(warning);
    trace.warning('docker.plaintext-ignored', warning.message, { key: hit.entry.key, file, line: hit.entry.keyPos.line });
  }
  const result = applyHelperAnswer(base, trace, { helper: helper.name, key, answer, fileEntry: hit?.entry ?? null, file });
  if (result.error === null || inputs.helperErrors === 'fatal') return result;
  if (answer.kind !== 'timeout') return ignoreHelperError(base, result.error, trace, hit, file, warnings);
  // a helper that never answers: the Docker CLI waits; commands that gave up on it would send the file's entry
  const fallback = hit === null ? null : sentCredentials(hit.entry.username, hit.entry.password, hit.entry.identityToken, hit.entry.registryToken, new Trace(), hit.entry.key);
  result.errorFallback = { username: fallback?.username ?? null, key: hit?.entry.key ?? null, credentials: fallback === null || !describeSecretKind(fallback).present ? null : fallback };
  return result;
}

/**
 * Recorded from the real CLI (28.2 and 20.10; push and pull through the recording daemon, and
 * manifest inspect): a helper that is missing, fails or answers garbage is reported and then
 * ignored — the native store returns the file's own entry for the key along with the error, and
 * the commands send it.
 */
function ignoreHelperError(base: Resolution, error: string, trace: Trace, hit: FileStoreHit | null, file: string, warnings: Warning[]): Resolution {
  warnings.push({ id: 'docker.helper-error-ignored', message: `${error}: Docker ignores the helper's error and sends ${hit === null ? 'no credentials' : `the file's own entry "${hit.entry.key}"`}` });
  trace.warning('helper.ignored', `Docker ignores the helper's error and sends ${hit === null ? 'no credentials (the file has no entry for the key)' : `the file's own entry "${hit.entry.key}"`} (push, pull and manifest inspect alike)`);
  if (hit === null) {
    trace.missing('docker.result', 'Docker sends no credentials');
    return base;
  }
  return finish(base, trace, { key: hit.entry.key, entry: hit.entry, configFile: file });
}

function describeFileState(config: DockerConfigView, trace: Trace, file: string): void {
  if (config.file.ioError !== null) {
    trace.error('docker.file', `Docker cannot read ${file}: ${config.file.ioError.message}`, { file });
  } else if (!config.file.exists) {
    trace.missing('docker.file', `${file} does not exist: Docker starts from an empty configuration`, { file });
  } else {
    trace.info('docker.file', `reading ${file}`, { file });
  }
  if (config.loadError !== null) {
    trace.warning('docker.load-error', `Docker prints "WARNING: Error loading config file: ${config.loadError.message}" and carries on with what it parsed`, {
      file,
      ...(config.loadError.pos === null ? {} : { line: config.loadError.pos.line, column: config.loadError.pos.column }),
    });
  }
}

/** getConfiguredCredentialStore: credHelpers[key] (even empty), else credsStore, else the detected default. */
export function chooseStore(config: DockerConfigView, key: string, defaultStore: string | null, trace = new Trace()): { name: string } | null {
  const perRegistry = credHelpersIndexOf(config).get(key);
  for (const [index, entry] of config.credHelpers.entries()) {
    if (entry === perRegistry) continue;
    if (trace.summarises('docker.credHelpers')) {
      // the rest are only counted: all but the one for the key
      const rest = config.credHelpers.length - index;
      trace.skippedUnlisted('docker.credHelpers', perRegistry !== undefined && config.credHelpers.indexOf(perRegistry, index) !== -1 ? rest - 1 : rest);
      break;
    }
    trace.skipped('docker.credHelpers', `credHelpers key "${entry.key}" is not "${key}" (Docker matches credHelpers keys exactly)`, {
      key: entry.key,
      tried: entry.key,
      line: entry.pos.line,
      column: entry.pos.column,
    });
  }
  if (perRegistry !== undefined && perRegistry.helper === '') {
    trace.matched('docker.credHelpers', `credHelpers["${key}"] is empty: Docker keeps this registry's credentials in the file, whatever credsStore says`, {
      key,
      line: perRegistry.pos.line,
      column: perRegistry.pos.column,
    });
    return null;
  }
  if (perRegistry !== undefined) {
    trace.matched('docker.credHelpers', `credHelpers["${key}"] names the helper "${perRegistry.helper}"`, {
      key,
      tried: `docker-credential-${perRegistry.helper}`,
      line: perRegistry.pos.line,
      column: perRegistry.pos.column,
    });
    return { name: perRegistry.helper };
  }
  if (config.credsStore !== null && config.credsStore.value !== '') {
    trace.matched('docker.credsStore', `credsStore names the helper "${config.credsStore.value}" for every registry without a credHelpers entry`, {
      tried: `docker-credential-${config.credsStore.value}`,
      line: config.credsStore.pos.line,
      column: config.credsStore.pos.column,
    });
    return { name: config.credsStore.value };
  }
  if (defaultStore !== null) {
    trace.matched('docker.default-store', `the file holds no credentials at all, so Docker uses the platform's default helper "${defaultStore}" (docker-credential-${defaultStore} is on PATH)`, {
      tried: `docker-credential-${defaultStore}`,
    });
    return { name: defaultStore };
  }
  trace.info('docker.store', 'no credential helper applies: credentials come from the file itself');
  return null;
}

/** fileStore.Get: the exact key, else any key whose host equals the lookup key. */
function fileStoreGet(config: DockerConfigView, key: string, rule: HostnameRule, trace: Trace): FileStoreHit | null {
  const index = authsIndexOf(config);
  const exactAt = index.firstUnder(key);
  if (exactAt !== undefined) {
    const exact = authAt(config, exactAt);
    trace.matched('docker.auths.exact', `auths has the exact key "${key}"`, at(exact, config));
    for (const position of index.reducingTo(key, rule)) {
      const entry = authAt(config, position);
      if (position !== exactAt) trace.skipped('docker.auths.shadowed', `"${entry.key}" also names ${key} but the exact key wins`, at(entry, config));
    }
    return { entry: exact, how: 'exact', rivals: [] };
  }
  const matches: DockerAuthEntry[] = [];
  // entries no release reduces to the key are skipped without a release note; once skipped steps
  // are only counted, runs of them are counted at once
  visitUnlessCounted(trace, 'docker.auths.hostname', index.size, index.concerning(key, rule), (position) => {
    const entry = authAt(config, position);
    const host = index.hostOf(position, rule);
    if (host === key) {
      matches.push(entry);
      trace.matched('docker.auths.hostname', `"${entry.key}" reduces to the host "${host}", which equals "${key}"`, at(entry, config));
    } else {
      trace.skipped('docker.auths.hostname', explainMiss(entry.key, host, key), at(entry, config));
    }
    noteOtherReleases(entry, key, rule, trace, config);
  });
  const [first, ...rivals] = matches;
  if (first === undefined) return null;
  return { entry: first, how: 'hostname', rivals };
}

/**
 * The auths of one decoded file (a view is decoded once per run and looked up for every key `ls`
 * and `doctor` meet): the first entry under each key, and each entry's host under each release's
 * rule, scanned for the first few lookups and indexed after them (positions.ts).
 */
class AuthsIndex {
  readonly bad: DockerAuthEntry[];
  /** the keys of the entries whose auth does not decode, quoted, as the decode-order warning lists them */
  readonly badKeys: string;
  readonly #keys: readonly string[];
  readonly #exact: FirstPositions;
  readonly #hosts = new Map<HostnameRule, ReducedPositions>();

  /** how many entries the view had when indexed */
  readonly size: number;

  /** `bad`: the entries whose auth does not decode (none in a view read the cheap way, whose entries are built on use) */
  constructor(keys: readonly string[], bad: DockerAuthEntry[]) {
    this.#keys = keys;
    this.#exact = new FirstPositions(keys);
    this.size = keys.length;
    this.bad = bad;
    this.badKeys = this.bad.map((entry) => `"${entry.key}"`).join(', ');
  }

  /** the position of the first entry under exactly this key */
  firstUnder(key: string): number | undefined {
    return this.#exact.get(key);
  }

  hostOf(position: number, rule: HostnameRule): string {
    return this.#hostsUnder(rule).at(position);
  }

  /** Positions, ascending, of the entries whose key reduces to the host under the rule. */
  reducingTo(host: string, rule: HostnameRule): readonly number[] {
    return this.#hostsUnder(rule).get(host);
  }

  /** Positions, ascending, of the entries reducing to the key under the rule, or (keys with a scheme) under another release's. */
  concerning(key: string, rule: HostnameRule): number[] {
    const positions = new Set(this.reducingTo(key, rule));
    // the rules differ only for keys with a scheme: only those are reduced under the others
    for (const position of this.#withScheme()) {
      if (positions.has(position)) continue;
      const entryKey = this.#keys[position] as string;
      for (const other of Object.keys(RELEASES_BY_RULE) as HostnameRule[]) {
        if (other !== rule && dockerConvertToHostname(entryKey, other) === key) positions.add(position);
      }
    }
    return [...positions].sort((a, b) => a - b);
  }

  #schemePositions: number[] | null = null;

  /** positions of the keys with a scheme */
  #withScheme(): number[] {
    if (this.#schemePositions === null) {
      this.#schemePositions = [];
      for (let position = 0; position < this.#keys.length; position += 1) if ((this.#keys[position] as string).includes('://')) this.#schemePositions.push(position);
    }
    return this.#schemePositions;
  }

  /** the rules differ only for keys with a scheme: without any, every rule is read as one */
  #sameUnder(rule: HostnameRule): HostnameRule {
    return this.#withScheme().length === 0 ? 'strip-http-prefix' : rule;
  }

  #hostsUnder(given: HostnameRule): ReducedPositions {
    const rule = this.#sameUnder(given);
    let hosts = this.#hosts.get(rule);
    if (hosts === undefined) {
      // a key without a slash reduces to itself under every rule (see dockerConvertToHostname)
      hosts = new ReducedPositions(this.#keys, (key) => (key.includes('/') ? dockerConvertToHostname(key, rule) : key));
      this.#hosts.set(rule, hosts);
    }
    return hosts;
  }
}

const authsIndexes = new WeakMap<object, AuthsIndex>();

function authsIndexOf(config: DockerConfigView): AuthsIndex {
  const identity = authsIdentity(config);
  let index = authsIndexes.get(identity);
  if (index === undefined || index.size !== authCount(config)) {
    const built = builtAuths(config);
    index = new AuthsIndex(authKeysOf(config), built === null ? [] : built.filter((entry) => entry.authError !== null));
    authsIndexes.set(identity, index);
  }
  return index;
}

/** The first auths entry under exactly this key (Go's map keeps one). */
export function authEntryUnder(config: DockerConfigView, key: string): DockerAuthEntry | undefined {
  const position = authsIndexOf(config).firstUnder(key);
  return position === undefined ? undefined : authAt(config, position);
}

const credHelpersIndexes = new WeakMap<DockerConfigView['credHelpers'], Map<string, DockerConfigView['credHelpers'][number]>>();

/** The first credHelpers entry under each key. */
function credHelpersIndexOf(config: DockerConfigView): Map<string, DockerConfigView['credHelpers'][number]> {
  let index = credHelpersIndexes.get(config.credHelpers);
  if (index === undefined || index.size > config.credHelpers.length) {
    index = new Map();
    for (const entry of config.credHelpers) if (!index.has(entry.key)) index.set(entry.key, entry);
    credHelpersIndexes.set(config.credHelpers, index);
  }
  return index;
}

const RELEASES_BY_RULE: Record<HostnameRule, string> = {
  'strip-http-prefix': 'Docker 26.1 and earlier',
  'url-parse-no-port': 'Docker 27.0.1',
  'url-parse': 'Docker 27.0.2 to 29.6',
  'url-parse-ipv6-fallback': 'Docker 29.7 and later',
};

/** Where another release reduces the key differently and so decides differently, the trace says so. */
function noteOtherReleases(entry: DockerAuthEntry, key: string, rule: HostnameRule, trace: Trace, config: DockerConfigView): void {
  // the rules differ only for keys with a scheme
  if (!entry.key.includes('://')) return;
  const matchesHere = dockerConvertToHostname(entry.key, rule) === key;
  for (const other of Object.keys(RELEASES_BY_RULE) as HostnameRule[]) {
    if (other === rule) continue;
    const host = dockerConvertToHostname(entry.key, other);
    if ((host === key) === matchesHere) continue;
    trace.info('docker.auths.releases', `under ${RELEASES_BY_RULE[other]}, "${entry.key}" reduces to "${host}", so there it would ${matchesHere ? 'not ' : ''}match`, at(entry, config));
  }
}

function explainMiss(entryKey: string, host: string, key: string): string {
  if (key === DOCKER_HUB_KEY) {
    return `"${entryKey}" is not the exact key "${DOCKER_HUB_KEY}"; Docker finds Docker Hub credentials under no other spelling`;
  }
  return `"${entryKey}" reduces to the host "${host}", not "${key}"`;
}

function at(entry: DockerAuthEntry, config: DockerConfigView): { key: string; tried: string; file: string; line: number; column: number } {
  return { key: entry.key, tried: entry.key, file: config.file.path, line: entry.keyPos.line, column: entry.keyPos.column };
}

function markRivals(base: Resolution, hit: FileStoreHit, key: string, warnings: Warning[], trace: Trace, file: string): void {
  const all = [hit.entry, ...hit.rivals];
  const distinct = new Set(all.map(credentialFingerprint));
  if (distinct.size <= 1) {
    trace.info('docker.auths.duplicates', `${all.length} keys reduce to "${key}" but hold the same credentials, so it does not matter which one Docker takes`);
    return;
  }
  base.ambiguous = true;
  base.candidates = all.map((entry) => candidate(entry.key, entry));
  const keys = all.map((entry) => `"${entry.key}"`).join(', ');
  const message = `${keys} all reduce to "${key}" with different credentials; Docker takes whichever its map iteration meets first, which is random`;
  warnings.push({ id: 'docker.random-winner', message, file, key: hit.entry.key, line: hit.entry.keyPos.line, column: hit.entry.keyPos.column });
  trace.warning('docker.auths.random', message);
}

function candidate(key: string, entry: DockerAuthEntry): NonNullable<Resolution['candidates']>[number] {
  if (entry.authError !== null) return { key, username: null, credentials: null };
  const credentials = sentCredentials(entry.username, entry.password, entry.identityToken, entry.registryToken, new Trace(), key);
  return describeSecretKind(credentials).present ? { key, username: credentials.username, credentials } : { key, username: null, credentials: null };
}

function credentialFingerprint(entry: DockerAuthEntry): string {
  return JSON.stringify([entry.username, entry.password.reveal(), entry.identityToken?.reveal() ?? '', entry.registryToken?.reveal() ?? '', entry.authError ?? '']);
}

/** One bad `auth` stops Docker's decoding loop; which entries were decoded before it depends on map order. */
function noteOrderDependentDecode(base: Resolution, config: DockerConfigView, hit: FileStoreHit | null, warnings: Warning[], trace: Trace): void {
  const { bad, badKeys } = authsIndexOf(config);
  if (bad.length === 0 || hit === null) return;
  if (hit.entry.authError !== null) return;
  if (!hit.entry.hasAuth) return;
  base.ambiguous = true;
  base.candidates = [candidate(hit.entry.key, hit.entry), { key: null, username: null, credentials: null }];
  const message = `Docker stops decoding at the first bad "auth" it meets in random map order (${badKeys}); "${hit.entry.key}" is decoded only when it comes first, otherwise no credentials are sent`;
  warnings.push({ id: 'docker.decode-order', message, file: config.file.path, key: hit.entry.key, line: hit.entry.keyPos.line, column: hit.entry.keyPos.column });
  trace.warning('docker.auths.decode-order', message);
}

function hasPlaintextCredentials(entry: DockerAuthEntry): boolean {
  return entry.username !== '' || !entry.password.isEmpty || entry.identityToken !== null;
}

function lookupAuthConfigEnv(env: DockerAuthConfigEnvView, key: string, supported: boolean, trace: Trace, warnings: Warning[]): DockerAuthConfigEnvEntry | null {
  if (!supported) {
    trace.skipped('docker.auth-config-env', 'DOCKER_AUTH_CONFIG is set but this Docker release ignores it (it is read from Docker CLI 28.3 on)');
    warnings.push({ id: 'docker.auth-config-env-unsupported', message: 'DOCKER_AUTH_CONFIG is set, but Docker CLI releases before 28.3 ignore it' });
    return null;
  }
  if (env.error !== null) {
    const message = `Docker prints "Failed to create credential store from DOCKER_AUTH_CONFIG: ${env.error}" and ignores the variable`;
    trace.error('docker.auth-config-env', message);
    warnings.push({ id: 'docker.auth-config-env-invalid', message });
    return null;
  }
  const entry = env.auths.find((candidate) => candidate.key === key);
  if (entry === undefined) {
    trace.skipped('docker.auth-config-env', `DOCKER_AUTH_CONFIG has no entry under the exact key "${key}"; Docker falls back to the file`, { tried: key });
    return null;
  }
  trace.matched('docker.auth-config-env', `DOCKER_AUTH_CONFIG holds the exact key "${key}" and takes precedence over the file and helpers`, { key, tried: key });
  return entry;
}

interface Chosen {
  key: string;
  entry: DockerAuthEntry;
  configFile: string;
}

function finish(base: Resolution, trace: Trace, chosen: Chosen): Resolution {
  const { entry } = chosen;
  const result: Resolution = { ...base, key: chosen.key, configFile: chosen.configFile, source: 'file', engineAuth: storedAuth(entry) };
  if (entry.authError !== null) {
    trace.error('docker.auth-decode', `the "auth" of "${entry.key}" does not decode (${entry.authError}); Docker keeps it undecoded and sends no credentials from it`, { key: entry.key, line: entry.keyPos.line });
    return result;
  }
  return withCredentials(result, trace, sentCredentials(entry.username, entry.password, entry.identityToken, entry.registryToken, trace, entry.key));
}

/** The file entry as the CLI's file store returns it: decoded, with its key as server address; else its raw fields. */
function storedAuth(entry: DockerAuthEntry): EngineAuth {
  const detail = entry as Partial<DockerAuthEntryDetail> & DockerAuthEntry;
  const raw = entry.authError !== null || detail.decodeState === 'not-decoded';
  const nonEmpty = (value: Secret | null | undefined): Secret | null => (value === null || value === undefined || value.isEmpty ? null : value);
  if (raw) {
    return {
      username: detail.usernameField ?? '',
      password: nonEmpty(detail.passwordField),
      auth: nonEmpty(detail.auth),
      serverAddress: '',
      identityToken: nonEmpty(entry.identityToken),
      registryToken: nonEmpty(entry.registryToken),
    };
  }
  return { username: entry.username, password: nonEmpty(entry.password), auth: null, serverAddress: entry.key, identityToken: nonEmpty(entry.identityToken), registryToken: nonEmpty(entry.registryToken) };
}

/** A helper's answer over the file entry (nativeStore.Get): user, password, identity token and server address come from the helper. */
function helperAuth(fileEntry: DockerAuthEntry | null, key: string, username: string, password: Secret | null, identityToken: Secret | null): EngineAuth {
  const stored = fileEntry === null ? EMPTY_ENGINE_AUTH : storedAuth(fileEntry);
  return { ...stored, username, password, identityToken, serverAddress: key };
}

/** What the registry client really sends: Basic needs both halves; tokens go without a username. */
export function sentCredentials(
  username: string,
  password: Credentials['password'],
  identityToken: Credentials['identityToken'],
  registryToken: Credentials['registryToken'],
  trace: Trace,
  where: string,
): Credentials {
  const credentials = emptyCredentials();
  if (registryToken !== null && !registryToken.isEmpty) credentials.registryToken = registryToken;
  if (identityToken !== null && !identityToken.isEmpty) {
    credentials.identityToken = identityToken;
    if (username !== '' && password !== null && !password.isEmpty) {
      // which one is sent depends on the registry's scheme, known only when asking it (regauth check)
      credentials.basic = { username, password };
      trace.info('credentials.identity-token', `"${where}" holds an identity token and the user "${username}" with a password: a registry with token auth gets the identity token (no username), one with basic auth gets the user and password`);
      return credentials;
    }
    trace.info('credentials.identity-token', `"${where}" holds an identity token: it is exchanged for a registry token, no username is sent`);
    return credentials;
  }
  if (username !== '' && password !== null && !password.isEmpty) {
    credentials.username = username;
    credentials.password = password;
    return credentials;
  }
  if (username !== '' || (password !== null && !password.isEmpty)) {
    trace.warning('credentials.incomplete', `"${where}" has ${username === '' ? 'an empty username' : 'no password'}; a username and a password are both needed, so nothing is sent`);
  }
  return credentials;
}

function withCredentials(result: Resolution, trace: Trace, credentials: Credentials): Resolution {
  const { present, kind } = describeSecretKind(credentials);
  result.credentials = present ? credentials : null;
  result.username = credentials.username;
  result.secretPresent = present;
  result.secretKind = kind;
  if (present) {
    trace.matched('docker.result', credentials.username === null ? `Docker sends a ${kind}` : `Docker sends the user "${credentials.username}" with a ${kind}`);
  } else {
    trace.missing('docker.result', 'the entry holds no usable credentials: Docker sends none');
  }
  return result;
}

interface HelperOutcomeInput {
  helper: string;
  key: string;
  answer: HelperAnswer;
  fileEntry: DockerAuthEntry | null;
  file: string;
}

function applyHelperAnswer(base: Resolution, trace: Trace, input: HelperOutcomeInput): Resolution {
  const { helper, key, answer, fileEntry } = input;
  const result: Resolution = { ...base, key, source: 'helper', helper };
  const registryToken = fileEntry?.registryToken ?? null;
  switch (answer.kind) {
    case 'found': {
      trace.matched('helper.get', `docker-credential-${helper} has credentials for "${key}"`, { tried: key });
      const identity = answer.isIdentityToken ? answer.secret : null;
      const password = answer.isIdentityToken ? null : answer.secret;
      result.engineAuth = helperAuth(fileEntry, key, answer.isIdentityToken ? '' : answer.username, password, identity);
      return withCredentials(result, trace, sentCredentials(answer.isIdentityToken ? '' : answer.username, password, identity, registryToken, trace, `docker-credential-${helper}`));
    }
    case 'not-found':
      trace.missing('helper.get', `docker-credential-${helper} has no credentials for "${key}"`, { tried: key });
      // "credentials not found" leaves the server address empty; an empty reply is taken as found, with the key
      result.engineAuth = { ...helperAuth(fileEntry, key, '', null, null), serverAddress: answer.emptyReply === true ? key : '' };
      return withCredentials(result, trace, sentCredentials('', null, null, registryToken, trace, key));
    case 'missing':
      result.error = clientErrorText('docker', 'get', { kind: 'missing', binary: answer.binary });
      trace.error('helper.get', `${answer.binary} is not on PATH: Docker reports "${result.error}"`, { tried: answer.binary });
      return result;
    case 'timeout':
      result.error = `docker-credential-${helper} did not answer within ${answer.afterMs} ms`;
      trace.error('helper.get', `${result.error}; Docker would wait for it indefinitely`, { tried: key });
      return result;
    case 'failed':
      // no exit status (not started, or ended by a signal): the answer carries the text Go's exec gives
      result.error = answer.exitCode === null ? answer.message : clientErrorText('docker', 'get', { kind: 'exited', exitCode: answer.exitCode, stdout: answer.stdout });
      trace.error('helper.get', `docker-credential-${helper} failed: ${answer.message}`, { tried: key });
      return result;
    case 'bad-output':
      result.error = answer.clientError ?? `docker-credential-${helper} returned output Docker cannot read: ${answer.message}`;
      trace.error('helper.get', `docker-credential-${helper} returned output Docker cannot read: ${answer.message}`, { tried: key });
      return result;
  }
}
