import type { Position } from '../util/trace.js';

/**
 * registries.conf (containers-registries.conf(5)) as podman, skopeo and buildah read it, for the
 * part that decides credentials: the top-level `credential-helpers` list. The file is TOML; this
 * reads the subset such files use — comments, `key = value` with bare or quoted keys, basic and
 * literal strings, integers, decimal floats, booleans, arrays (over several lines), inline tables, `[table]` and
 * `[[array.of.tables]]` headers — and refuses anything else with a line and column.
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export interface TomlError {
  message: string;
  pos: Position;
}

export type TomlResult =
  | {
      ok: true;
      value: TomlTable;
      keyPositions: Map<string, Position>;
      /** every table header and key by its full path (tomlPath), arrays of tables with the element's index */
      pathPositions: Map<string, Position>;
    }
  | { ok: false; error: TomlError };

/** The key of `pathPositions`: a table or key path, e.g. ["host", "https://mirror"] or ["registry", 0, "mirror", 1, "location"]. */
export function tomlPath(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

class TomlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Where each line starts: a position is then a binary search, not a walk from the start. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

function positionIn(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1, offset };
}

const BARE_KEY = /[A-Za-z0-9_-]*/y;
/** the plain run of a basic string, up to its end, an escape or a line break */
const PLAIN_RUN = /[^"\\\n]*/y;
/**
 * `"key" = "value"` with neither escapes nor a third quote, as every alias of a shortnames.conf
 * is written: read in one match, with the result parseKey and parseValue give for it.
 */
const QUOTED_PAIR = /"([^"\\\n]*)"[ \t]*=[ \t]*"([^"\\\n]*)"(?!")/y;
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

class Parser {
  index = 0;
  readonly root: TomlTable = {};
  readonly keyPositions = new Map<string, Position>();
  /** every table header and key, by its full path (tomlPath) */
  readonly pathPositions = new Map<string, Position>();
  /** tables defined by a header or a key, so a second definition is refused as TOML requires */
  readonly #defined = new Set<string>();

  #lineStarts: number[] | undefined;

  /** `shortcuts: false` reads every line the general way (the tests compare the two) */
  constructor(
    readonly text: string,
    readonly shortcuts: boolean,
  ) {}

  positionAt(offset: number): Position {
    this.#lineStarts ??= lineStarts(this.text);
    return positionIn(this.#lineStarts, offset);
  }

  fail(message: string, offset = this.index): never {
    throw new TomlSyntaxError(message, offset);
  }

  peek(): string {
    return this.text[this.index] ?? '';
  }

  skipSpaces(): void {
    for (let code = this.text.charCodeAt(this.index); code === 0x20 || code === 0x09; code = this.text.charCodeAt(this.index)) this.index += 1;
  }

  /** spaces, comments and newlines (inside arrays) */
  skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      if (this.peek() === '#') this.skipComment();
      else if (this.peek() === '\n' || this.peek() === '\r') this.index += 1;
      else return;
    }
  }

  skipComment(): void {
    const newline = this.text.indexOf('\n', this.index);
    this.index = newline === -1 ? Math.max(this.index, this.text.length) : newline;
  }

  endOfLine(): void {
    this.skipSpaces();
    if (this.peek() === '#') this.skipComment();
    if (this.peek() === '\r' && this.text[this.index + 1] === '\n') this.index += 1;
    if (this.index < this.text.length && this.peek() !== '\n') this.fail(`expected the end of the line, found "${this.peek()}"`);
    this.index += 1;
  }

  parse(): TomlTable {
    let current = this.root;
    let currentPath: string[] = [];
    while (this.index < this.text.length) {
      this.skipSpaces();
      const char = this.peek();
      if (char === '\n' || char === '\r' || char === '#' || char === '') {
        this.endOfLine();
        continue;
      }
      if (char === '[') {
        const isArray = this.text[this.index + 1] === '[';
        const start = this.index;
        this.index += isArray ? 2 : 1;
        this.skipSpaces();
        currentPath = this.parseKey();
        this.skipSpaces();
        if (!this.text.startsWith(isArray ? ']]' : ']', this.index)) this.fail(`expected "${isArray ? ']]' : ']'}" to close the table header`);
        this.index += isArray ? 2 : 1;
        current = isArray ? this.appendArrayTable(currentPath, start) : this.defineTable(currentPath, start);
        const headerPath = tomlPath(this.indexed(currentPath));
        if (!this.pathPositions.has(headerPath)) this.pathPositions.set(headerPath, this.positionAt(start));
        this.endOfLine();
        continue;
      }
      const keyStart = this.index;
      let key: string[];
      let value: TomlValue;
      QUOTED_PAIR.lastIndex = keyStart;
      const pair = char === '"' && this.shortcuts ? QUOTED_PAIR.exec(this.text) : null;
      if (pair !== null) {
        key = [pair[1] ?? ''];
        value = pair[2] ?? '';
        this.index = QUOTED_PAIR.lastIndex;
      } else {
        key = this.parseKey();
        this.skipSpaces();
        if (this.peek() !== '=') this.fail('expected "=" after the key');
        this.index += 1;
        this.skipSpaces();
        value = this.parseValue();
      }
      this.assign(current, key, value, keyStart);
      if (currentPath.length === 0 && key.length === 1 && key[0] !== undefined) this.keyPositions.set(key[0], this.positionAt(keyStart));
      this.pathPositions.set(tomlPath(this.indexed(currentPath.concat(key))), this.positionAt(keyStart));
      this.endOfLine();
    }
    return this.root;
  }

  parseKey(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const char = this.peek();
      if (char === '"') parts.push(this.parseBasicString());
      else if (char === "'") parts.push(this.parseLiteralString());
      else {
        const start = this.index;
        BARE_KEY.lastIndex = start;
        if (BARE_KEY.test(this.text)) this.index = BARE_KEY.lastIndex;
        if (this.index === start) this.fail(char === '' ? 'unexpected end of file, expected a key' : `invalid character "${char}" in a key`);
        parts.push(this.text.slice(start, this.index));
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.index += 1;
    }
  }

  parseValue(): TomlValue {
    const char = this.peek();
    if (char === '"') {
      if (this.text.startsWith('"""', this.index)) this.fail('multi-line strings are not supported in registries.conf');
      return this.parseBasicString();
    }
    if (char === "'") {
      if (this.text.startsWith("'''", this.index)) this.fail('multi-line strings are not supported in registries.conf');
      return this.parseLiteralString();
    }
    if (char === '[') return this.parseArray();
    if (char === '{') return this.parseInlineTable();
    const match = /^(true|false|[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?)(?=[\s,\]}#]|$)/.exec(this.text.slice(this.index, this.index + 64));
    if (match?.[1] === undefined) this.fail(char === '\n' || char === '' ? 'expected a value after "="' : `invalid value starting with "${char}"`);
    this.index += match[1].length;
    if (match[1] === 'true' || match[1] === 'false') return match[1] === 'true';
    return Number(match[1].replace(/_/g, ''));
  }

  parseBasicString(): string {
    const start = this.index;
    this.index += 1;
    let out = '';
    for (;;) {
      PLAIN_RUN.lastIndex = this.index;
      if (PLAIN_RUN.test(this.text)) {
        out += this.text.slice(this.index, PLAIN_RUN.lastIndex);
        this.index = PLAIN_RUN.lastIndex;
      }
      const char = this.peek();
      if (char === '' || char === '\n') this.fail('unterminated string', start);
      this.index += 1;
      if (char === '"') return out;
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escape = this.peek();
      this.index += 1;
      if (escape === 'u' || escape === 'U') {
        const length = escape === 'u' ? 4 : 8;
        const hex = this.text.slice(this.index, this.index + length);
        if (!new RegExp(`^[0-9A-Fa-f]{${length}}$`).test(hex)) this.fail(`invalid \\${escape} escape`, this.index - 2);
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        this.index += length;
      } else if (ESCAPES[escape] !== undefined) out += ESCAPES[escape];
      else this.fail(`invalid escape "\\${escape}"`, this.index - 2);
    }
  }

  parseLiteralString(): string {
    const start = this.index;
    const end = this.text.indexOf("'", start + 1);
    const newline = this.text.indexOf('\n', start + 1);
    if (end === -1 || (newline !== -1 && newline < end)) this.fail('unterminated string', start);
    this.index = end + 1;
    return this.text.slice(start + 1, end);
  }

  parseArray(): TomlValue[] {
    this.index += 1;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlank();
      if (this.peek() === ']') {
        this.index += 1;
        return items;
      }
      items.push(this.parseValue());
      this.skipBlank();
      if (this.peek() === ',') this.index += 1;
      else if (this.peek() !== ']') this.fail('expected "," or "]" in the array');
    }
  }

  parseInlineTable(): TomlTable {
    this.index += 1;
    const table: TomlTable = {};
    this.skipSpaces();
    if (this.peek() === '}') {
      this.index += 1;
      return table;
    }
    for (;;) {
      this.skipSpaces();
      const keyStart = this.index;
      const key = this.parseKey();
      if (this.peek() !== '=') this.fail('expected "=" after the key');
      this.index += 1;
      this.skipSpaces();
      this.assign(table, key, this.parseValue(), keyStart);
      this.skipSpaces();
      if (this.peek() === '}') {
        this.index += 1;
        return table;
      }
      if (this.peek() !== ',') this.fail('expected "," or "}" in the inline table');
      this.index += 1;
    }
  }

  /** The path with the index of the last element of each array of tables on it. */
  indexed(path: readonly string[]): Array<string | number> {
    let current: TomlValue | undefined = this.root;
    const parts: Array<string | number> = [];
    // index loops here and in walk: this runs for every key, before V8 has optimised anything
    for (let index = 0; index < path.length; index++) {
      const part = path[index] as string;
      const next: TomlValue | undefined = current !== undefined && typeof current === 'object' && !Array.isArray(current) ? current[part] : undefined;
      if (Array.isArray(next) && next.length > 0 && next.every((item) => typeof item === 'object' && !Array.isArray(item))) {
        parts.push(part, next.length - 1);
        current = next[next.length - 1];
      } else {
        parts.push(part);
        current = next;
      }
    }
    return parts;
  }

  walk(table: TomlTable, path: string[], offset: number): TomlTable {
    let current = table;
    for (let index = 0; index < path.length; index++) {
      const part = path[index] as string;
      const next: TomlValue | undefined = current[part];
      if (next === undefined) {
        const created: TomlTable = {};
        current[part] = created;
        current = created;
      } else if (Array.isArray(next)) {
        const last = next[next.length - 1];
        if (last === undefined || typeof last !== 'object' || Array.isArray(last)) this.fail(`key "${part}" is not a table`, offset);
        current = last;
      } else if (typeof next === 'object') current = next;
      else this.fail(`key "${part}" is already a value, not a table`, offset);
    }
    return current;
  }

  assign(table: TomlTable, key: string[], value: TomlValue, offset: number): void {
    const parent = this.walk(table, key.slice(0, -1), offset);
    const last = key[key.length - 1] ?? '';
    if (Object.hasOwn(parent, last)) this.fail(`key "${key.join('.')}" is defined twice`, offset);
    parent[last] = value;
  }

  defineTable(path: string[], offset: number): TomlTable {
    const name = JSON.stringify(path);
    if (this.#defined.has(name)) this.fail(`table [${path.join('.')}] is defined twice`, offset);
    this.#defined.add(name);
    return this.walk(this.root, path, offset);
  }

  appendArrayTable(path: string[], offset: number): TomlTable {
    const parent = this.walk(this.root, path.slice(0, -1), offset);
    const last = path[path.length - 1] ?? '';
    const existing = parent[last];
    const created: TomlTable = {};
    if (existing === undefined) parent[last] = [created];
    else if (Array.isArray(existing)) existing.push(created);
    else this.fail(`key "${path.join('.')}" is not an array of tables`, offset);
    return created;
  }
}

export function parseToml(text: string, options: { shortcuts?: boolean } = {}): TomlResult {
  const parser = new Parser(text.startsWith('\uFEFF') ? text.slice(1) : text, options.shortcuts ?? true);
  try {
    const value = parser.parse();
    return { ok: true, value, keyPositions: parser.keyPositions, pathPositions: parser.pathPositions };
  } catch (error) {
    if (!(error instanceof TomlSyntaxError)) throw error;
    return { ok: false, error: { message: error.message, pos: parser.positionAt(error.offset) } };
  }
}

// ---------------------------------------------------------------------------------------------
// registries.conf

/** The name containers/image gives its own auth-file search inside `credential-helpers`. */
export const AUTH_FILE_HELPER = 'containers-auth.json';

export interface RegistriesConfView {
  path: string;
  /** null when the file does not set `credential-helpers`; [] when it sets an empty list */
  credentialHelpers: string[] | null;
  credentialHelpersPos: Position | null;
  unqualifiedSearchRegistries: string[] | null;
  unqualifiedSearchRegistriesPos: Position | null;
  /** `short-name-mode` as written; null when unset */
  shortNameMode: string | null;
  shortNameModePos: Position | null;
  /** `[[registry]]` tables in file order, as written (prefix and locations not yet normalised) */
  registries: RegistryTable[];
  /** `[aliases]`; an empty value removes an alias set by an earlier file */
  aliases: AliasEntry[];
  /** whether the file has a `registry` key and an `[aliases]` table, even empty ones (containers/image 5.24 and later tell "set" from "empty") */
  registriesSet: boolean;
  aliasesSet: boolean;
  /** the version-1 format: `[registries.search]`, `[registries.insecure]`, `[registries.block]`, each `registries = [...]`; null when unset */
  v1: RegistriesV1;
  /** TOML or type error, with the place; the tools refuse to run with such a file */
  error: TomlError | null;
}

export interface EndpointTable {
  location: string;
  insecure: boolean;
  /** "", "all", "digest-only" or "tag-only" */
  pullFromMirror: string;
  pos: Position | null;
}

export interface RegistryTable extends EndpointTable {
  prefix: string;
  blocked: boolean;
  mirrorByDigestOnly: boolean;
  mirrors: EndpointTable[];
}

/** One version-1 list: null when its `registries` key is absent, [] when it is an empty list. */
export interface V1List {
  entries: string[] | null;
  pos: Position | null;
}

export interface RegistriesV1 {
  search: V1List;
  insecure: V1List;
  block: V1List;
}

export interface AliasEntry {
  name: string;
  value: string;
  pos: Position | null;
}

/**
 * The key a field is read from: containers/image's TOML decoder (BurntSushi/toml) takes the exact
 * name, else a key that differs only in case ("Credential-Helpers", "[[Registry]]").
 */
function keyOf(table: TomlTable, name: string): string {
  if (Object.hasOwn(table, name)) return name;
  return Object.keys(table).find((key) => key.toLowerCase() === name) ?? name;
}

function field(table: TomlTable, name: string): TomlValue | undefined {
  return table[keyOf(table, name)];
}

function stringList(value: TomlValue | undefined, key: string, pos: Position | undefined): string[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw Object.assign(new Error(`"${key}" must be a list of strings`), { pos });
  }
  return value as string[];
}

function typed<T extends string | boolean>(table: TomlTable, name: string, kind: 'string' | 'boolean', fallback: T, path: readonly (string | number)[], positions: Map<string, Position>): T {
  const key = keyOf(table, name);
  const value = table[key];
  if (value === undefined) return fallback;
  // the TOML decoder refuses a value of the wrong type for a known field
  if (typeof value !== kind) throw Object.assign(new Error(`"${key}" must be a ${kind}`), { pos: positions.get(tomlPath([...path, key])) });
  return value as T;
}

function tables(value: TomlValue | undefined, key: string, pos: Position | undefined): TomlTable[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'object' || Array.isArray(item))) {
    throw Object.assign(new Error(`"${key}" must be an array of tables ([[${key}]])`), { pos });
  }
  return value as TomlTable[];
}

