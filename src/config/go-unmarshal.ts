import type { Position } from '../util/trace.js';
import { goKeyMatchesField, type JsonMember, type JsonNode } from './json.js';

/**
 * Decoding a parsed JSON tree into a described Go type the way encoding/json fills a Go value:
 * case-insensitive field names, unknown keys ignored (or rejected with DisallowUnknownFields),
 * last duplicate wins (maps merge across duplicate fields, map elements restart from zero),
 * `null` resets maps and slices and leaves strings alone, and a value of the wrong JSON type
 * is skipped while the first such error is kept and returned at the end.
 */

export type GoType =
  | { kind: 'string' }
  | { kind: 'map'; goName: string; elem: GoType }
  | { kind: 'slice'; goName: string; elem: GoType }
  | { kind: 'struct'; goName: string; fields: Array<{ name: string; type: GoType }> }
  /** a pointer to a struct: null sets nil, anything else allocates */
  | { kind: 'pointer'; elem: GoType & { kind: 'struct' } };

export const GO_STRING: GoType = { kind: 'string' };

export type GoValue = GoStringValue | GoMapValue | GoSliceValue | GoStructValue | GoPointerValue;

export interface GoStringValue {
  kind: 'string';
  value: string;
  /** the JSON node that set the value; null when still the zero value */
  node: JsonNode | null;
}

export interface GoMapEntry {
  key: string;
  /** the key of the member that supplied the value (the last duplicate) */
  keyPos: Position;
  value: GoValue;
  /** positions of earlier members with the same key, overridden by this one */
  overridden: Position[];
}

export interface GoMapValue {
  kind: 'map';
  /** a nil map (never set, or set to null) */
  nil: boolean;
  /** in order of first appearance */
  entries: GoMapEntry[];
}

export interface GoSliceValue {
  kind: 'slice';
  nil: boolean;
  items: GoValue[];
}

export interface GoFieldSlot {
  value: GoValue;
  /** every member that Go decoded into this field, in order; the last one is in effect */
  members: JsonMember[];
}

export interface GoStructValue {
  kind: 'struct';
  fields: Map<string, GoFieldSlot>;
  /** members whose key matched no field */
  unknown: JsonMember[];
}

export interface GoPointerValue {
  kind: 'pointer';
  target: GoStructValue | null;
}

export interface GoDecodeError {
  message: string;
  pos: Position;
}

export interface GoUnmarshalOptions {
  disallowUnknownFields?: boolean;
}

export interface GoUnmarshalResult<V extends GoValue = GoValue> {
  value: V;
  /** the first error, as Go returns it after decoding everything else */
  error: GoDecodeError | null;
}

/** Values are never changed once made (decoding builds new ones), so every zero string is this one. */
const ZERO_STRING: GoStringValue = Object.freeze({ kind: 'string', value: '', node: null });
/** the slot of a string field nothing was decoded into, shared likewise; decoding replaces it */
const ZERO_STRING_SLOT: GoFieldSlot = Object.freeze({ value: ZERO_STRING, members: Object.freeze([]) as unknown as JsonMember[] });

export function zeroValue(type: GoType): GoValue {
  switch (type.kind) {
    case 'string':
      return ZERO_STRING;
    case 'map':
      return { kind: 'map', nil: true, entries: [] };
    case 'slice':
      return { kind: 'slice', nil: true, items: [] };
    case 'struct': {
      const fields = new Map<string, GoFieldSlot>();
      for (const field of type.fields) fields.set(field.name, field.type.kind === 'string' ? ZERO_STRING_SLOT : { value: zeroValue(field.type), members: [] });
      return { kind: 'struct', fields, unknown: [] };
    }
    case 'pointer':
      return { kind: 'pointer', target: null };
  }
}

/** How Go names a type in `of type ...` */
function typeName(type: GoType): string {
  switch (type.kind) {
    case 'string':
      return 'string';
    case 'pointer':
      return `*${type.elem.goName}`;
    default:
      return type.goName;
  }
}

