import { secret, secretFromBytes, type Secret } from '../util/secret.js';
import type { Position, Warning } from '../util/trace.js';
import { cutAtColon, goBase64Decode, trimNuls } from './go-base64.js';
import { GO_STRING, goUnmarshal, mapField, stringField, type GoMapValue, type GoType } from './go-unmarshal.js';
import { unmarshal } from './json.js';
import { isPlainObject, plainEntries, plainFieldsSet, plainFits, plainJson, plainString } from './plain-json.js';
import { defineLazyAuths } from './lazy-auths.js';
import type { ContainersAuthEntry, ContainersAuthView, LoadedFile } from './model.js';
import { bomWarning, decodeWalkWarnings, makeWarning } from './view-support.js';

/**
 * auth.json (or config.json, or legacy ~/.dockercfg) as containers/image reads it — the same from
 * 5.23.1 (Debian's skopeo 1.9.3 and podman 4.3.1) to 5.42: json.Unmarshal into
 * {auths: {KEY: {auth, identitytoken}}, credHelpers}; everything else is ignored.
 */

const AUTH_CONFIG: GoType & { kind: 'struct' } = {
  kind: 'struct',
  goName: 'config.dockerAuthConfig',
  fields: [
    { name: 'auth', type: GO_STRING },
    { name: 'identitytoken', type: GO_STRING },
  ],
};
const AUTHS_MAP: GoType = { kind: 'map', goName: 'map[string]config.dockerAuthConfig', elem: AUTH_CONFIG };
const CONFIG_FILE: GoType & { kind: 'struct' } = {
  kind: 'struct',
  goName: 'config.dockerConfigFile',
  fields: [
    { name: 'auths', type: AUTHS_MAP },
    { name: 'credHelpers', type: { kind: 'map', goName: 'map[string]string', elem: GO_STRING } },
  ],
};

const REPORTED_UNKNOWN: ReadonlySet<string> = new Set([AUTH_CONFIG.goName]);

export interface ContainersAuthViewDetail extends ContainersAuthView {
  /** `cause` is the bare Go error; `message` is the text podman/skopeo print */
  parseError: { message: string; pos: Position | null; cause: string } | null;
  /** the file is read as the legacy flat ~/.dockercfg map */
  legacyFormat: boolean;
}

export type ContainersAuthDecode =
  | { kind: 'credentials'; username: string; password: Secret }
  /** no ':' after decoding (or empty): skipped silently, the search goes on */
  | { kind: 'skipped'; empty: boolean }
  | { kind: 'error'; message: string };

/** containers/image decodeDockerAuth */
export function decodeContainersAuthValue(auth: string): ContainersAuthDecode {
  const decoded = goBase64Decode(auth);
  if (!decoded.ok) return { kind: 'error', message: decoded.message };
  const cut = cutAtColon(decoded.bytes);
  if (cut === null) return { kind: 'skipped', empty: decoded.bytes.length === 0 };
  return { kind: 'credentials', username: cut.username, password: secretFromBytes(trimNuls(cut.passwordBytes)) };
}

function wrapRead(path: string, cause: string): string {
  return `reading JSON file "${path}": ${cause}`;
}

