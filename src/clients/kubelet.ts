import type { KubeletAuthEntry, KubeletSecretView } from '../config/model.js';
import { authAt, authCount, authKeysOf } from '../config/lazy-auths.js';
import { goQuoteString } from '../config/json.js';
import { Trace, visitUnlessCounted } from '../util/trace.js';
import { type KubeletKey, kubeletParseKey } from './keys.js';
import { type Resolution, describeSecretKind, startResolution } from './model.js';
import { sentCredentials } from './docker.js';
import { PositionsByKey } from './positions.js';
import { goSplitHostPort, parseGoUrlHost } from './go-url.js';

/**
 * The kubelet's BasicDockerKeyring: keys become host + path prefix, matched label by label with
 * globs; every match is returned (most specific first) and tried in turn.
 */
export interface KubeletInputs {
  /** "docker.io/alice/app" (ParseNormalizedNamed(image).Name()) */
  name: string;
  registry: string;
  secrets: KubeletSecretView[];
}

/** An entry of the keyring; the entry itself is decoded when first used. */
class IndexedEntry {
  constructor(
    readonly parsed: KubeletKey,
    readonly file: string,
    readonly secret: KubeletSecretView,
    readonly position: number,
  ) {}

  get entry(): KubeletAuthEntry {
    return authAt(this.secret, this.position);
  }
}

/**
 * What a pod reports when the kubelet cannot parse its image (reason InvalidImageName):
 * images.applyDefaultImageTag around parsers.ParseImageName, before any credential is looked up.
 */
export function kubeletInvalidImageError(image: string, parserError: string): string {
  const quoted = goQuoteString(image);
  return `Failed to apply default image tag ${quoted}: couldn't parse image name ${quoted}: ${parserError}`;
}

export function resolveKubelet(inputs: KubeletInputs): Resolution {
  const trace = new Trace();
  const base = startResolution('kubelet', inputs.registry, trace.steps);
  for (const secret of inputs.secrets) {
    const file = secret.file.path;
    base.warnings.push(...secret.warnings);
    if (secret.file.ioError !== null || secret.parseError !== null) {
      base.configFile = file;
      base.error = secret.file.ioError?.message ?? secret.parseError?.message ?? '';
      trace.error('kubelet.secret', `${file}: ${base.error}; one bad pull secret fails the whole keyring, so the pull fails`, { file });
      return base;
    }
    if (!secret.file.exists) {
      trace.missing('kubelet.secret', `${file} does not exist`, { file });
      continue;
    }
    const { invalid } = parsedKeysOf(secret);
    for (const [index, entry] of invalid.entries()) {
      if (trace.summarises('kubelet.key')) {
        trace.skippedUnlisted('kubelet.key', invalid.length - index);
        break;
      }
      trace.skipped('kubelet.key', `Entry "${entry.key}" in dockercfg invalid: the kubelet skips it`, { file, key: entry.key, line: entry.keyPos.line });
    }
  }
  const keyring = keyringOf(inputs.secrets);
  const { groups, order } = keyring;
  // SplitURL: net.SplitHostPort of u.Host, the whole u.Host when it has no port
  const target = parseGoUrlHost(`https://${inputs.name}`, { go126: true });
  const split = target.ok ? (goSplitHostPort(target.host) ?? { host: target.host, port: '' }) : { host: inputs.registry, port: '' };
  const targetHost = split.host;
  const targetPort = split.port;
  const targetPath = inputs.name.slice(inputs.name.indexOf('/'));

  const matches: IndexedEntry[] = [];
  // groups that cannot match (another port, or another host without globs) are skipped; once
  // skipped steps are only counted, runs of them are counted at once
  visitUnlessCounted(trace, 'kubelet.match', order.length, keyring.candidates(targetHost, targetPort), (position) => {
    const indexKey = order[position] as string;
    const group = groups.get(indexKey) ?? [];
    const sample = group[0];
    if (sample === undefined) return;
    const why = matchFailure(sample.parsed, targetHost, targetPort, targetPath);
    const where = { file: sample.file, key: sample.entry.key, tried: indexKey, line: sample.entry.keyPos.line };
    if (why === null) {
      trace.matched('kubelet.match', `"${indexKey}" matches ${inputs.name}`, where);
      matches.push(...group);
    } else {
      trace.skipped('kubelet.match', `"${indexKey}" does not match: ${why}`, where);
    }
  });
  if (matches.length === 0 && isDefaultRegistryMatch(inputs.name)) {
    const fallback = groups.get('index.docker.io') ?? [];
    if (fallback.length > 0) {
      trace.matched('kubelet.default-registry', 'no key matched; for a Docker Hub image the kubelet falls back to the entries stored under "index.docker.io"');
      matches.push(...fallback);
    }
  }
  markRandomOrder(base, keyring.shared, matches, trace);
  const [first] = matches;
  if (first === undefined) {
    trace.missing('kubelet.result', 'no pull-secret entry matches: the kubelet pulls without credentials');
    return base;
  }
  if (matches.length > 1) {
    trace.info('kubelet.alternatives', `${matches.length} entries match; the kubelet tries each in turn until a pull succeeds`);
  }
  const credentials = sentCredentials(first.entry.username, first.entry.password, null, null, trace, first.entry.key);
  const { present, kind } = describeSecretKind(credentials);
  return {
    ...base,
    configFile: first.file,
    key: first.entry.key,
    source: 'file',
    username: credentials.username,
    credentials: present ? credentials : null,
    secretPresent: present,
    secretKind: kind,
    alternatives: matches.map((item) => ({ key: item.entry.key, username: item.entry.username === '' ? null : item.entry.username, configFile: item.file })),
  };
}

