import { secret, secretFromBytes, type Secret } from '../util/secret.js';
import type { Position, Warning } from '../util/trace.js';
import { cutAtColon, goBase64Decode, trimNuls } from './go-base64.js';
import {
  GO_STRING,
  goUnmarshal,
  mapField,
  stringField,
  type GoStructValue,
  type GoType,
  type GoValue,
} from './go-unmarshal.js';
import { decodeFirstValue } from './json.js';
import { ENTRY_AUTH, ENTRY_USERNAME, isPlainObject, plainEntries, plainFieldsSet, plainFits, plainJson, plainString } from './plain-json.js';
import { defineLazyAuths } from './lazy-auths.js';
import type { DockerAuthEntry, DockerConfigView, LoadedFile, Located } from './model.js';
import { dockerAtLeast, type DockerVersion } from './docker-version.js';
import { bomWarning, decodeWalkWarnings, makeWarning } from './view-support.js';

export { parseDockerVersion, type DockerVersion } from './docker-version.js';

/**
 * config.json as docker/cli's ConfigFile.LoadFromReader leaves it (json.Decoder into the
 * ConfigFile struct, then decodeAuth for every `auths` entry), for a given CLI version.
 */

export interface DockerDecodeOptions {
  version: DockerVersion;
}

// ---------------------------------------------------------------------------------------------
// decodeAuth

export type DockerAuthDecode =
  | { ok: true; username: string; password: Secret; passwordNulTrimmed: boolean }
  | { ok: false; error: string; reason: 'base64' | 'missing-colon' | 'empty-username' };

/** docker/cli decodeAuth for a non-empty `auth` value. */
export function decodeDockerAuth(auth: string, version: DockerVersion): DockerAuthDecode {
  const decoded = goBase64Decode(auth);
  if (!decoded.ok) return { ok: false, error: decoded.message, reason: 'base64' };
  const invalid = dockerAtLeast(version, 29) ? 'invalid auth configuration file' : 'Invalid auth configuration file';
  // split on the bytes, as Go's strings.Cut does: a password that is not UTF-8 is kept as it is
  const cut = cutAtColon(decoded.bytes);
  if (cut === null) return { ok: false, error: invalid, reason: 'missing-colon' };
  const { username, passwordBytes } = cut;
  // the empty-username check arrived in 23.0
  if (username === '' && dockerAtLeast(version, 23)) return { ok: false, error: invalid, reason: 'empty-username' };
  const password = trimNuls(passwordBytes);
  return { ok: true, username, password: secretFromBytes(password), passwordNulTrimmed: password.length !== passwordBytes.length };
}

// ---------------------------------------------------------------------------------------------
// Go types of config.json, per version

function authConfigType(version: DockerVersion): GoType & { kind: 'struct' } {
  const names = ['username', 'password', 'auth'];
  if (!dockerAtLeast(version, 29)) names.push('email');
  names.push('serveraddress', 'identitytoken', 'registrytoken');
  return { kind: 'struct', goName: 'types.AuthConfig', fields: names.map((name) => ({ name, type: GO_STRING })) };
}

const STRING_MAP: GoType = { kind: 'map', goName: 'map[string]string', elem: GO_STRING };
const STRING_SLICE: GoType = { kind: 'slice', goName: '[]string', elem: GO_STRING };

