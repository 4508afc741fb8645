import type { Position } from '../util/trace.js';
import type { GoType } from './go-unmarshal.js';
import { isWellFormedBase64 } from './go-base64.js';
import { PositionIndex, goKeyMatchesField } from './json.js';

/**
 * The cheap way through a credential file that the full decoders (json.ts, go-unmarshal.ts,
 * and each client's view) would read without a single warning or error: the engine's
 * JSON.parse, plus checks that say when its value is exactly what the Go-style decoding yields.
 * Anything the checks cannot vouch for goes the full way, positions and warnings and all.
 *
 * A text is plain when
 * - JSON.parse accepts it: then Go's scanner accepts it too (the same grammar; a byte order mark
 *   or data after the value fail JSON.parse),
 * - no object has a key twice (members counted in the text equal the keys of the value),
 * - no string has a lone surrogate (Go turns those into U+FFFD),
 * - no key is an array index (the engine would put those first, not in document order),
 * - nothing is nested deeper than a credential file needs.
 *
 * One scan of the text counts the colons outside strings and notes where the keys of the top
 * two levels are; lines and columns are worked out only when asked for.
 */

export interface PlainJson {
  value: unknown;
  /** offsets of the root object's members and of their members, in document order */
  members(): PlainMember[];
  /** the root object's member under exactly this key */
  member(key: string): PlainMember | undefined;
  /** line and column of an offset */
  at(offset: number): Position;
  /** the position of the value that starts after `offset` (skipping whitespace) */
  valueAt(offset: number): Position;
}

export interface PlainMember {
  /** the opening quote of the key */
  key: number;
  /** just after the colon */
  value: number;
  /** the opening quotes of the keys of the value's members, when the value is an object */
  children: number[];
}

const MAX_DEPTH = 64;
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const SURROGATE = /\\u[dD][89a-fA-F]|[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

let last: { text: string; result: PlainJson | null } | null = null;

let disabled = false;

/** Runs `read` with every text taken as not plain, so the full decoders read it (to compare the two ways). */
export function withoutPlainPath<T>(read: () => T): T {
  const before = disabled;
  disabled = true;
  try {
    return read();
  } finally {
    disabled = before;
  }
}

/** The text's value when it is plain (see above), else null; the last answer is kept (every client reads the same file). */
export function plainJson(text: string): PlainJson | null {
  if (disabled) return null;
  if (last !== null && last.text === text) return last.result;
  const result = readPlain(text);
  last = { text, result };
  return result;
}

function readPlain(text: string): PlainJson | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  // no string can hold a lone surrogate when the text has no surrogate, escaped or not
  const keys = countKeys(value, SURROGATE.test(text));
  if (keys < 0) return null;
  // valid JSON: outside strings, a colon only ever separates a key from its value
  const scan = scanMembers(text);
  if (scan.colons !== keys) return null;
  const members = scan.root;
  let byKey: Map<string, PlainMember> | null = null;
  let positions: PositionIndex | null = null;
  const at = (offset: number): Position => {
    positions ??= new PositionIndex(text);
    return positions.at(offset);
  };
  return {
    value,
    members: () => members,
    member: (key) => {
      if (byKey === null) {
        byKey = new Map();
        // the value's keys are in document order (no duplicates, no array indexes)
        const keys = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
        for (let index = 0; index < keys.length; index += 1) {
          const found = members[index];
          if (found !== undefined) byKey.set(keys[index] as string, found);
        }
      }
      return byKey.get(key);
    },
    at,
    valueAt: (offset) => {
      let start = offset;
      while (isSpace(text.charCodeAt(start))) start += 1;
      return at(start);
    },
  };
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** How many object members the value holds in all; -1 when something in it is not plain. */
function countKeys(root: unknown, surrogates: boolean): number {
  let count = 0;
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    if (typeof value === 'string') {
      if (surrogates && LONE_SURROGATE.test(value)) return -1;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) return -1;
    if (Array.isArray(value)) {
      for (const element of value) {
        values.push(element);
        depths.push(depth + 1);
      }
      continue;
    }
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const first = key.charCodeAt(0);
      if (first >= 0x30 && first <= 0x39 && ARRAY_INDEX.test(key)) return -1;
      if (surrogates && LONE_SURROGATE.test(key)) return -1;
      count += 1;
      values.push(object[key]);
      depths.push(depth + 1);
    }
  }
  return count;
}

