import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { RegauthError } from '../util/errors.js';
import { Secret } from '../util/secret.js';

/**
 * Format-preserving edits of credential files. Pure: text in, text out.
 *
 * Everything an edit does not touch stays byte-identical: indentation, key order, line
 * endings, a missing or present trailing newline, and fields regauth does not know
 * (`email`, `HttpHeaders`, `proxies`, plugin settings, ...). Docker and podman rewrite the
 * whole file on save and drop or reorder such fields; regauth does not.
 */

export type JsonPathSegment = string | number;
export type JsonPath = readonly JsonPathSegment[];

/** A JSON value to write; `Secret`s anywhere inside are revealed only into the file text. */
export type EditValue = null | boolean | number | string | Secret | readonly EditValue[] | { readonly [key: string]: EditValue };

export type Edit =
  /** Rename a map key in place; the value text and the key's position stay as they are. */
  | { kind: 'rename-key'; path: readonly ['auths' | 'credHelpers', string]; newKey: string }
  /** Delete an object property (every duplicate of it). No-op when absent. */
  | { kind: 'delete-key'; path: JsonPath }
  /** Set a value, creating missing parent objects. No-op when the value is already equal. */
  | { kind: 'set'; path: JsonPath; value: EditValue }
  /** Remove whatever is at the path: an object property or an array element. No-op when absent. */
  | { kind: 'remove'; path: JsonPath };

export interface EditPlan {
  file: string;
  edits: Edit[];
  reason?: string;
}

export interface EditResult {
  text: string;
  changed: boolean;
}

/** How the existing file is laid out, so inserted text looks like its neighbours. */
export interface TextStyle {
  /** one level of indentation: "\t", "  ", "    ", ... */
  indent: string;
  eol: '\n' | '\r\n';
  /** what separates a key from its value, e.g. ": " */
  colon: string;
}

/** Docker's and podman's own output (Go's MarshalIndent with a tab): tab indent, LF, ": ". */
export const DOCKER_STYLE: TextStyle = { indent: '\t', eol: '\n', colon: ': ' };

export function detectStyle(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const colon = /^"(?:[^"\\]|\\.)*"([ \t]*:[ \t]*)(?=\S)/m.exec(text.replace(/^[ \t{]+/gm, ''))?.[1] ?? DOCKER_STYLE.colon;
  // JSON strings cannot hold raw line breaks, so every leading run of blanks is indentation.
  const indents = text
    .split('\n')
    .map((line) => /^[ \t]+(?=\S)/.exec(line)?.[0])
    .filter((indent) => indent !== undefined);
  const first = indents[0];
  if (first === undefined || first.startsWith('\t')) return { indent: '\t', eol, colon };
  const unit = indents
    .filter((indent) => !indent.includes('\t'))
    .map((indent) => indent.length)
    .reduce(greatestCommonDivisor, 0);
  return { indent: ' '.repeat(Math.min(Math.max(unit, 1), 8)), eol, colon };
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/**
 * Apply edits in order. Throws `E_CONFIG_PARSE` when the text is not strict JSON (editing a
 * broken file could lose data) and `E_EDIT_INVALID` when an edit does not fit the file.
 */
export function applyEdits(text: string, edits: readonly Edit[]): EditResult {
  if (edits.length === 0) return { text, changed: false };
  const blank = text.trim() === '';
  const style = blank ? DOCKER_STYLE : detectStyle(text);
  let current = blank ? '{}' : text;
  for (const edit of edits) current = applyOne(current, edit, style);
  if (blank && current === '{}') return { text, changed: false };
  return current === text ? { text, changed: false } : { text: current, changed: true };
}

function applyOne(text: string, edit: Edit, style: TextStyle): string {
  switch (edit.kind) {
    case 'rename-key':
      return renameKey(text, edit.path, edit.newKey);
    case 'delete-key':
      if (typeof edit.path.at(-1) !== 'string') invalid(`delete-key needs a path ending in an object key, got ${describePath(edit.path)}`);
      return removeAt(text, edit.path);
    case 'remove':
      return removeAt(text, edit.path);
    case 'set':
      return setAt(text, edit.path, revealInto(edit.value), style);
  }
}

// ---- the three operations, each a splice of the original text ----

function renameKey(text: string, path: JsonPath, newKey: string): string {
  const { parentPath, key: oldKey } = splitLast(path, 'rename-key');
  if (typeof oldKey !== 'string') invalid(`rename-key needs a path ending in an object key, got ${describePath(path)}`);
  if (oldKey === newKey) return text;
  const parent = nodeAt(parseStrict(text), parentPath);
  const sources = parent?.type === 'object' ? propertiesNamed(parent, oldKey) : [];
  if (parent === undefined || sources.length === 0) invalid(`${describePath(parentPath)} has no key ${JSON.stringify(oldKey)} to rename`);
  if (propertiesNamed(parent, newKey).length > 0) {
    invalid(`${describePath(parentPath)} already has a key ${JSON.stringify(newKey)}; renaming would create a duplicate`);
  }
  // Only the key tokens change; Go reads the last of duplicate keys, so every copy is renamed.
  const replacement = JSON.stringify(newKey);
  const ranges = sources.flatMap((property) => (property.children?.[0] === undefined ? [] : [{ from: property.children[0].offset, to: property.children[0].offset + property.children[0].length, insert: replacement }]));
  return spliceAll(text, ranges);
}