export function dockerConfigFileType(version: DockerVersion): GoType & { kind: 'struct' } {
  const authConfig = authConfigType(version);
  const proxyFields = ['httpProxy', 'httpsProxy', 'noProxy', 'ftpProxy', 'allProxy'];
  const fields: Array<{ name: string; type: GoType }> = [
    { name: 'auths', type: { kind: 'map', goName: `map[string]${authConfig.goName}`, elem: authConfig } },
    { name: 'HttpHeaders', type: STRING_MAP },
    ...['psFormat', 'imagesFormat', 'networksFormat', 'pluginsFormat', 'volumesFormat', 'statsFormat', 'detachKeys'].map(
      (name) => ({ name, type: GO_STRING }),
    ),
    { name: 'credsStore', type: GO_STRING },
    { name: 'credHelpers', type: STRING_MAP },
    ...['serviceInspectFormat', 'servicesFormat', 'tasksFormat', 'secretFormat', 'configFormat', 'nodesFormat'].map(
      (name) => ({ name, type: GO_STRING }),
    ),
    { name: 'pruneFilters', type: STRING_SLICE },
    {
      name: 'proxies',
      type: {
        kind: 'map',
        goName: 'map[string]configfile.ProxyConfig',
        elem: {
          kind: 'struct',
          goName: 'configfile.ProxyConfig',
          fields: proxyFields.map((name) => ({ name, type: GO_STRING })),
        },
      },
    },
    { name: 'currentContext', type: GO_STRING },
    { name: 'cliPluginsExtraDirs', type: STRING_SLICE },
    { name: 'plugins', type: { kind: 'map', goName: 'map[string]map[string]string', elem: STRING_MAP } },
    { name: 'aliases', type: STRING_MAP },
    { name: 'experimental', type: GO_STRING },
  ];
  if (dockerAtLeast(version, 26, 1)) fields.push({ name: 'features', type: STRING_MAP });
  if (!dockerAtLeast(version, 24)) fields.push({ name: 'stackOrchestrator', type: GO_STRING });
  if (!dockerAtLeast(version, 23)) {
    fields.push({
      name: 'kubernetes',
      type: {
        kind: 'pointer',
        elem: {
          kind: 'struct',
          goName: 'configfile.KubernetesConfig',
          fields: [{ name: 'allNamespaces', type: GO_STRING }],
        },
      },
    });
  }
  return { kind: 'struct', goName: 'configfile.ConfigFile', fields };
}

// ---------------------------------------------------------------------------------------------
// error wording of config.Load and of the CLI's warning, per version

export interface DockerLoadError {
  /** what config.Load returns (crane, nerdctl fail with it) */
  message: string;
  pos: Position | null;
  /** the bare cause, e.g. `illegal base64 data at input byte 0` */
  cause: string;
  /** the line the docker CLI prints on stderr before carrying on */
  cliWarning: string;
}

function parseFailure(path: string, cause: string, pos: Position | null, version: DockerVersion): DockerLoadError {
  let message: string;
  if (dockerAtLeast(version, 28)) message = `parsing config file (${path}): ${cause}`;
  else if (dockerAtLeast(version, 27)) message = `loading config file: ${path}: : ${cause}`;
  else message = `${path}: ${cause}`;
  return { message, pos, cause, cliWarning: cliWarningFor(message, version) };
}

function openFailure(path: string, cause: string, version: DockerVersion): DockerLoadError {
  const message = dockerAtLeast(version, 27) ? `loading config file: ${cause}` : `${path}: ${cause}`;
  return { message, pos: null, cause, cliWarning: cliWarningFor(message, version) };
}

function cliWarningFor(message: string, version: DockerVersion): string {
  return dockerAtLeast(version, 27) ? `WARNING: Error ${message}` : `WARNING: Error loading config file: ${message}`;
}

// ---------------------------------------------------------------------------------------------
// the view

export type DockerEntryDecodeState =
  /** decoded by LoadFromReader (or had no `auth`, so nothing to decode) */
  | 'decoded'
  /** its `auth` failed to decode: the entry keeps its raw fields */
  | 'failed'
  /**
   * another entry's `auth` failed: Go walks the map in random order, so this entry is decoded
   * when visited before the failing one and keeps its raw fields otherwise
   */
  | 'order-dependent'
  /** a type error stopped LoadFromReader before any `auth` was decoded */
  | 'not-decoded';

export interface DockerAuthEntryDetail extends DockerAuthEntry {
  decodeState: DockerEntryDecodeState;
  /** the literal `username` / `password` fields (what a not-decoded entry carries) */
  usernameField: string;
  passwordField: Secret;
  /** the raw `auth` value, null when absent or empty */
  auth: Secret | null;
  /** the `auth` password had NUL bytes at its ends that Docker trims */
  passwordNulTrimmed: boolean;
}

export interface DockerConfigViewDetail extends DockerConfigView {
  auths: DockerAuthEntryDetail[];
  loadError: DockerLoadError | null;
  /** the result depends on Go's random map order (see DockerEntryDecodeState) */
  orderDependent: boolean;
  /** ConfigFile.ContainsAuth(): credsStore, credHelpers or auths present (no default-store detection then) */
  containsAuth: boolean;
  version: DockerVersion;
}

