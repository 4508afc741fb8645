import { secret, secretFromBytes, type Secret } from '../util/secret.js';
import type { Position, Warning } from '../util/trace.js';
import { bytesToString } from '../util/go-string.js';
import { cutAtColon, goBase64Decode } from './go-base64.js';
import { GO_STRING, goUnmarshal, mapField, stringField, type GoMapValue, type GoType } from './go-unmarshal.js';
import { goKeyMatchesField, lookupField, unmarshal, type JsonNode, type JsonObject } from './json.js';
import { ENTRY_USERNAME, isPlainObject, plainEntries, plainFieldsSet, plainFits, plainJson, plainString } from './plain-json.js';
import { defineLazyAuths } from './lazy-auths.js';
import { parseManifests } from './yaml.js';
import type { KubeletAuthEntry, KubeletSecretView, LoadedFile } from './model.js';
import { bomWarning, decodeWalkWarnings, makeWarning } from './view-support.js';

/**
 * A pull secret as the kubelet's credentialprovider decodes it (current Kubernetes):
 * entries carry username/password/email/auth only, a non-empty `auth` overrides the others,
 * `auth` is padded base64 when it ends in '=' and unpadded base64 otherwise, an empty username
 * is fine, and any error fails the whole keyring.
 *
 * Accepted inputs: raw `.dockerconfigjson` content, raw `.dockercfg` content, or Secret
 * manifests in JSON or YAML (`data` base64 or `stringData`), as kubectl prints them.
 */

const ENTRY: GoType & { kind: 'struct' } = {
  kind: 'struct',
  goName: 'credentialprovider.dockerConfigEntryWithAuth',
  fields: ['username', 'password', 'email', 'auth'].map((name) => ({ name, type: GO_STRING })),
};
const REPORTED_UNKNOWN: ReadonlySet<string> = new Set([ENTRY.goName]);
const DOCKER_CONFIG: GoType = { kind: 'map', goName: 'credentialprovider.DockerConfig', elem: ENTRY };
const DOCKER_CONFIG_JSON: GoType & { kind: 'struct' } = {
  kind: 'struct',
  goName: 'credentialprovider.DockerConfigJSON',
  fields: [
    { name: 'auths', type: DOCKER_CONFIG },
    { name: 'HttpHeaders', type: { kind: 'map', goName: 'map[string]string', elem: GO_STRING } },
  ],
};

export type PullSecretShape = 'dockerconfigjson' | 'dockercfg' | 'manifest';

export interface KubeletSecretViewDetail extends KubeletSecretView {
  shape: PullSecretShape | null;
  /** manifest only: the Secret's type and the data key used */
  secretType: string | null;
  dataKey: string | null;
}

export type KubeletAuthDecode = { ok: true; username: string; password: Secret } | { ok: false; error: string };

export const KUBELET_AUTH_FORMAT_ERROR = 'unable to parse auth field, must be formatted as base64(username:password)';

/** decodeDockerConfigFieldAuth of current Kubernetes */
export function decodeKubeletAuth(field: string): KubeletAuthDecode {
  const padded = field.trim().endsWith('=');
  const decoded = goBase64Decode(field, { padded });
  if (!decoded.ok) return { ok: false, error: decoded.message };
  const cut = cutAtColon(decoded.bytes);
  if (cut === null) return { ok: false, error: KUBELET_AUTH_FORMAT_ERROR };
  return { ok: true, username: cut.username, password: secretFromBytes(cut.passwordBytes) };
}

const DATA_KEYS: Record<string, { key: string; shape: 'dockerconfigjson' | 'dockercfg' }> = {
  'kubernetes.io/dockerconfigjson': { key: '.dockerconfigjson', shape: 'dockerconfigjson' },
  'kubernetes.io/dockercfg': { key: '.dockercfg', shape: 'dockercfg' },
};

/** `kind: List` (kubectl get … -o json|yaml with several objects) and typed lists (`SecretList`) */
export function flattenLists(documents: readonly JsonNode[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const document of documents) {
    if (document.kind !== 'object') continue;
    const kind = stringMember(document, 'kind');
    const items = document.members.filter((member) => member.key === 'items').at(-1)?.value;
    if (kind !== null && kind.endsWith('List') && items?.kind === 'array') out.push(...flattenLists(items.items));
    else out.push(document);
  }
  return out;
}

export function stringMember(object: JsonObject, key: string): string | null {
  const value = object.members.filter((member) => member.key === key).at(-1)?.value;
  return value?.kind === 'string' ? value.value : null;
}