function jsonKindName(node: JsonNode): string {
  return node.kind === 'null' ? 'null' : node.kind;
}

interface Context {
  /** unqualified name of the innermost struct being decoded */
  struct: string | null;
  /** the enclosing context and the field entered from it (null at the top): the field path, built only for an error */
  parent: Context | null;
  field: string | null;
}

function fieldPathOf(context: Context): string[] {
  const path: string[] = [];
  for (let at: Context | null = context; at !== null; at = at.parent) if (at.field !== null) path.push(at.field);
  return path.reverse();
}

class Decoder {
  error: GoDecodeError | null = null;
  /** maps created by this run, with their key index */
  readonly #mapIndexes = new WeakMap<GoMapValue, Map<string, number>>();
  /** map entries created by this run */
  readonly #ownEntries = new WeakSet<GoMapEntry>();

  constructor(private readonly options: GoUnmarshalOptions) {}

  save(message: string, pos: Position): void {
    if (this.error === null) this.error = { message, pos };
  }

  typeMismatch(node: JsonNode, type: GoType, context: Context): void {
    const target =
      context.struct !== null
        ? `Go struct field ${context.struct}.${fieldPathOf(context).join('.')}`
        : 'Go value';
    this.save(`json: cannot unmarshal ${jsonKindName(node)} into ${target} of type ${typeName(type)}`, node.pos);
  }

  /**
   * Decodes `node` into `current` (Go decodes into the existing value) and returns the result.
   * `fresh`: `current` is a zero value made for this call alone, so it may be filled in place.
   */
  decode(node: JsonNode, type: GoType, current: GoValue, context: Context, fresh = false): GoValue {
    if (node.kind === 'null') {
      if (type.kind === 'map') return { kind: 'map', nil: true, entries: [] };
      if (type.kind === 'slice') return { kind: 'slice', nil: true, items: [] };
      if (type.kind === 'pointer') return { kind: 'pointer', target: null };
      return current;
    }
    switch (type.kind) {
      case 'string':
        if (node.kind !== 'string') {
          this.typeMismatch(node, type, context);
          return current;
        }
        return { kind: 'string', value: node.value, node };
      case 'map':
        return this.decodeMap(node, type, current, context);
      case 'slice':
        return this.decodeSlice(node, type, current, context);
      case 'struct':
        return this.decodeStruct(node, type, current, context, fresh);
      case 'pointer': {
        const existing = current.kind === 'pointer' ? current.target : null;
        const target = this.decodeStruct(node, type.elem, existing ?? zeroValue(type.elem), context, existing === null);
        return { kind: 'pointer', target: target.kind === 'struct' ? target : null };
      }
    }
  }

  decodeMap(node: JsonNode, type: GoType & { kind: 'map' }, current: GoValue, context: Context): GoValue {
    if (node.kind !== 'object') {
      this.typeMismatch(node, type, context);
      return current;
    }
    // A map this run created is seen by nobody else yet, so a duplicate object key decodes into
    // it in place (as Go does); copying it for every duplicate made a file of n duplicates cost n².
    const reusable = current.kind === 'map' && !current.nil ? this.#mapIndexes.get(current) : undefined;
    let map: GoMapValue;
    let indexByKey: Map<string, number>;
    if (reusable !== undefined && current.kind === 'map') {
      map = current;
      indexByKey = reusable;
    } else {
      map = current.kind === 'map' && !current.nil ? { kind: 'map', nil: false, entries: [...current.entries] } : { kind: 'map', nil: false, entries: [] };
      indexByKey = new Map(map.entries.map((entry, index) => [entry.key, index]));
      this.#mapIndexes.set(map, indexByKey);
    }
    for (const member of node.members) {
      const value = this.decode(member.value, type.elem, zeroValue(type.elem), context, true);
      const index = indexByKey.get(member.key);
      const previous = index === undefined ? undefined : map.entries[index];
      if (index !== undefined && previous !== undefined) {
        // an entry of this run hands its list on (copying it per duplicate would be n² again)
        const overridden = this.#ownEntries.has(previous) ? previous.overridden : [...previous.overridden];
        overridden.push(previous.keyPos);
        const entry: GoMapEntry = { key: member.key, keyPos: member.keyPos, value, overridden };
        this.#ownEntries.add(entry);
        map.entries[index] = entry;
      } else {
        indexByKey.set(member.key, map.entries.length);
        const entry: GoMapEntry = { key: member.key, keyPos: member.keyPos, value, overridden: [] };
        this.#ownEntries.add(entry);
        map.entries.push(entry);
      }
    }
    return map;
  }