function removeAt(text: string, path: JsonPath): string {
  const { parentPath, key } = splitLast(path, 'remove');
  const parent = nodeAt(parseStrict(text), parentPath);
  if (parent === undefined) return text;
  // Every copy of a duplicated key goes, in one pass; an array index is removed once.
  const targets = typeof key === 'number' || parent.type !== 'object' ? [childOf(parent, key, 'first')].filter((node): node is Node => node !== undefined) : propertiesNamed(parent, key);
  return targets.length === 0 ? text : removeChildren(text, parent, targets);
}

function setAt(text: string, path: JsonPath, value: unknown, style: TextStyle): string {
  let result = text;
  const { parentPath, key } = splitLast(path, 'set');
  // Keep only the last copy of a duplicated key (the one Go reads) and set that one.
  const parent = nodeAt(parseStrict(result), parentPath);
  if (parent?.type === 'object' && typeof key === 'string') {
    const copies = propertiesNamed(parent, key);
    if (copies.length > 1) result = removeChildren(result, parent, copies.slice(0, -1));
  }
  const root = parseStrict(result);
  const { node: deepest, depth } = deepestExisting(root, path);
  if (depth === path.length) {
    if (sameJson(getNodeValue(deepest), value)) return result;
    return splice(result, deepest.offset, deepest.length, renderValue(value, valueIndent(result, deepest), style, isOnOwnLine(result, deepest)));
  }
  const [nextKey, ...rest] = path.slice(depth);
  if (deepest.type !== 'object' || typeof nextKey !== 'string') {
    invalid(`cannot set ${describePath(path)}: ${describePath(path.slice(0, depth))} is ${describeNode(deepest)}, not an object`);
  }
  const nested = rest.reduceRight<unknown>((inner, segment) => {
    if (typeof segment !== 'string') invalid(`cannot set ${describePath(path)}: array elements are only replaced, not created`);
    return { [segment]: inner };
  }, value);
  return insertProperty(result, deepest, nextKey, nested, style);
}

// ---- text splicing helpers ----

function insertProperty(text: string, object: Node, key: string, value: unknown, style: TextStyle): string {
  const properties = object.children ?? [];
  const last = properties.at(-1);
  if (last === undefined) {
    const outer = lineIndent(text, object.offset);
    const inner = outer + style.indent;
    const body = `{${style.eol}${inner}${JSON.stringify(key)}${style.colon}${renderValue(value, inner, style, true)}${style.eol}${outer}}`;
    return splice(text, object.offset, object.length, body);
  }
  const end = last.offset + last.length;
  if (isOnOwnLine(text, last)) {
    const indent = lineIndent(text, last.offset);
    return splice(text, end, 0, `,${style.eol}${indent}${JSON.stringify(key)}${style.colon}${renderValue(value, indent, style, true)}`);
  }
  const previous = properties.at(-2);
  const separator = previous === undefined ? ', ' : text.slice(previous.offset + previous.length, last.offset);
  return splice(text, end, 0, `${separator}${JSON.stringify(key)}${style.colon}${renderValue(value, '', style, false)}`);
}

/**
 * Cut properties or array elements out, each together with the comma that joined it to a
 * neighbour, in one pass over the text (a file with thousands of duplicate keys stays linear).
 */
function removeChildren(text: string, container: Node, children: readonly Node[]): string {
  const siblings = container.children ?? [];
  const removed = new Set(children);
  if (siblings.every((sibling) => removed.has(sibling))) return splice(text, container.offset + 1, container.length - 2, '');
  const ranges: Array<{ from: number; to: number; insert: string }> = [];
  for (let index = 0; index < siblings.length; ) {
    if (!removed.has(siblings[index]!)) {
      index += 1;
      continue;
    }
    let end = index;
    while (end + 1 < siblings.length && removed.has(siblings[end + 1]!)) end += 1;
    const first = siblings[index]!;
    const last = siblings[end]!;
    const next = siblings[end + 1];
    const previous = siblings[index - 1];
    // up to the next kept sibling, or (at the end) from the previous one, taking the comma along
    if (next !== undefined) ranges.push({ from: first.offset, to: next.offset, insert: '' });
    else if (previous !== undefined) ranges.push({ from: previous.offset + previous.length, to: last.offset + last.length, insert: '' });
    index = end + 1;
  }
  return spliceAll(text, ranges);
}