function emptyView(file: LoadedFile): KubeletSecretViewDetail {
  return { file, auths: [], parseError: null, warnings: [], shape: null, secretType: null, dataKey: null };
}

function failView(view: KubeletSecretViewDetail, message: string, pos: Position | null, id = 'kubelet.parse-error'): KubeletSecretViewDetail {
  view.parseError = { message, pos };
  view.warnings.push(makeWarning(view.file, id, message, pos));
  return view;
}

/**
 * A pull-secret file: raw .dockerconfigjson/.dockercfg JSON, or Secret manifests in JSON or
 * YAML — one, several documents, or a List — whose entries together form one keyring.
 */
export function decodeKubeletSecret(file: LoadedFile): KubeletSecretViewDetail {
  const view = emptyView(file);
  if (!file.exists) return view;
  if (file.ioError !== null) return failView(view, file.ioError.message, null, 'kubelet.file-unreadable');
  const plain = decodePlainContent(file);
  if (plain !== null) return plain;
  view.warnings.push(...bomWarning(file, 'kubelet'));
  const parsed = parseManifests(file.text);
  const manifests = parsed.ok ? flattenLists(parsed.documents).filter(isManifest) : [];
  if (manifests.length === 0) {
    // not manifests: what the kubelet reads from disk, raw JSON with Go's rules and messages
    if (!parsed.ok && parsed.pos !== null && !looksLikeJson(file.text)) return failView(view, parsed.message, parsed.pos, 'kubelet.manifest-invalid');
    const json = unmarshal(file.text);
    if (!json.ok) return failView(view, json.error.message, json.error.pos);
    const root = json.value;
    if (root === null || root.kind !== 'object') {
      return failView(view, `json: cannot unmarshal ${root?.kind ?? 'null'} into Go value of type credentialprovider.DockerConfigJSON`, root?.pos ?? null);
    }
    const shape = lookupField(root, 'auths') !== undefined ? 'dockerconfigjson' : 'dockercfg';
    view.shape = shape;
    return decodeContent(file.text, shape, view, null);
  }
  view.shape = 'manifest';
  for (const manifest of manifests) {
    const one = decodeSecretObject(file, manifest);
    view.secretType ??= one.secretType;
    view.dataKey ??= one.dataKey;
    view.auths.push(...one.auths);
    view.warnings.push(...one.warnings);
    view.parseError ??= one.parseError;
  }
  return view;
}

/** One Secret object (from a file, a List or a namespace dump) as the kubelet decodes it. */
export function decodeSecretObject(file: LoadedFile, root: JsonObject): KubeletSecretViewDetail {
  const view = emptyView(file);
  view.shape = 'manifest';
  return decodeManifest(root, view, (message, pos, id) => failView(view, message, pos, id));
}

function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text.replace(/^\uFEFF/, ''));
}

function isManifest(root: JsonObject): boolean {
  const kind = root.members.find((member) => member.key === 'kind');
  return (
    (kind?.value.kind === 'string' && kind.value.value === 'Secret') ||
    root.members.some((member) => member.key === 'data' || member.key === 'stringData')
  );
}

function decodeManifest(
  root: JsonObject,
  view: KubeletSecretViewDetail,
  fail: (message: string, pos: Position | null, id?: string) => KubeletSecretViewDetail,
): KubeletSecretViewDetail {
  const file = view.file;
  const typeMember = root.members.filter((member) => member.key === 'type').at(-1);
  const secretType = typeMember?.value.kind === 'string' ? typeMember.value.value : '';
  view.secretType = secretType;
  const target = DATA_KEYS[secretType];
  if (target === undefined) {
    view.warnings.push(
      makeWarning(
        file,
        'kubelet.secret-type-ignored',
        `Secret type "${secretType || '(none)'}" is not a pull-secret type: the kubelet uses only kubernetes.io/dockerconfigjson and kubernetes.io/dockercfg secrets`,
        typeMember?.keyPos ?? root.pos,
      ),
    );
    return view;
  }
  view.dataKey = target.key;
  // the API server merges stringData into data, stringData winning
  const stringData = root.members.filter((member) => member.key === 'stringData').at(-1)?.value;
  const data = root.members.filter((member) => member.key === 'data').at(-1)?.value;
  const fromString = stringData?.kind === 'object' ? stringData.members.filter((m) => m.key === target.key).at(-1) : undefined;
  const fromData = data?.kind === 'object' ? data.members.filter((m) => m.key === target.key).at(-1) : undefined;
  let content: string | null = null;
  let contentPos: Position | null = null;
  if (fromString !== undefined && fromString.value.kind === 'string') {
    content = fromString.value.value;
    contentPos = fromString.value.pos;
  } else if (fromData !== undefined && fromData.value.kind === 'string') {
    const decoded = goBase64Decode(fromData.value.value);
    if (!decoded.ok) return fail(`data["${target.key}"] is not valid base64: ${decoded.message}`, fromData.value.pos, 'kubelet.data-invalid-base64');
    content = bytesToString(decoded.bytes);
    contentPos = fromData.value.pos;
  }
  if (content === null || content === '') {
    view.warnings.push(
      makeWarning(file, 'kubelet.secret-data-missing', `the Secret has no "${target.key}" data: the kubelet gets no credentials from it`, root.pos),
    );
    return view;
  }
  if (encodedTwice(content)?.trimStart().startsWith('{') === true) {
    view.warnings.push(
      makeWarning(file, 'kubelet.data-double-base64', `"${target.key}" holds base64 of the JSON, not the JSON: it was base64-encoded twice`, contentPos ?? root.pos),
    );
  }
  return decodeContent(content, target.shape, view, contentPos);
}