/** A view with nothing in it, the starting point of every decode. */
export function emptyDockerView(file: LoadedFile, version: DockerVersion): DockerConfigViewDetail {
  return {
    file,
    auths: [],
    credsStore: null,
    credHelpers: [],
    loadError: null,
    fatal: false,
    warnings: [],
    orderDependent: false,
    containsAuth: false,
    version,
  };
}

/** the structs whose unknown keys Docker's view reports */
const REPORTED_UNKNOWN: ReadonlySet<string> = new Set(['types.AuthConfig']);

const ENTRY_FIELD_NAMES = ['username', 'password', 'auth', 'email', 'serveraddress', 'identitytoken', 'registrytoken'];

export function optionalSecret(value: string): Secret | null {
  return value === '' ? null : secret(value);
}

export function decodeDockerConfig(file: LoadedFile, opts: DockerDecodeOptions): DockerConfigViewDetail {
  const { version } = opts;
  const view = emptyDockerView(file, version);
  if (!file.exists) return view;
  if (file.ioError === null) {
    const plain = decodePlainDockerConfig(file, version);
    if (plain !== null) return plain;
  }
  if (file.ioError !== null) {
    view.fatal = true;
    view.loadError =
      file.ioError.code === 'E_CONFIG_IS_DIRECTORY'
        ? parseFailure(file.path, file.ioError.message, null, version)
        : openFailure(file.path, file.ioError.message, version);
    view.warnings.push(makeWarning(file, 'docker.file-unreadable', view.loadError.message));
    return view;
  }
  view.warnings.push(...bomWarning(file, 'docker'));
  const parsed = decodeFirstValue(file.text);
  if (!parsed.ok) {
    view.fatal = true;
    view.loadError = parseFailure(file.path, parsed.error.message, parsed.error.pos, version);
    view.warnings.push(makeWarning(file, 'docker.json-invalid', view.loadError.cliWarning, parsed.error.pos));
    return view;
  }
  if (parsed.trailingDataAt !== null) {
    view.warnings.push(
      makeWarning(
        file,
        'docker.trailing-data-ignored',
        'data after the first JSON value is ignored by Docker but makes podman, skopeo and buildah fail',
        parsed.trailingDataAt,
      ),
    );
  }

  const type = dockerConfigFileType(version);
  const decoded = goUnmarshal(parsed.value, type);
  const root = decoded.value.kind === 'struct' ? decoded.value : null;
  if (root === null) return view;
  view.warnings.push(
    ...decodeWalkWarnings(file, root, type, {
      prefix: 'docker',
      reportUnknownIn: REPORTED_UNKNOWN,
      unknownNote: () => 'Docker ignores it',
    }),
  );

  const credsStore = stringField(root, 'credsStore');
  const credsStoreNode = root.fields.get('credsStore')?.value;
  if (credsStore !== '' && credsStoreNode?.kind === 'string' && credsStoreNode.node !== null) {
    view.credsStore = { value: credsStore, pos: credsStoreNode.node.pos } satisfies Located<string>;
  }
  const currentContext = stringField(root, 'currentContext');
  const currentContextNode = root.fields.get('currentContext')?.value;
  if (currentContext !== '' && currentContextNode?.kind === 'string' && currentContextNode.node !== null) {
    view.currentContext = { value: currentContext, pos: currentContextNode.node.pos };
  }
  const credHelpers = mapField(root, 'credHelpers');
  for (const entry of credHelpers.entries) {
    const helper = entry.value.kind === 'string' ? entry.value.value : '';
    view.credHelpers.push({ key: entry.key, helper, pos: entry.keyPos });
    if (helper === '') {
      view.warnings.push(
        makeWarning(
          file,
          'docker.credhelper-empty',
          `credHelpers["${entry.key}"] is empty: Docker then uses the plaintext auths for this key, even when credsStore is set`,
          entry.keyPos,
          `credHelpers.${entry.key}`,
        ),
      );
    }
  }

  const auths = mapField(root, 'auths');
  view.containsAuth = credsStore !== '' || credHelpers.entries.length > 0 || auths.entries.length > 0;

  const entries = auths.entries.map((entry) => buildEntry(entry.key, entry.keyPos, entry.value, version));
  view.auths = entries.map((built) => built.entry);

  if (decoded.error !== null) {
    view.loadError = parseFailure(file.path, decoded.error.message, decoded.error.pos, version);
    for (const entry of view.auths) markNotDecoded(entry, 'not-decoded');
    view.warnings.push(
      makeWarning(
        file,
        'docker.type-error',
        `${decoded.error.message}: Docker stops reading here, so no "auth" value in this file is decoded`,
        decoded.error.pos,
      ),
    );
    return view;
  }

  const failures = entries.filter((built) => built.failure !== null);
  for (const built of entries) view.warnings.push(...built.warnings.map((w) => ({ ...w, file: file.path })));
  const firstFailure = failures[0];
  if (firstFailure !== undefined && firstFailure.failure !== null) {
    view.loadError = parseFailure(file.path, firstFailure.failure, firstFailure.authPos, version);
    for (const built of entries) {
      if (built.failure !== null) markNotDecoded(built.entry, 'failed');
      else if (built.entry.hasAuth) markNotDecoded(built.entry, 'order-dependent');
    }
    view.orderDependent = entries.some((built) => built.entry.decodeState === 'order-dependent') || failures.length > 1;
    if (view.orderDependent) {
      view.warnings.push(
        makeWarning(
          file,
          'docker.order-dependent',
          'an "auth" value failed to decode: Docker stops at the first failure in random (Go map) order, so which other entries are decoded changes from run to run',
          firstFailure.entry.keyPos,
          `auths.${firstFailure.entry.key}`,
        ),
      );
    }
    return view;
  }

  if (!dockerAtLeast(version, 23)) {
    const kubernetes = root.fields.get('kubernetes')?.value;
    const target = kubernetes?.kind === 'pointer' ? kubernetes.target : null;
    if (target !== null) {
      const allNamespaces = stringField(target, 'allNamespaces');
      if (!['', 'enabled', 'disabled'].includes(allNamespaces)) {
        view.loadError = parseFailure(
          file.path,
          `invalid 'kubernetes.allNamespaces' value, should be 'enabled' or 'disabled': ${allNamespaces}`,
          null,
          version,
        );
      }
    }
  }
  return view;
}