export function decodeContainersAuth(file: LoadedFile): ContainersAuthViewDetail {
  const legacyFormat = file.format === 'dockercfg';
  const view: ContainersAuthViewDetail = { file, auths: [], credHelpers: [], parseError: null, warnings: [], legacyFormat };
  if (!file.exists && file.notADirectory === true) {
    // containers/image skips only a file that does not exist; ENOTDIR stops the lookup
    const cause = `open ${file.path}: not a directory`;
    view.parseError = { message: wrapRead(file.path, cause), pos: null, cause };
    view.warnings.push(makeWarning(file, 'containers.file-unreadable', view.parseError.message));
    return view;
  }
  if (!file.exists) return view;
  if (file.ioError !== null) {
    view.parseError = { message: wrapRead(file.path, file.ioError.message), pos: null, cause: file.ioError.message };
    view.warnings.push(makeWarning(file, 'containers.file-unreadable', view.parseError.message));
    return view;
  }
  const plain = decodePlainContainersAuth(file, legacyFormat);
  if (plain !== null) return plain;
  view.warnings.push(...bomWarning(file, 'containers'));
  const parsed = unmarshal(file.text);
  if (!parsed.ok) {
    const cause = parsed.error.message;
    view.parseError = {
      message: wrapRead(file.path, `unmarshaling JSON at "${file.path}": ${cause}`),
      pos: parsed.error.pos,
      cause,
    };
    const hint = file.text.trim() === '' ? ' (an empty file is an error for podman/skopeo; write {} instead)' : '';
    view.warnings.push(makeWarning(file, 'containers.json-invalid', `${view.parseError.message}${hint}`, parsed.error.pos));
    return view;
  }

  const type = legacyFormat ? AUTHS_MAP : CONFIG_FILE;
  const decoded = goUnmarshal(parsed.value, type);
  if (decoded.error !== null) {
    view.parseError = {
      message: wrapRead(file.path, `unmarshaling JSON at "${file.path}": ${decoded.error.message}`),
      pos: decoded.error.pos,
      cause: decoded.error.message,
    };
    view.warnings.push(makeWarning(file, 'containers.type-error', view.parseError.message, decoded.error.pos));
    return view;
  }
  view.warnings.push(
    ...decodeWalkWarnings(file, decoded.value, type, {
      prefix: 'containers',
      reportUnknownIn: REPORTED_UNKNOWN,
      unknownNote: (_struct, key) =>
        ['username', 'password'].includes(key.toLowerCase())
          ? 'podman, skopeo and buildah read only "auth" and "identitytoken"'
          : 'podman, skopeo and buildah ignore it',
    }).map((warning) => retagIgnoredCredentialField(warning)),
  );

  let auths: GoMapValue;
  if (legacyFormat) {
    auths = decoded.value.kind === 'map' ? decoded.value : { kind: 'map', nil: true, entries: [] };
  } else {
    const root = decoded.value.kind === 'struct' ? decoded.value : null;
    if (root === null) return view;
    auths = mapField(root, 'auths');
    for (const entry of mapField(root, 'credHelpers').entries) {
      view.credHelpers.push({ key: entry.key, helper: entry.value.kind === 'string' ? entry.value.value : '', pos: entry.keyPos });
    }
    const credsStore = root.unknown.filter((member) => member.key.toLowerCase() === 'credsstore');
    for (const member of credsStore) {
      view.warnings.push(
        makeWarning(
          file,
          'containers.credsstore-ignored',
          'podman, skopeo and buildah ignore "credsStore": they only use plaintext "auth" entries and "credHelpers"',
          member.keyPos,
          member.key,
        ),
      );
    }
  }

  for (const entry of auths.entries) {
    const struct = entry.value.kind === 'struct' ? entry.value : null;
    const authSlot = struct?.fields.get('auth')?.value;
    const built = containersEntry(file, entry.key, entry.keyPos, {
      auth: struct === null ? '' : stringField(struct, 'auth'),
      identityToken: struct === null ? '' : stringField(struct, 'identitytoken'),
      fields: struct === null ? [] : [...struct.fields].filter(([, slot]) => slot.members.length > 0).map(([name]) => name),
      authPos: authSlot?.kind === 'string' && authSlot.node !== null ? authSlot.node.pos : entry.keyPos,
    });
    view.warnings.push(...built.warnings);
    view.auths.push(built.item);
  }
  return view;
}

interface EntryFields {
  auth: string;
  identityToken: string;
  fields: string[];
  /** where warnings about `auth` point */
  authPos: Position;
}