/** the closing quote of the string opening at `open` (the text is valid JSON) */
function stringEnd(text: string, open: number): number {
  let at = open + 1;
  for (;;) {
    at = text.indexOf('"', at);
    let backslash = at - 1;
    while (text.charCodeAt(backslash) === 0x5c) backslash -= 1;
    if ((at - 1 - backslash) % 2 === 0) return at;
    at += 1;
  }
}

/** The members of the top two levels, and how many colons stand outside strings. */
function scanMembers(text: string): { root: PlainMember[]; colons: number } {
  const root: PlainMember[] = [];
  let colons = 0;
  /** per open container: true for an object */
  const objects: boolean[] = [];
  let expectKey = false;
  let current: PlainMember | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const open = i;
      i = stringEnd(text, i);
      if (!expectKey) continue;
      expectKey = false;
      if (objects.length === 1) {
        current = { key: open, value: -1, children: [] };
        root.push(current);
      } else if (objects.length === 2 && current !== null) current.children.push(open);
      continue;
    }
    if (c === 0x7b) {
      objects.push(true);
      expectKey = true;
    } else if (c === 0x5b) {
      objects.push(false);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      objects.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      expectKey = objects[objects.length - 1] === true;
    } else if (c === 0x3a) {
      colons += 1;
      if (objects.length === 1 && current !== null) current.value = i + 1;
    }
  }
  return { root, colons };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether decoding `value` into `type` gives no error and no warning of the shared decode walk
 * (field-case matches, duplicates, unknown keys where reported): strings are strings (not null),
 * maps and structs objects, slices arrays, every struct key a field's exact name or (where unknown
 * keys are not reported) like no field at all. Pointers are left to the full decoder.
 */
const fieldMaps = new WeakMap<GoType, Map<string, { name: string; type: GoType }>>();

function fieldsByName(type: GoType & { kind: 'struct' }): Map<string, { name: string; type: GoType }> {
  let fields = fieldMaps.get(type);
  if (fields === undefined) {
    fields = new Map(type.fields.map((field) => [field.name, field]));
    fieldMaps.set(type, fields);
  }
  return fields;
}

const entryMasks = new WeakMap<GoType, number | null>();

/**
 * The mask of a credential entry's struct (string fields that entryFieldBit knows, unknown keys
 * reported): such a value fits when it is an object of strings setting no other field.
 */
function credentialEntryMask(type: GoType, reportUnknownIn: ReadonlySet<string>): number | null {
  if (type.kind !== 'struct' || !reportUnknownIn.has(type.goName)) return null;
  let mask = entryMasks.get(type);
  if (mask === undefined) {
    mask = 0;
    for (const field of type.fields) {
      const bit = entryFieldBit(field.name);
      if (bit === 0 || field.type.kind !== 'string') {
        mask = null;
        break;
      }
      mask |= bit;
    }
    entryMasks.set(type, mask);
  }
  return mask;
}

export function plainFits(value: unknown, type: GoType, reportUnknownIn: ReadonlySet<string>): boolean {
  switch (type.kind) {
    case 'string':
      return typeof value === 'string';
    case 'map': {
      if (!isPlainObject(value)) return false;
      const entryMask = credentialEntryMask(type.elem, reportUnknownIn);
      if (entryMask !== null) {
        // credential entries: told by their masks, worked out once for every reader
        const { fieldMask, flags } = plainEntries(value);
        for (let index = 0; index < flags.length; index += 1) {
          if ((flags[index] as number) & ENTRY_OTHER || ((fieldMask[index] as number) & ~entryMask) !== 0) return false;
        }
        return true;
      }
      for (const key in value) if (!plainFits(value[key], type.elem, reportUnknownIn)) return false;
      return true;
    }
    case 'slice':
      return Array.isArray(value) && value.every((item) => plainFits(item, type.elem, reportUnknownIn));
    case 'struct': {
      if (!isPlainObject(value)) return false;
      const fields = fieldsByName(type);
      for (const key in value) {
        const field = fields.get(key);
        if (field !== undefined) {
          if (!plainFits(value[key], field.type, reportUnknownIn)) return false;
        } else if (reportUnknownIn.has(type.goName) || type.fields.some((candidate) => goKeyMatchesField(key, candidate.name))) {
          return false;
        }
      }
      return true;
    }
    case 'pointer':
      return false;
  }
}

