import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { Position } from '../util/trace.js';
import { PositionIndex, unmarshal, type JsonMember, type JsonNode } from './json.js';

/**
 * Kubernetes manifests as `kubectl` prints and accepts them: JSON (read with Go's rules, like
 * the API machinery) or YAML, one or several documents. YAML becomes the same positioned tree
 * as JSON, so every later message points at the line and column of the YAML file.
 *
 * YAML is read as YAML 1.1 (sigs.k8s.io/yaml sits on go-yaml, a 1.1 parser: `yes` is a boolean);
 * duplicate keys are kept in order, later ones winning downstream, as for JSON.
 */
export type ManifestParse = { ok: true; format: 'json' | 'yaml'; documents: JsonNode[] } | { ok: false; message: string; pos: Position | null };

/** as Go's encoding/json, so YAML and JSON inputs nest alike */
const MAX_NESTING_DEPTH = 10000;

export function parseManifests(text: string): ManifestParse {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    const parsed = unmarshal(text);
    if (!parsed.ok) return { ok: false, message: parsed.error.message, pos: parsed.error.pos };
    return { ok: true, format: 'json', documents: parsed.value === null ? [] : [parsed.value] };
  }
  const index = new PositionIndex(text);
  let list: Document[];
  try {
    const documents = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
    list = Array.isArray(documents) ? documents : [];
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: 'YAML nested too deeply', pos: null };
    throw error;
  }
  const out: JsonNode[] = [];
  // aliases can expand a small text into a huge tree ("billion laughs"): nodes are counted
  const budget = { left: text.length + 100_000 };
  for (const document of list) {
    const [error] = document.errors;
    if (error !== undefined) return { ok: false, message: yamlMessage(error.message), pos: index.at(error.pos[0]) };
    if (document.contents === null) continue;
    try {
      out.push(convert(document.contents, { document, index, budget }, 0));
    } catch (error) {
      if (error instanceof YamlShapeError) return { ok: false, message: error.message, pos: error.pos };
      if (error instanceof RangeError) return { ok: false, message: 'YAML nested too deeply', pos: null };
      throw error;
    }
  }
  return { ok: true, format: 'yaml', documents: out };
}

class YamlShapeError extends Error {
  constructor(
    message: string,
    readonly pos: Position,
  ) {
    super(message);
  }
}

/** the library's first line, without its own "at line X, column Y" (we print file:line:column) */
function yamlMessage(message: string): string {
  if (message.includes('Maximum call stack')) return 'YAML nested too deeply';
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

interface Context {
  document: Document;
  index: PositionIndex;
  budget: { left: number };
}

function convert(node: YamlNode | null, context: Context, depth: number): JsonNode {
  const { document, index, budget } = context;
  const [startOffset = 0, valueEnd = startOffset] = node?.range ?? [];
  const pos = index.at(startOffset);
  const end = index.at(valueEnd);
  budget.left -= 1;
  if (budget.left < 0) throw new YamlShapeError('aliases expand to too many nodes', pos);
  if (depth > MAX_NESTING_DEPTH) throw new YamlShapeError('YAML nested too deeply', pos);
  if (node === null) return { kind: 'null', pos, end };
  if (isAlias(node)) {
    const target = node.resolve(document);
    if (target === undefined) throw new YamlShapeError(`unknown alias "${node.source}"`, pos);
    return { ...convert(target, context, depth + 1), pos, end };
  }
  if (isMap(node)) {
    const members: JsonMember[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = convert(keyNode, context, depth + 1);
      const keyText = scalarText(key);
      if (keyText === null) throw new YamlShapeError('a mapping key must be a scalar', key.pos);
      const value = convert(pair.value as YamlNode | null, context, depth + 1);
      members.push({ key: keyText, keyPos: key.pos, value: pair.value === null ? { ...value, pos: key.pos, end: key.end } : value });
    }
    return { kind: 'object', members, pos, end };
  }
  if (isSeq(node)) {
    return { kind: 'array', items: node.items.map((item) => convert(item as YamlNode | null, context, depth + 1)), pos, end };
  }
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return { kind: 'null', pos, end };
    if (typeof value === 'boolean') return { kind: 'bool', value, pos, end };
    if (typeof value === 'number' || typeof value === 'bigint') return { kind: 'number', raw: String(value), pos, end };
    if (typeof value === 'string') return { kind: 'string', value, pos, end };
    if (value instanceof Date) return { kind: 'string', value: node.source ?? value.toISOString(), pos, end };
    if (value instanceof Uint8Array) return { kind: 'string', value: Buffer.from(value).toString('base64'), pos, end };
    return { kind: 'string', value: String(value), pos, end };
  }
  throw new YamlShapeError('unsupported YAML node', pos);
}

function scalarText(node: JsonNode): string | null {
  switch (node.kind) {
    case 'string':
      return node.value;
    case 'number':
      return node.raw;
    case 'bool':
      return String(node.value);
    case 'null':
      return 'null';
    default:
      return null;
  }
}