/** One `auths` entry from its fields (however they were read), with its warnings. */
function containersEntry(file: LoadedFile, key: string, keyPos: Position, from: EntryFields): { item: ContainersAuthEntry; warnings: Warning[] } {
  const { auth, identityToken, fields, authPos } = from;
  const warnings: Warning[] = [];
  const item: ContainersAuthEntry = {
    key,
    keyPos,
    username: null,
    password: null,
    identityToken: null,
    authError: null,
    missingColon: false,
    emptyAuth: auth === '',
    fields,
  };
  const result = decodeContainersAuthValue(auth);
  const where = `auths.${key}`;
  if (result.kind === 'error') {
    item.authError = result.message;
    warnings.push(
      makeWarning(file, 'containers.auth-invalid-base64', `"auth" is not valid base64 (${result.message}): podman and skopeo fail when they use this entry`, authPos, where),
    );
  } else if (result.kind === 'skipped') {
    item.missingColon = !result.empty;
    warnings.push(
      result.empty
        ? makeWarning(file, 'containers.auth-empty', 'the entry has no "auth" (e.g. Docker\'s marker for a credential helper): podman and skopeo skip it and go on to the next file', keyPos, where)
        : makeWarning(file, 'containers.auth-missing-colon', '"auth" does not decode to "username:password": podman and skopeo skip this entry and go on to the next file', authPos, where),
    );
  } else {
    item.username = result.username;
    item.password = result.password;
    item.identityToken = identityToken === '' ? null : secret(identityToken);
    if (result.username === '') {
      warnings.push(makeWarning(file, 'containers.auth-empty-username', '"auth" decodes to an empty username', authPos, where));
    }
  }
  return { item, warnings };
}

/**
 * The view of a file the full decoding would read without a warning or an error (plain-json.ts),
 * built from the engine's parse; null when the file is anything else. Entries are decoded on
 * first use (lazy-auths.ts); those the cheap check cannot vouch for are decoded at once, and a
 * warning from any of them sends the file the full way.
 */
function decodePlainContainersAuth(file: LoadedFile, legacyFormat: boolean): ContainersAuthViewDetail | null {
  const plain = plainJson(file.text);
  if (plain === null || !isPlainObject(plain.value)) return null;
  const root = plain.value;
  if (!plainFits(root, legacyFormat ? AUTHS_MAP : CONFIG_FILE, REPORTED_UNKNOWN)) return null;
  const view: ContainersAuthViewDetail = { file, auths: [], credHelpers: [], parseError: null, warnings: [], legacyFormat };
  let auths: Record<string, Record<string, unknown>>;
  let keyOffset: (index: number) => number;
  if (legacyFormat) {
    auths = root as Record<string, Record<string, unknown>>;
    keyOffset = (index) => plain.members()[index]?.key ?? 0;
  } else {
    // podman says it ignores credsStore: the full decoding reports that
    if (Object.keys(root).some((key) => key.toLowerCase() === 'credsstore')) return null;
    const credHelpers = isPlainObject(root['credHelpers']) ? root['credHelpers'] : {};
    for (const [index, [key, helper]] of Object.entries(credHelpers).entries()) {
      view.credHelpers.push({ key, helper: helper as string, get pos() { return plain.at(plain.member('credHelpers')?.children[index] ?? 0); } });
    }
    auths = isPlainObject(root['auths']) ? (root['auths'] as Record<string, Record<string, unknown>>) : {};
    keyOffset = (index) => plain.member('auths')?.children[index] ?? 0;
  }
  const { keys, colon } = plainEntries(auths);
  const fieldNames = AUTH_CONFIG.fields.map((field) => field.name);
  const build = (index: number): { item: ContainersAuthEntry; warnings: Warning[] } => {
    const key = keys[index] as string;
    const struct = auths[key] as Record<string, unknown>;
    const keyPos = plain.at(keyOffset(index));
    return containersEntry(file, key, keyPos, { auth: plainString(struct, 'auth'), identityToken: plainString(struct, 'identitytoken'), fields: plainFieldsSet(struct, fieldNames), authPos: keyPos });
  };
  const early = new Map<number, ContainersAuthEntry>();
  for (let index = 0; index < keys.length; index += 1) {
    // "user:password" with a user: credentials, and no warning
    if ((colon[index] as number) > 0) continue;
    const built = build(index);
    if (built.warnings.length > 0) return null;
    early.set(index, built.item);
  }
  defineLazyAuths(view, keys, (index) => {
    const found = early.get(index);
    if (found !== undefined) return found;
    const built = build(index);
    if (built.warnings.length > 0) throw new Error(`an entry the cheap check passed decodes with a warning: ${built.item.key}`);
    return built.item;
  });
  return view;
}

function retagIgnoredCredentialField(warning: Warning): Warning {
  if (warning.id !== 'containers.unknown-field' || warning.key === undefined) return warning;
  const last = warning.key.slice(warning.key.lastIndexOf('.') + 1).toLowerCase();
  if (last !== 'username' && last !== 'password') return warning;
  return { ...warning, id: 'containers.username-password-ignored' };
}