/** Several non-overlapping replacements, built in one pass. */
function spliceAll(text: string, ranges: ReadonlyArray<{ from: number; to: number; insert: string }>): string {
  const ordered = [...ranges].sort((a, b) => a.from - b.from);
  const parts: string[] = [];
  let at = 0;
  for (const range of ordered) {
    parts.push(text.slice(at, range.from), range.insert);
    at = range.to;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** JSON text for a value placed at a line indented by `indent`; multi-line like Go's MarshalIndent. */
function renderValue(value: unknown, indent: string, style: TextStyle, multiline: boolean): string {
  const inner = indent + style.indent;
  const [open, close, items] = Array.isArray(value)
    ? ['[', ']', value.map((item) => renderValue(item, inner, style, multiline))]
    : value !== null && typeof value === 'object'
      ? ['{', '}', Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}${style.colon}${renderValue(item, inner, style, multiline)}`)]
      : [null, null, []];
  if (open === null) return JSON.stringify(value);
  if (items.length === 0) return open + close;
  if (!multiline) return `${open}${items.join(', ')}${close}`;
  return `${open}${style.eol}${items.map((item) => inner + item).join(`,${style.eol}`)}${style.eol}${indent}${close}`;
}

function splice(text: string, offset: number, length: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset + length);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineIndent(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset), offset))?.[0] ?? '';
}

/** The node starts its line (a property on its own line, as in pretty-printed files). */
function isOnOwnLine(text: string, node: Node): boolean {
  const start = node.parent?.type === 'property' ? node.parent.offset : node.offset;
  return text.slice(lineStart(text, start), start).trim() === '';
}

/** Indentation of the line a value's property starts on, for nested lines of the new value. */
function valueIndent(text: string, node: Node): string {
  const start = node.parent?.type === 'property' ? node.parent.offset : node.offset;
  return lineIndent(text, start);
}

// ---- reading the tree ----

function parseStrict(text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    const offset = first?.offset ?? 0;
    const line = text.slice(0, offset).split('\n').length;
    const column = offset - lineStart(text, offset) + 1;
    const what = first === undefined ? 'no JSON value' : printParseErrorCode(first.error);
    throw new RegauthError('E_CONFIG_PARSE', `cannot edit a file that is not valid JSON (${what} at line ${line}, column ${column})`, {
      line,
      column,
      hint: 'repair the JSON by hand first; regauth only edits files it can parse completely',
    });
  }
  return root;
}

function splitLast(path: JsonPath, kind: Edit['kind']): { parentPath: JsonPath; key: JsonPathSegment } {
  const key = path.at(-1);
  if (key === undefined) invalid(`${kind} needs a non-empty path`);
  return { parentPath: path.slice(0, -1), key };
}

/** The value node at a path, or undefined. A duplicated key on the way is refused: which copy counts is ambiguous. */
function nodeAt(root: Node, path: JsonPath): Node | undefined {
  const { node, depth } = deepestExisting(root, path);
  return depth === path.length ? node : undefined;
}

function deepestExisting(root: Node, path: JsonPath): { node: Node; depth: number } {
  let node = root;
  for (const [depth, segment] of path.entries()) {
    if (typeof segment === 'string' && node.type === 'object' && propertiesNamed(node, segment).length > 1) {
      invalid(`${describePath(path.slice(0, depth + 1))} appears more than once; remove the duplicate first`);
    }
    const child = childOf(node, segment, 'last');
    if (child === undefined) return { node, depth };
    node = child.type === 'property' ? (child.children?.[1] ?? child) : child;
  }
  return { node, depth: path.length };
}

/** The property (in an object) or element (in an array) a segment names. */
function childOf(container: Node, segment: JsonPathSegment, which: 'first' | 'last'): Node | undefined {
  if (container.type === 'object' && typeof segment === 'string') {
    const named = propertiesNamed(container, segment);
    return which === 'first' ? named[0] : named.at(-1);
  }
  if (container.type === 'array' && typeof segment === 'number') return container.children?.[segment];
  return undefined;
}

function propertiesNamed(object: Node, key: string): Node[] {
  return (object.children ?? []).filter((property) => property.children?.[0]?.value === key);
}

/** Same JSON value, ignoring key order and prototypes. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return aKeys.length === Object.keys(b).length && aKeys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], bRecord[key]));
}

/** Plain JSON for the text; secrets are revealed here and nowhere else. */
function revealInto(value: EditValue): unknown {
  if (value instanceof Secret) return value.reveal();
  if (Array.isArray(value)) return value.map((item: EditValue) => revealInto(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revealInto(item as EditValue)]));
  }
  return value;
}

function describePath(path: JsonPath): string {
  return path.length === 0 ? 'the top level' : path.map((segment) => JSON.stringify(segment)).join(' → ');
}

function describeNode(node: Node): string {
  return node.type === 'array' ? 'an array' : node.type === 'object' ? 'an object' : `a ${node.type}`;
}

function invalid(message: string): never {
  throw new RegauthError('E_EDIT_INVALID', message);
}