const MAX_DOUBLE_ENCODED = 64 * 1024;

/** the text a value decodes to when it is itself base64 (a value encoded twice); null otherwise */
function encodedTwice(value: string): string | null {
  // a pull secret is a few KB; larger values are not worth a second decode
  if (value.length > MAX_DOUBLE_ENCODED || !/^[A-Za-z0-9+/=\s]+$/.test(value)) return null;
  const decoded = goBase64Decode(value.replace(/\s+/g, ''));
  return decoded.ok ? bytesToString(decoded.bytes) : null;
}

/**
 * Decodes .dockerconfigjson / .dockercfg content. Positions inside base64 `data` cannot be
 * mapped back to the file: they are reported at the data value (`anchor`) instead.
 */
function decodeContent(
  text: string,
  shape: 'dockerconfigjson' | 'dockercfg',
  view: KubeletSecretViewDetail,
  anchor: Position | null,
): KubeletSecretViewDetail {
  const file = view.file;
  const place = (pos: Position | null): Position | null => anchor ?? pos;
  const parsed = unmarshal(text);
  if (!parsed.ok) {
    view.parseError = { message: parsed.error.message, pos: place(parsed.error.pos) };
    view.warnings.push(makeWarning(file, 'kubelet.json-invalid', parsed.error.message, place(parsed.error.pos)));
    return view;
  }
  const type = shape === 'dockerconfigjson' ? DOCKER_CONFIG_JSON : DOCKER_CONFIG;
  const decoded = goUnmarshal(parsed.value, type);
  view.warnings.push(
    ...decodeWalkWarnings(file, decoded.value, type, {
      prefix: 'kubelet',
      reportUnknownIn: REPORTED_UNKNOWN,
      unknownNote: (_struct, key) =>
        ['identitytoken', 'registrytoken'].includes(key.toLowerCase())
          ? 'the kubelet ignores identity and registry tokens: only username/password/auth work'
          : 'the kubelet ignores it',
    }).map((warning) => relocate(warning, anchor)),
  );
  if (decoded.error !== null) {
    // each entry decodes in its own UnmarshalJSON call; Go then names the error after the outer
    // struct being decoded (DockerConfigJSON), keeping the field path
    const message = shape === 'dockerconfigjson' ? decoded.error.message.replace('Go struct field dockerConfigEntryWithAuth.auths.', 'Go struct field DockerConfigJSON.auths.') : decoded.error.message;
    view.parseError = { message, pos: place(decoded.error.pos) };
    return view;
  }
  let auths: GoMapValue;
  if (decoded.value.kind === 'struct') auths = mapField(decoded.value, 'auths');
  else if (decoded.value.kind === 'map') auths = decoded.value;
  else return view;

  for (const entry of auths.entries) {
    const struct = entry.value.kind === 'struct' ? entry.value : null;
    const get = (name: string): string => (struct === null ? '' : stringField(struct, name));
    const fields = struct === null ? [] : [...struct.fields].filter(([, slot]) => slot.members.length > 0).map(([name]) => name);
    view.auths.push(kubeletEntry(view, entry.key, place(entry.keyPos) ?? entry.keyPos, get, fields));
  }
  return view;
}