function endpointOf(table: TomlTable, path: readonly (string | number)[], positions: Map<string, Position>): EndpointTable {
  return {
    location: typed(table, 'location', 'string', '', path, positions),
    insecure: typed(table, 'insecure', 'boolean', false, path, positions),
    pullFromMirror: typed(table, 'pull-from-mirror', 'string', '', path, positions),
    pos: positions.get(tomlPath(path)) ?? null,
  };
}

function registryTables(root: TomlTable, positions: Map<string, Position>): RegistryTable[] {
  const key = keyOf(root, 'registry');
  return tables(root[key], 'registry', positions.get(tomlPath([key, 0]))).map((table, index) => {
    const path = [key, index];
    const mirrorKey = keyOf(table, 'mirror');
    return {
      ...endpointOf(table, path, positions),
      prefix: typed(table, 'prefix', 'string', '', path, positions),
      blocked: typed(table, 'blocked', 'boolean', false, path, positions),
      mirrorByDigestOnly: typed(table, 'mirror-by-digest-only', 'boolean', false, path, positions),
      mirrors: tables(table[mirrorKey], 'mirror', positions.get(tomlPath([...path, mirrorKey, 0]))).map((mirror, at) => endpointOf(mirror, [...path, mirrorKey, at], positions)),
    };
  });
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

function aliasEntries(root: TomlTable, positions: Map<string, Position>): AliasEntry[] {
  const key = keyOf(root, 'aliases');
  const table = root[key];
  // the TOML decoder leaves the map unset, without an error, when the value is not a table
  if (table === undefined || !isTable(table)) return [];
  // the alias names are map keys: taken as written
  return Object.entries(table).map(([name, value]) => {
    const pos = positions.get(tomlPath([key, name])) ?? null;
    if (typeof value !== 'string') throw Object.assign(new Error(`alias "${name}" must be a string`), { pos });
    return { name, value, pos };
  });
}

const V1_TABLES = ['search', 'insecure', 'block'] as const;

function tableAt(value: TomlValue | undefined, path: readonly string[], positions: Map<string, Position>): TomlTable | null {
  if (value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw Object.assign(new Error(`"${path.join('.')}" must be a table ([${path.join('.')}])`), { pos: positions.get(tomlPath(path)) });
  return value;
}

/** The version-1 tables; other keys under `[registries]` are not read. */
function v1Lists(root: TomlTable, positions: Map<string, Position>): RegistriesV1 {
  const top = keyOf(root, 'registries');
  const registries = tableAt(root[top], [top], positions);
  const list = (name: (typeof V1_TABLES)[number]): V1List => {
    const middle = registries === null ? name : keyOf(registries, name);
    const table = registries === null ? null : tableAt(registries[middle], [top, middle], positions);
    const path = [top, middle, table === null ? 'registries' : keyOf(table, 'registries')];
    const pos = positions.get(tomlPath(path)) ?? null;
    return { entries: table === null ? null : stringList(table[path[2] ?? 'registries'], path.join('.'), pos ?? undefined), pos };
  };
  return { search: list('search'), insecure: list('insecure'), block: list('block') };
}

/** A value of the wrong type or shape, thrown with its place by the readers above. */
function shapeError(error: unknown): TomlError {
  return { message: (error as Error).message, pos: (error as { pos?: Position }).pos ?? { line: 1, column: 1, offset: 0 } };
}

const NO_V1: RegistriesV1 = { search: { entries: null, pos: null }, insecure: { entries: null, pos: null }, block: { entries: null, pos: null } };

export function readRegistriesConf(path: string, text: string): RegistriesConfView {
  const view: RegistriesConfView = {
    path,
    credentialHelpers: null,
    credentialHelpersPos: null,
    unqualifiedSearchRegistries: null,
    unqualifiedSearchRegistriesPos: null,
    shortNameMode: null,
    shortNameModePos: null,
    registries: [],
    aliases: [],
    registriesSet: false,
    aliasesSet: false,
    v1: NO_V1,
    error: null,
  };
  const parsed = parseToml(text);
  if (!parsed.ok) return { ...view, error: parsed.error };
  const root = parsed.value;
  const helpersPos = parsed.keyPositions.get(keyOf(root, 'credential-helpers'));
  const searchPos = parsed.keyPositions.get(keyOf(root, 'unqualified-search-registries'));
  const modePos = parsed.keyPositions.get(keyOf(root, 'short-name-mode'));
  try {
    view.credentialHelpers = stringList(field(root, 'credential-helpers'), 'credential-helpers', helpersPos);
    view.credentialHelpersPos = helpersPos ?? null;
    view.unqualifiedSearchRegistries = stringList(field(root, 'unqualified-search-registries'), 'unqualified-search-registries', searchPos);
    view.unqualifiedSearchRegistriesPos = searchPos ?? null;
    const mode = field(root, 'short-name-mode');
    if (mode !== undefined && typeof mode !== 'string') throw Object.assign(new Error('"short-name-mode" must be a string'), { pos: modePos });
    view.shortNameMode = mode ?? null;
    view.shortNameModePos = modePos ?? null;
    view.registries = registryTables(parsed.value, parsed.pathPositions);
    view.aliases = aliasEntries(parsed.value, parsed.pathPositions);
    view.registriesSet = field(parsed.value, 'registry') !== undefined;
    view.aliasesSet = isTable(field(parsed.value, 'aliases'));
    view.v1 = v1Lists(parsed.value, parsed.pathPositions);
  } catch (error) {
    return { ...view, error: shapeError(error) };
  }
  return view;
}

/** podman's alias cache (short-name-aliases.conf): only its `[aliases]` table is read. */
export interface AliasCacheView {
  path: string;
  aliases: AliasEntry[];
  /** TOML error, or an `[aliases]` table of the wrong shape */
  error: TomlError | null;
}

/**
 * The alias cache as containers/image decodes it (into a struct with the `aliases` table only):
 * any other key is ignored, whatever its type.
 */
export function readAliasCache(path: string, text: string): AliasCacheView {
  const parsed = parseToml(text);
  if (!parsed.ok) return { path, aliases: [], error: parsed.error };
  try {
    return { path, aliases: aliasEntries(parsed.value, parsed.pathPositions), error: null };
  } catch (error) {
    return { path, aliases: [], error: shapeError(error) };
  }
}

export interface CredentialHelperSetting {
  helpers: string[];
  /** the file whose `credential-helpers` decided; null for the built-in default */
  origin: RegistriesConfView | null;
}

/** Later files (drop-ins) replace the list when they set it; an empty or unset list means the auth files only. */
export function mergeCredentialHelpers(views: readonly RegistriesConfView[]): CredentialHelperSetting {
  let setting: CredentialHelperSetting = { helpers: [], origin: null };
  for (const view of views) {
    if (view.credentialHelpers !== null) setting = { helpers: view.credentialHelpers, origin: view };
  }
  if (setting.helpers.length === 0) return { helpers: [AUTH_FILE_HELPER], origin: setting.origin };
  return setting;
}