/**
 * The view of a file the full decoding would read without a warning or an error (plain-json.ts),
 * built from the engine's parse; null when the file is anything else. Entries are decoded on
 * first use (lazy-auths.ts); those the cheap check cannot vouch for are decoded at once, and a
 * warning from any of them sends the file the full way.
 */
function decodePlainDockerConfig(file: LoadedFile, version: DockerVersion): DockerConfigViewDetail | null {
  const plain = plainJson(file.text);
  if (plain === null || !isPlainObject(plain.value)) return null;
  const root = plain.value;
  const type = dockerConfigFileType(version);
  if (!plainFits(root, type, REPORTED_UNKNOWN)) return null;
  const view = emptyDockerView(file, version);
  const located = (name: 'credsStore' | 'currentContext'): Located<string> | null => {
    const value = plainString(root, name);
    return value === '' ? null : { value, get pos() { return plain.valueAt(plain.member(name)?.value ?? 0); } };
  };
  view.credsStore = located('credsStore');
  const currentContext = located('currentContext');
  if (currentContext !== null) view.currentContext = currentContext;
  const credHelpers = isPlainObject(root['credHelpers']) ? root['credHelpers'] : {};
  for (const [index, [key, helper]] of Object.entries(credHelpers).entries()) {
    // an empty helper is warned about: the full decoding says so
    if (helper === '') return null;
    view.credHelpers.push({ key, helper: helper as string, get pos() { return plain.at(plain.member('credHelpers')?.children[index] ?? 0); } });
  }
  const auths = isPlainObject(root['auths']) ? (root['auths'] as Record<string, Record<string, unknown>>) : {};
  const { keys, colon, nulAtEnds, flags } = plainEntries(auths);
  view.containsAuth = view.credsStore !== null || view.credHelpers.length > 0 || keys.length > 0;
  const build = (index: number): BuiltEntry => {
    const key = keys[index] as string;
    const struct = auths[key] as Record<string, unknown>;
    const keyPos = plain.at(plain.member('auths')?.children[index] ?? 0);
    return buildEntryFrom(key, keyPos, { get: (name) => plainString(struct, name), fields: plainFieldsSet(struct, ENTRY_FIELD_NAMES), authPos: keyPos }, version);
  };
  const early = new Map<number, DockerAuthEntryDetail>();
  for (let index = 0; index < keys.length; index += 1) {
    const flag = flags[index] as number;
    // no `auth`; or "user:password" with a user, no NUL at the password's ends and no `username`
    // field to disagree: decodeAuth gives no error and the entry no warning, in every release
    if ((flag & ENTRY_AUTH) === 0 || ((flag & ENTRY_USERNAME) === 0 && (colon[index] as number) > 0 && nulAtEnds[index] === 0)) continue;
    const built = build(index);
    if (built.failure !== null || built.warnings.length > 0) return null;
    early.set(index, built.entry);
  }
  defineLazyAuths(view, keys, (index) => early.get(index) ?? cleanEntry(build(index)));
  return view;
}