/**
 * Keys that reduce to the same host and path share one slot of the keyring, filled in Go map
 * order: which of them the kubelet tries first is random when their credentials differ.
 */
function markRandomOrder(base: Resolution, shared: ReadonlyArray<[string, IndexedEntry[]]>, matches: IndexedEntry[], trace: Trace): void {
  for (const [indexKey, group] of shared) {
    if (group.length < 2 || !group.some((item) => matches.includes(item))) continue;
    const distinct = new Set(group.map((item) => JSON.stringify([item.entry.username, item.entry.password.reveal()])));
    if (distinct.size < 2) continue;
    base.ambiguous = true;
    const message = `${group.map((item) => `"${item.entry.key}"`).join(', ')} all index as "${indexKey}" with different credentials; the kubelet adds them in random map order, so which it tries first is random`;
    base.warnings.push({ id: 'kubelet.random-order', message, file: group[0]?.file ?? '', key: group[0]?.entry.key ?? '' });
    trace.warning('kubelet.random-order', message);
  }
}

/** Each entry's key as the kubelet parses it, once per decoded secret. */
const parsedKeys = new WeakMap<KubeletSecretView, { parsed: Array<KubeletKey | null>; invalid: KubeletAuthEntry[] }>();

function parsedKeysOf(secret: KubeletSecretView): { parsed: Array<KubeletKey | null>; invalid: KubeletAuthEntry[] } {
  let keys = parsedKeys.get(secret);
  if (keys === undefined || keys.parsed.length !== authCount(secret)) {
    const parsed = authKeysOf(secret).map((key) => kubeletParseKey(key));
    const invalid: KubeletAuthEntry[] = [];
    for (let index = 0; index < parsed.length; index += 1) if (parsed[index] === null) invalid.push(authAt(secret, index));
    keys = { parsed, invalid };
    parsedKeys.set(secret, keys);
  }
  return keys;
}

/** The keyring built from the pull secrets (those that exist), with the groups that can match a host looked up by port and host. */
class Keyring {
  readonly groups = new Map<string, IndexedEntry[]>();
  /** index keys in the order the kubelet tries them */
  readonly order: string[];
  /** groups of more than one entry, in insertion order */
  readonly shared: Array<[string, IndexedEntry[]]>;
  readonly #plain = new PositionsByKey();
  readonly #globbed = new PositionsByKey();