  decodeSlice(node: JsonNode, type: GoType & { kind: 'slice' }, current: GoValue, context: Context): GoValue {
    if (node.kind !== 'array') {
      this.typeMismatch(node, type, context);
      return current;
    }
    return {
      kind: 'slice',
      nil: false,
      items: node.items.map((item) => this.decode(item, type.elem, zeroValue(type.elem), context, true)),
    };
  }

  decodeStruct(node: JsonNode, type: GoType & { kind: 'struct' }, current: GoValue, context: Context, fresh = false): GoValue {
    if (node.kind !== 'object') {
      this.typeMismatch(node, type, context);
      return current;
    }
    let result: GoStructValue;
    if (current.kind !== 'struct') result = zeroValue(type) as GoStructValue;
    else if (fresh) result = current;
    else {
      result = {
        kind: 'struct',
        fields: new Map([...current.fields].map(([name, slot]) => [name, { value: slot.value, members: [...slot.members] }])),
        unknown: [...current.unknown],
      };
    }
    const structName = type.goName.slice(type.goName.lastIndexOf('.') + 1);
    for (const member of node.members) {
      const field =
        type.fields.find((candidate) => candidate.name === member.key) ??
        type.fields.find((candidate) => goKeyMatchesField(member.key, candidate.name));
      if (field === undefined) {
        result.unknown.push(member);
        if (this.options.disallowUnknownFields === true) {
          this.save(`json: unknown field ${JSON.stringify(member.key)}`, member.keyPos);
        }
        continue;
      }
      let slot = result.fields.get(field.name) as GoFieldSlot;
      if (slot === ZERO_STRING_SLOT) {
        slot = { value: ZERO_STRING, members: [] };
        result.fields.set(field.name, slot);
      }
      const fieldContext: Context = { struct: structName, parent: context, field: field.name };
      slot.value = this.decode(member.value, field.type, slot.value, fieldContext);
      slot.members.push(member);
    }
    return result;
  }
}

/** json.Unmarshal / Decoder.Decode into a value of `type`, after the syntax check passed. */
export function goUnmarshal(
  node: JsonNode | null,
  type: GoType,
  options: GoUnmarshalOptions = {},
): GoUnmarshalResult {
  const decoder = new Decoder(options);
  const zero = zeroValue(type);
  const value = node === null ? zero : decoder.decode(node, type, zero, { struct: null, parent: null, field: null }, true);
  return { value, error: decoder.error };
}

/** The slot of a decoded struct field (always present for declared fields). */
export function field(value: GoStructValue, name: string): GoFieldSlot {
  const slot = value.fields.get(name);
  if (slot === undefined) throw new Error(`no field ${name} in decoded struct`);
  return slot;
}

export function stringField(value: GoStructValue, name: string): string {
  const slot = field(value, name).value;
  return slot.kind === 'string' ? slot.value : '';
}

export function mapField(value: GoStructValue, name: string): GoMapValue {
  const slot = field(value, name).value;
  return slot.kind === 'map' ? slot : { kind: 'map', nil: true, entries: [] };
}

export function asStruct(value: GoValue): GoStructValue | null {
  return value.kind === 'struct' ? value : null;
}