/** One entry from its string fields (however they were read); its warnings and any error go into the view. */
function kubeletEntry(view: KubeletSecretViewDetail, entryKey: string, keyPos: Position, get: (name: string) => string, fields: string[]): KubeletAuthEntry {
  const file = view.file;
  const item: KubeletAuthEntry = { key: entryKey, keyPos, username: get('username'), password: secret(get('password')), authError: null, fields };
  const auth = get('auth');
  const key = `auths.${entryKey}`;
  if (auth !== '') {
    const result = decodeKubeletAuth(auth);
    if (!result.ok) {
      item.authError = result.error;
      const once = auth.length <= MAX_DOUBLE_ENCODED ? goBase64Decode(auth, { padded: auth.trim().endsWith('=') }) : null;
      const inner = once !== null && once.ok ? encodedTwice(bytesToString(once.bytes)) : null;
      if (inner !== null && inner.includes(':')) {
        view.warnings.push(makeWarning(file, 'kubelet.auth-double-base64', '"auth" was base64-encoded twice: it decodes to base64 text, not to user:password', item.keyPos, key));
      }
      if (view.parseError === null) view.parseError = { message: result.error, pos: item.keyPos };
      view.warnings.push(makeWarning(file, 'kubelet.auth-invalid', `"auth" cannot be decoded (${result.error}): the kubelet rejects all pull secrets of this pod`, item.keyPos, key));
    } else {
      if (item.username !== '' && item.username !== result.username) {
        view.warnings.push(
          makeWarning(file, 'kubelet.auth-username-conflict', `"auth" decodes to user "${result.username}" but the "username" field says "${item.username}": the kubelet uses "auth"`, item.keyPos, key),
        );
      }
      item.username = result.username;
      item.password = result.password;
    }
  }
  if (item.username === '' && item.authError === null) {
    view.warnings.push(makeWarning(file, 'kubelet.empty-username', 'the entry has an empty username', item.keyPos, key));
  }
  return item;
}

/**
 * The view of raw JSON the full decoding would read without a warning about its shape
 * (plain-json.ts), built from the engine's parse; null when the text is anything else (a
 * manifest among them).
 */
function decodePlainContent(file: LoadedFile): KubeletSecretViewDetail | null {
  const plain = plainJson(file.text);
  if (plain === null || !isPlainObject(plain.value)) return null;
  const root = plain.value;
  // what might make it a Secret manifest or a List is read the full way
  if (['kind', 'data', 'stringData'].some((key) => Object.hasOwn(root, key))) return null;
  const shape = Object.keys(root).some((key) => goKeyMatchesField(key, 'auths')) ? 'dockerconfigjson' : 'dockercfg';
  if (!plainFits(root, shape === 'dockerconfigjson' ? DOCKER_CONFIG_JSON : DOCKER_CONFIG, REPORTED_UNKNOWN)) return null;
  const view = emptyView(file);
  view.shape = shape;
  const auths = (shape === 'dockerconfigjson' ? root['auths'] : root) as Record<string, Record<string, unknown>> | null | undefined;
  const keyOffset = (index: number): number => (shape === 'dockerconfigjson' ? plain.member('auths')?.children[index] : plain.members()[index]?.key) ?? 0;
  if (!isPlainObject(auths)) return view;
  const { keys, colon, flags } = plainEntries(auths);
  const fieldNames = ENTRY.fields.map((field) => field.name);
  const build = (index: number): KubeletAuthEntry => {
    const key = keys[index] as string;
    const struct = auths[key] as Record<string, unknown>;
    return kubeletEntry(view, key, plain.at(keyOffset(index)), (name) => plainString(struct, name), plainFieldsSet(struct, fieldNames));
  };
  // entries the cheap check cannot vouch for are decoded now, in order: their warnings and errors are the view's
  const early = new Map<number, KubeletAuthEntry>();
  // "user:password" with a user, and no `username` field to disagree: no warning
  for (let index = 0; index < keys.length; index += 1) {
    if (((flags[index] as number) & ENTRY_USERNAME) !== 0 || (colon[index] as number) <= 0) early.set(index, build(index));
  }
  const warnings = view.warnings.length;
  defineLazyAuths(view, keys, (index) => {
    const entry = early.get(index) ?? build(index);
    if (view.warnings.length !== warnings) throw new Error(`an entry the cheap check passed decodes with a warning: ${entry.key}`);
    return entry;
  });
  return view;
}


function relocate(warning: Warning, anchor: Position | null): Warning {
  if (anchor === null) return warning;
  return { ...warning, line: anchor.line, column: anchor.column };
}