/** The entries of a map of credential entries, with what each one's `auth` decodes to. */
export interface PlainEntries {
  /** in document order; the same array for every reader of the same map */
  keys: string[];
  /**
   * per entry: where the first ':' is in the bytes `auth` decodes to, -1 when there is none,
   * NOT_WELL_FORMED when `auth` is not well-formed padded base64 (the full decoders judge it)
   */
  colon: Int32Array;
  /** per entry: the bytes after the colon are not empty and start or end with NUL */
  nulAtEnds: Uint8Array;
  /** per entry: which fields it sets (see entryFieldBit) */
  fieldMask: Uint8Array;
  /** per entry: ENTRY_OTHER, ENTRY_USERNAME, ENTRY_AUTH */
  flags: Uint8Array;
}

/** the bit of each field a credential entry has in some client's Go type, 0 for any other name (a switch: it runs for every key of every entry) */
function entryFieldBit(name: string): number {
  switch (name) {
    case 'username':
      return 1;
    case 'password':
      return 2;
    case 'auth':
      return 4;
    case 'email':
      return 8;
    case 'serveraddress':
      return 16;
    case 'identitytoken':
      return 32;
    case 'registrytoken':
      return 64;
    default:
      return 0;
  }
}
/** the entry is not an object, has a key no client's entry type has, or a value that is not a string */
export const ENTRY_OTHER = 1;
/** a non-empty `username` */
export const ENTRY_USERNAME = 2;
/** a non-empty `auth` */
export const ENTRY_AUTH = 4;

export const NOT_WELL_FORMED = -2;

const entriesOfMaps = new WeakMap<object, PlainEntries>();

/**
 * The entries of `map` (every client reads the same map: once per map). All the well-formed
 * `auth` values are decoded together, padding spelt as 'A' so each keeps whole quads.
 */
export function plainEntries(map: Record<string, unknown>): PlainEntries {
  let found = entriesOfMaps.get(map);
  if (found !== undefined) return found;
  const keys = Object.keys(map);
  const colon = new Int32Array(keys.length).fill(NOT_WELL_FORMED);
  const nulAtEnds = new Uint8Array(keys.length);
  const fieldMask = new Uint8Array(keys.length);
  const flags = new Uint8Array(keys.length);
  const starts = new Int32Array(keys.length);
  const lengths = new Int32Array(keys.length);
  let joined = '';
  let offset = 0;
  for (let index = 0; index < keys.length; index += 1) {
    const entry = map[keys[index] as string];
    if (!isPlainObject(entry)) {
      flags[index] = ENTRY_OTHER;
      continue;
    }
    let mask = 0;
    let flag = 0;
    for (const name in entry) {
      const bit = entryFieldBit(name);
      const field = entry[name];
      if (bit === 0 || typeof field !== 'string') flag |= ENTRY_OTHER;
      else {
        mask |= bit;
        if (field !== '' && name === 'username') flag |= ENTRY_USERNAME;
        if (field !== '' && name === 'auth') flag |= ENTRY_AUTH;
      }
    }
    fieldMask[index] = mask;
    flags[index] = flag;
    const auth = plainString(entry, 'auth');
    if (!isWellFormedBase64(auth)) continue;
    const padding = auth.endsWith('==') ? 2 : auth.endsWith('=') ? 1 : 0;
    joined += auth;
    starts[index] = offset;
    lengths[index] = (auth.length / 4) * 3 - padding;
    offset += (auth.length / 4) * 3;
    colon[index] = -1;
  }
  // a well-formed value has '=' only as its padding
  const bytes = Buffer.from(joined.replaceAll('=', 'A'), 'base64');
  for (let index = 0; index < keys.length; index += 1) {
    if (colon[index] === NOT_WELL_FORMED) continue;
    const start = starts[index] as number;
    const end = start + (lengths[index] as number);
    for (let at = start; at < end; at += 1) {
      if (bytes[at] !== 0x3a) continue;
      colon[index] = at - start;
      nulAtEnds[index] = at + 1 < end && (bytes[at + 1] === 0 || bytes[end - 1] === 0) ? 1 : 0;
      break;
    }
  }
  found = { keys, colon, nulAtEnds, fieldMask, flags };
  entriesOfMaps.set(map, found);
  return found;
}

/** The string fields of a struct that are set, in the type's order (as the full decoder lists them). */
export function plainFieldsSet(value: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((name) => Object.hasOwn(value, name));
}

/** A string field of a plain struct ('' when absent, Go's zero value). */
export function plainString(value: Record<string, unknown>, name: string): string {
  const field = value[name];
  return typeof field === 'string' ? field : '';
}