function cleanEntry(built: BuiltEntry): DockerAuthEntryDetail {
  if (built.failure !== null || built.warnings.length > 0) throw new Error(`an entry the cheap check passed decodes with a warning: ${built.entry.key}`);
  return built.entry;
}

/** The entry as it stays in the map when decodeAuth was not applied to it. */
function markNotDecoded(entry: DockerAuthEntryDetail, state: DockerEntryDecodeState): void {
  entry.decodeState = state;
  if (state === 'order-dependent') return; // keeps the decoded values; the raw ones are in *Field
  entry.username = entry.usernameField;
  entry.password = entry.passwordField;
}

interface BuiltEntry {
  entry: DockerAuthEntryDetail;
  failure: string | null;
  authPos: Position | null;
  warnings: Warning[];
}

function buildEntry(key: string, keyPos: Position, value: GoValue, version: DockerVersion): BuiltEntry {
  const struct: GoStructValue | null = value.kind === 'struct' ? value : null;
  const get = (name: string): string => (struct === null ? '' : stringField(struct, name));
  const fields = struct === null ? [] : ENTRY_FIELD_NAMES.filter((name) => (struct.fields.get(name)?.members.length ?? 0) > 0);
  const authSlot = struct?.fields.get('auth')?.value;
  const authPos = authSlot?.kind === 'string' && authSlot.node !== null ? authSlot.node.pos : keyPos;
  return buildEntryFrom(key, keyPos, { get, fields, authPos }, version);
}

/** One `auths` entry from its string fields (however they were read); `authPos` is where its warnings point. */
function buildEntryFrom(key: string, keyPos: Position, from: { get: (name: string) => string; fields: string[]; authPos: Position }, version: DockerVersion): BuiltEntry {
  const { get, fields, authPos } = from;
  const usernameField = get('username');
  const passwordField = get('password');
  const auth = get('auth');
  const entry: DockerAuthEntryDetail = {
    key,
    keyPos,
    username: usernameField,
    password: secret(passwordField),
    identityToken: optionalSecret(get('identitytoken')),
    registryToken: optionalSecret(get('registrytoken')),
    fields,
    hasAuth: auth !== '',
    authError: null,
    usernameFieldConflict: false,
    decodeState: 'decoded',
    usernameField,
    passwordField: secret(passwordField),
    auth: optionalSecret(auth),
    passwordNulTrimmed: false,
  };
  const warnings: Warning[] = [];
  const at = (id: string, message: string): Warning => {
    const warning: Warning = { id, message, line: authPos.line, column: authPos.column, key: `auths.${key}` };
    return warning;
  };
  if (auth === '') return { entry, failure: null, authPos, warnings };

  const result = decodeDockerAuth(auth, version);
  if (!result.ok) {
    entry.authError = result.error;
    const explanation =
      result.reason === 'base64'
        ? `"auth" is not valid base64 (${result.error})`
        : result.reason === 'empty-username'
          ? '"auth" decodes to an empty username (":password"), which Docker rejects since 23.0'
          : '"auth" does not decode to "username:password" (no colon)';
    warnings.push(at(`docker.auth-${result.reason === 'base64' ? 'invalid-base64' : result.reason}`, explanation));
    return { entry, failure: result.error, authPos, warnings };
  }
  entry.username = result.username;
  entry.password = result.password;
  entry.passwordNulTrimmed = result.passwordNulTrimmed;
  if (result.username === '') {
    warnings.push(at('docker.auth-empty-username', '"auth" decodes to an empty username; Docker before 23.0 accepts it, later versions reject the file'));
  }
  if (usernameField !== '' && usernameField !== result.username) {
    entry.usernameFieldConflict = true;
    warnings.push(
      at(
        'docker.auth-username-conflict',
        `"auth" decodes to user "${result.username}" but the "username" field says "${usernameField}": Docker uses the "auth" value`,
      ),
    );
  }
  if (result.passwordNulTrimmed) {
    warnings.push(at('docker.password-nul-trimmed', 'the password in "auth" starts or ends with NUL bytes, which Docker removes'));
  }
  return { entry, failure: null, authPos, warnings };
}