  constructor(secrets: readonly KubeletSecretView[]) {
    const indexKeys: string[] = [];
    for (const secret of secrets) {
      if (secret.file.ioError !== null || secret.parseError !== null || !secret.file.exists) continue;
      const { parsed } = parsedKeysOf(secret);
      for (let index = 0; index < parsed.length; index += 1) {
        const key = parsed[index];
        if (key === null || key === undefined) continue;
        const item = new IndexedEntry(key, secret.file.path, secret, index);
        const group = this.groups.get(key.indexKey);
        if (group === undefined) {
          this.groups.set(key.indexKey, [item]);
          indexKeys.push(key.indexKey);
        } else group.push(item);
      }
    }
    // by UTF-16 code units, as sort() without a comparator, which is several times slower
    this.order = indexKeys.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    this.shared = [];
    this.groups.forEach((group, indexKey) => {
      if (group.length > 1) this.shared.push([indexKey, group]);
    });
    for (let position = 0; position < this.order.length; position += 1) {
      const sample = (this.groups.get(this.order[position] as string) as IndexedEntry[])[0] as IndexedEntry;
      const { host, port } = sample.parsed;
      const globbed = /[*?[\\]/.test(host);
      const bucket = globbed ? this.#globbed : this.#plain;
      const name = globbed ? `${port}\u0000${labelCount(host)}` : `${port}\u0000${host}`;
      bucket.add(name, position);
    }
  }

  /** Positions in `order`, ascending, of the groups whose host and port can match: the same host, or globs over as many labels. */
  candidates(host: string, port: string): number[] {
    const plain = this.#plain.get(`${port}\u0000${host}`);
    const globbed = this.#globbed.get(`${port}\u0000${labelCount(host)}`);
    return [...plain, ...globbed].sort((a, b) => a - b);
  }
}

/** host.split('.').length, without the array */
function labelCount(host: string): number {
  let count = 1;
  for (let at = host.indexOf('.'); at !== -1; at = host.indexOf('.', at + 1)) count += 1;
  return count;
}

const keyrings = new WeakMap<KubeletSecretView, Array<{ secrets: readonly KubeletSecretView[]; keyring: Keyring }>>();

/** One keyring per list of decoded secrets: `ls` and `doctor` resolve every key against the same files. */
function keyringOf(secrets: readonly KubeletSecretView[]): Keyring {
  const [first] = secrets;
  if (first === undefined) return new Keyring(secrets);
  const known = keyrings.get(first) ?? [];
  keyrings.set(first, known);
  const same = known.find((item) => item.secrets.length === secrets.length && item.secrets.every((secret, index) => secret === secrets[index]));
  if (same !== undefined) return same.keyring;
  const keyring = new Keyring(secrets);
  known.push({ secrets: [...secrets], keyring });
  return keyring;
}

function matchFailure(key: KubeletKey, host: string, port: string, path: string): string | null {
  if (key.port !== port) return `the port "${key.port}" differs from "${port}"`;
  const keyLabels = key.host.split('.');
  const hostLabels = host.split('.');
  if (keyLabels.length !== hostLabels.length) return `"${key.host}" and "${host}" have a different number of labels`;
  for (let index = 0; index < keyLabels.length; index += 1) {
    if (!globMatch(keyLabels[index] ?? '', hostLabels[index] ?? '')) return `label "${keyLabels[index]}" does not match "${hostLabels[index]}"`;
  }
  if (!path.startsWith(key.path)) return `the path "${key.path}" is not a prefix of "${path}"`;
  return null;
}

/**
 * filepath.Match for one host label: `*`, `?`, backslash escapes and `[...]` classes, negated by a
 * leading `^` (a `!` is an ordinary member). A malformed pattern matches nothing, as URLsMatch
 * reads filepath.ErrBadPattern.
 */
export function globMatch(pattern: string, text: string): boolean {
  if (!/[*?[\\]/.test(pattern)) return pattern === text;
  const source = globSource([...pattern]);
  return source !== null && new RegExp(`^${source}$`, 'u').test(text);
}

const literal = (char: string): string => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`;

/** The pattern as a regular expression, null when filepath.Match would report ErrBadPattern. */
function globSource(chars: string[]): string | null {
  let source = '';
  for (let index = 0; index < chars.length; index += 1) {
    const char = chars[index] as string;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '\\') {
      index += 1;
      if (index >= chars.length) return null;
      source += literal(chars[index] as string);
    } else if (char === '[') {
      const parsed = globClass(chars, index + 1);
      if (parsed === null) return null;
      source += parsed.source;
      index = parsed.end;
    } else source += literal(char);
  }
  return source;
}

/** A `[...]` class starting after its `[`: its source and the index of its `]`. */
function globClass(chars: string[], start: number): { source: string; end: number } | null {
  let index = start;
  const negated = chars[index] === '^';
  if (negated) index += 1;
  // one member, as filepath's getEsc reads it: "-" and "]" need an escape
  const member = (): string | null => {
    const char = chars[index];
    if (char === undefined || char === '-' || char === ']') return null;
    index += 1;
    if (char !== '\\') return char;
    const escaped = chars[index];
    if (escaped === undefined) return null;
    index += 1;
    return escaped;
  };
  let ranges = '';
  for (let count = 0; ; count += 1) {
    if (chars[index] === ']' && count > 0) break;
    const low = member();
    if (low === null) return null;
    let high = low;
    if (chars[index] === '-') {
      index += 1;
      const end = member();
      if (end === null) return null;
      high = end;
    }
    // a range running backwards holds nothing (not an error)
    if ((low.codePointAt(0) ?? 0) <= (high.codePointAt(0) ?? 0)) ranges += low === high ? literal(low) : `${literal(low)}-${literal(high)}`;
  }
  return { source: `[${negated ? '^' : ''}${ranges}]`, end: index };
}

function isDefaultRegistryMatch(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash === -1) return true;
  const first = name.slice(0, slash);
  if (first === 'docker.io' || first === 'index.docker.io') return true;
  return !/[.:]/.test(first);
}