// ---------------------------------------------------------------------------------------------
// DOCKER_AUTH_CONFIG (CLI 28.3 and later)

export interface DockerAuthConfigEnvEntry {
  key: string;
  username: string;
  password: Secret;
}

export interface DockerAuthConfigEnvView {
  /** the variable is set and non-empty (Docker ignores an empty value) */
  present: boolean;
  auths: DockerAuthConfigEnvEntry[];
  /** the error Docker reports; then it falls back to the normal store */
  error: string | null;
  /** the stderr line the CLI prints for the error */
  cliMessage: string | null;
  /** several entries are invalid: which error is reported depends on Go map order */
  orderDependent: boolean;
}

const ENV_TYPE: GoType = {
  kind: 'struct',
  goName: 'configfile.configEnv',
  fields: [
    {
      name: 'auths',
      type: {
        kind: 'map',
        goName: 'map[string]configfile.configEnvAuth',
        elem: { kind: 'struct', goName: 'configfile.configEnvAuth', fields: [{ name: 'auth', type: GO_STRING }] },
      },
    },
  ],
};

/** docker/cli parseEnvConfig: strict JSON, unknown fields rejected, every entry needs `auth`. */
export function decodeDockerAuthConfigEnv(
  value: string | undefined,
  version: DockerVersion = { major: 28, minor: 3, patch: 0 },
): DockerAuthConfigEnvView {
  const view: DockerAuthConfigEnvView = { present: false, auths: [], error: null, cliMessage: null, orderDependent: false };
  if (value === undefined || value === '' || !dockerAtLeast(version, 28, 3)) return view;
  view.present = true;
  const fail = (error: string): DockerAuthConfigEnvView => {
    view.auths = [];
    view.error = error;
    // Fprintln puts a space between its two operands, after the ": " in the text
    view.cliMessage = `Failed to create credential store from DOCKER_AUTH_CONFIG:  ${error}`;
    return view;
  };
  const parsed = decodeFirstValue(value);
  if (!parsed.ok) return fail(parsed.error.message);
  const decoded = goUnmarshal(parsed.value, ENV_TYPE, { disallowUnknownFields: true });
  if (decoded.error !== null) return fail(decoded.error.message);
  if (parsed.trailingDataAt !== null) {
    // Decoder.More(): anything after the value except a closing bracket counts as another value
    const next = value.charAt(parsed.trailingDataAt.offset);
    if (next !== '}' && next !== ']') return fail('DOCKER_AUTH_CONFIG does not support more than one JSON object');
  }
  const root = decoded.value as GoStructValue;
  const errors: string[] = [];
  for (const entry of mapField(root, 'auths').entries) {
    const auth = entry.value.kind === 'struct' ? stringField(entry.value, 'auth') : '';
    if (auth === '') {
      errors.push(`DOCKER_AUTH_CONFIG environment variable is missing key \`auth\` for ${entry.key}`);
      continue;
    }
    const result = decodeDockerAuth(auth, version);
    if (!result.ok) {
      errors.push(result.error);
      continue;
    }
    view.auths.push({ key: entry.key, username: result.username, password: result.password });
  }
  const [firstError] = errors;
  if (firstError !== undefined) {
    const distinct = new Set(errors);
    fail(firstError);
    view.orderDependent = distinct.size > 1;
  }
  return view;
}
