import type { Position } from '../util/trace.js';

/**
 * A JSON parser that accepts and rejects exactly what Go's encoding/json accepts and rejects,
 * with Go's error texts, and keeps a position for every node and every object key.
 *
 * Objects keep all members in document order, duplicates included: the Go-typed decoding in
 * go-unmarshal.ts applies "last one wins" and reports duplicates.
 *
 * Differences from Go that cannot be avoided because the input is already text:
 * - an invalid UTF-8 sequence reaches us as one U+FFFD (Go sees each byte); error messages
 *   about a non-ASCII character quote the first byte of its UTF-8 form, as Go does.
 * - positions count UTF-16 code units (editor columns), not bytes.
 */

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBool | JsonNull;

interface NodeBase {
  pos: Position;
  /** position just after the value */
  end: Position;
}

export interface JsonMember {
  key: string;
  keyPos: Position;
  value: JsonNode;
}

export interface JsonObject extends NodeBase {
  kind: 'object';
  members: JsonMember[];
}
export interface JsonArray extends NodeBase {
  kind: 'array';
  items: JsonNode[];
}
export interface JsonString extends NodeBase {
  kind: 'string';
  value: string;
}
export interface JsonNumber extends NodeBase {
  kind: 'number';
  raw: string;
}
export interface JsonBool extends NodeBase {
  kind: 'bool';
  value: boolean;
}
export interface JsonNull extends NodeBase {
  kind: 'null';
}

export interface JsonSyntaxError {
  /** Go's text, e.g. `invalid character '}' looking for beginning of object key string` */
  message: string;
  /** the offending character, or the end of input */
  pos: Position;
}

export type JsonParseResult =
  | {
      ok: true;
      /** null only in decoder mode when the input is empty or whitespace (Go's io.EOF) */
      value: JsonNode | null;
      /** decoder mode: where non-space data after the first value starts (ignored by Go) */
      trailingDataAt: Position | null;
    }
  | { ok: false; error: JsonSyntaxError };

/** Go's scanner limit (encoding/json maxNestingDepth) */
export const MAX_NESTING_DEPTH = 10000;

/** Maps offsets to 1-based line/column positions. */
export class PositionIndex {
  readonly #lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#lineStarts.push(i + 1);
  }

  at(offset: number): Position {
    const starts = this.#lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1, offset };
  }
}

/**
 * The same file is read by every client view; the last parse per mode is kept, so one command
 * parses a large file once per mode. Results are never mutated by their users.
 */
const lastParse: Partial<Record<'decoder' | 'unmarshal', { text: string; result: JsonParseResult }>> = {};

function parseOnce(text: string, mode: 'decoder' | 'unmarshal'): JsonParseResult {
  const last = lastParse[mode];
  if (last !== undefined && last.text === text) return last.result;
  // the modes differ only at the end of the input: a whole value with nothing after it reads alike in both
  const other = lastParse[mode === 'decoder' ? 'unmarshal' : 'decoder'];
  if (other !== undefined && other.text === text && other.result.ok && other.result.value !== null && other.result.trailingDataAt === null) {
    lastParse[mode] = other;
    return other.result;
  }
  const result = new Parser(text, mode).run();
  lastParse[mode] = { text, result };
  return result;
}

/** json.Decoder.Decode semantics (docker/cli): the first value only; empty input is not an error. */
export function decodeFirstValue(text: string): JsonParseResult {
  return parseOnce(text, 'decoder');
}

/** json.Unmarshal semantics (containers/image, kubelet): exactly one value, nothing after it. */
export function unmarshal(text: string): JsonParseResult {
  return parseOnce(text, 'unmarshal');
}

/** The first byte of the UTF-8 form of the character at `offset`, as Go's scanner sees it. */
function firstUtf8Byte(text: string, offset: number): number {
  const cp = text.codePointAt(offset) ?? 0;
  if (cp < 0x80) return cp;
  if (cp < 0x800) return 0xc0 | (cp >> 6);
  if (cp < 0x10000) return 0xe0 | (cp >> 12);
  return 0xf0 | (cp >> 18);
}

/** Go's quoteChar: how encoding/json names an offending byte in an error. */
export function goQuoteByte(byte: number): string {
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  return `'${goQuoteRune(byte)}'`;
}

const SIMPLE_ESCAPES: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
  0x5c: '\\\\',
};

/** strconv.Quote (fmt's %q) of a string: printable characters as they are, others escaped. */
export function goQuoteString(text: string): string {
  let body = '';
  for (const char of text) {
    const rune = char.codePointAt(0) ?? 0;
    if (rune === 0x22) body += '\\"';
    else if (rune < 0x100) body += goQuoteRune(rune);
    // strconv.IsPrint: letters, marks, numbers, punctuation and symbols
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(char)) body += char;
    else body += rune > 0xffff ? `\\U${rune.toString(16).padStart(8, '0')}` : `\\u${rune.toString(16).padStart(4, '0')}`;
  }
  return `"${body}"`;
}

/** strconv.Quote's body for a single rune below U+0100 */
function goQuoteRune(rune: number): string {
  const simple = SIMPLE_ESCAPES[rune];
  if (simple !== undefined) return simple;
  if (rune < 0x20 || rune === 0x7f) return `\\x${rune.toString(16).padStart(2, '0')}`;
  // U+0080–U+009F are controls, U+00A0 is a space other than ASCII space, U+00AD a format char:
  // none is printable for strconv.IsPrint.
  if ((rune >= 0x80 && rune <= 0xa0) || rune === 0xad) return `\\u${rune.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(rune);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

type Container =
  | { kind: 'object'; node: JsonObject; pendingKey: { key: string; keyPos: Position } | null }
  | { kind: 'array'; node: JsonArray };

class Parser {
  readonly #text: string;
  readonly #mode: 'decoder' | 'unmarshal';
  readonly #positions: PositionIndex;
  #i = 0;

  constructor(text: string, mode: 'decoder' | 'unmarshal') {
    this.#text = text;
    this.#mode = mode;
    this.#positions = new PositionIndex(text);
  }

  run(): JsonParseResult {
    try {
      this.#skipSpace();
      if (this.#i >= this.#text.length) {
        if (this.#mode === 'decoder') return { ok: true, value: null, trailingDataAt: null };
        throw this.#eof();
      }
      const value = this.#parseValue();
      this.#skipSpace();
      let trailingDataAt: Position | null = null;
      if (this.#i < this.#text.length) {
        if (this.#mode === 'unmarshal') throw this.#invalid('after top-level value');
        trailingDataAt = this.#pos(this.#i);
      }
      return { ok: true, value, trailingDataAt };
    } catch (failure) {
      if (!(failure instanceof SyntaxFailure)) throw failure;
      return { ok: false, error: { message: failure.message, pos: this.#pos(failure.offset) } };
    }
  }

  #pos(offset: number): Position {
    return this.#positions.at(offset);
  }

  #eof(): SyntaxFailure {
    return new SyntaxFailure(
      this.#mode === 'decoder' ? 'unexpected EOF' : 'unexpected end of JSON input',
      this.#text.length,
    );
  }

  /** Go's "invalid character 'x' <context>" for the character at the cursor */
  #invalid(context: string, offset = this.#i): SyntaxFailure {
    if (offset >= this.#text.length) return this.#eof();
    return new SyntaxFailure(`invalid character ${goQuoteByte(firstUtf8Byte(this.#text, offset))} ${context}`, offset);
  }

  #code(): number {
    return this.#i < this.#text.length ? this.#text.charCodeAt(this.#i) : -1;
  }

  #skipSpace(): void {
    while (this.#i < this.#text.length && isSpace(this.#text.charCodeAt(this.#i))) this.#i++;
  }

  /** Iterative so that deep nesting can never overflow the call stack. */
  #parseValue(): JsonNode {
    const stack: Container[] = [];
    let completed: JsonNode | null = null;

    for (;;) {
      if (completed === null) {
        // at the beginning of a value
        this.#skipSpace();
        const c = this.#code();
        const start = this.#i;
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
          if (stack.length + 1 > MAX_NESTING_DEPTH) throw this.#invalid('exceeded max depth');
          this.#i++;
          const pos = this.#pos(start);
          if (c === 0x7b) {
            const node: JsonObject = { kind: 'object', pos, end: pos, members: [] };
            stack.push({ kind: 'object', node, pendingKey: null });
            this.#skipSpace();
            if (this.#code() === 0x7d /* } */) {
              this.#i++;
              stack.pop();
              node.end = this.#pos(this.#i);
              completed = node;
            } else {
              this.#readKey(stack[stack.length - 1] as Container & { kind: 'object' });
            }
          } else {
            const node: JsonArray = { kind: 'array', pos, end: pos, items: [] };
            stack.push({ kind: 'array', node });
            this.#skipSpace();
            if (this.#code() === 0x5d /* ] */) {
              this.#i++;
              stack.pop();
              node.end = this.#pos(this.#i);
              completed = node;
            }
          }
          continue;
        }
        completed = this.#parseScalar();
        continue;
      }

      // a value is complete: attach it to its container
      const top = stack[stack.length - 1];
      if (top === undefined) return completed;
      this.#skipSpace();
      const c = this.#code();
      if (top.kind === 'object') {
        const key = top.pendingKey;
        if (key !== null) top.node.members.push({ key: key.key, keyPos: key.keyPos, value: completed });
        top.pendingKey = null;
        if (c === 0x2c /* , */) {
          this.#i++;
          this.#skipSpace();
          this.#readKey(top);
          completed = null;
        } else if (c === 0x7d /* } */) {
          this.#i++;
          top.node.end = this.#pos(this.#i);
          stack.pop();
          completed = top.node;
        } else {
          throw this.#invalid('after object key:value pair');
        }
      } else {
        top.node.items.push(completed);
        if (c === 0x2c) {
          this.#i++;
          completed = null;
        } else if (c === 0x5d) {
          this.#i++;
          top.node.end = this.#pos(this.#i);
          stack.pop();
          completed = top.node;
        } else {
          throw this.#invalid('after array element');
        }
      }
    }
  }

  /** Reads `"key" :` with the cursor at (whitespace before) the key. */
  #readKey(container: Container & { kind: 'object' }): void {
    this.#skipSpace();
    if (this.#code() !== 0x22) throw this.#invalid('looking for beginning of object key string');
    const keyPos = this.#pos(this.#i);
    const key = this.#readString();
    this.#skipSpace();
    if (this.#code() !== 0x3a /* : */) throw this.#invalid('after object key');
    this.#i++;
    container.pendingKey = { key, keyPos };
  }

  #parseScalar(): JsonNode {
    const start = this.#i;
    const c = this.#code();
    const pos = this.#pos(start);
    if (c === 0x22) {
      const value = this.#readString();
      return { kind: 'string', pos, end: this.#pos(this.#i), value };
    }
    if (c === 0x2d || isDigit(c)) {
      this.#readNumber();
      return { kind: 'number', pos, end: this.#pos(this.#i), raw: this.#text.slice(start, this.#i) };
    }
    if (c === 0x74) {
      this.#readLiteral('true');
      return { kind: 'bool', pos, end: this.#pos(this.#i), value: true };
    }
    if (c === 0x66) {
      this.#readLiteral('false');
      return { kind: 'bool', pos, end: this.#pos(this.#i), value: false };
    }
    if (c === 0x6e) {
      this.#readLiteral('null');
      return { kind: 'null', pos, end: this.#pos(this.#i) };
    }
    throw this.#invalid('looking for beginning of value');
  }

  #readLiteral(word: string): void {
    this.#i++;
    for (let k = 1; k < word.length; k++) {
      if (this.#code() !== word.charCodeAt(k)) {
        throw this.#invalid(`in literal ${word} (expecting '${word[k]}')`);
      }
      this.#i++;
    }
  }

  #readNumber(): void {
    if (this.#code() === 0x2d) {
      this.#i++;
      if (!isDigit(this.#code())) throw this.#invalid('in numeric literal');
    }
    if (this.#code() === 0x30) this.#i++;
    else while (isDigit(this.#code())) this.#i++;
    if (this.#code() === 0x2e /* . */) {
      this.#i++;
      if (!isDigit(this.#code())) throw this.#invalid('after decimal point in numeric literal');
      while (isDigit(this.#code())) this.#i++;
    }
    if (this.#code() === 0x65 || this.#code() === 0x45) {
      this.#i++;
      if (this.#code() === 0x2b || this.#code() === 0x2d) this.#i++;
      if (!isDigit(this.#code())) throw this.#invalid('in exponent of numeric literal');
      while (isDigit(this.#code())) this.#i++;
    }
  }

  /** Reads a string literal at the cursor and returns its value as Go's unquote produces it. */
  #readString(): string {
    const text = this.#text;
    this.#i++; // opening quote
    let out = '';
    let runStart = this.#i;
    for (;;) {
      if (this.#i >= text.length) throw this.#eof();
      const c = text.charCodeAt(this.#i);
      if (c === 0x22) {
        out += text.slice(runStart, this.#i);
        this.#i++;
        return replaceLoneSurrogates(out);
      }
      if (c < 0x20) throw this.#invalid('in string literal');
      if (c !== 0x5c) {
        this.#i++;
        continue;
      }
      out += text.slice(runStart, this.#i);
      this.#i++;
      const e = this.#code();
      const simple = ESCAPED[e];
      if (simple !== undefined) {
        out += simple;
        this.#i++;
      } else if (e === 0x75 /* u */) {
        this.#i++;
        out += this.#readUnicodeEscape();
      } else {
        throw this.#invalid('in string escape code');
      }
      runStart = this.#i;
    }
  }

  #readHex4(): number {
    let value = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.#code();
      if (!isHex(c)) throw this.#invalid('in \\u hexadecimal character escape');
      value = value * 16 + parseInt(String.fromCharCode(c), 16);
      this.#i++;
    }
    return value;
  }

  /** Go combines a valid surrogate pair and turns any lone surrogate into U+FFFD. */
  #readUnicodeEscape(): string {
    const unit = this.#readHex4();
    if (unit < 0xd800 || unit > 0xdfff) return String.fromCharCode(unit);
    if (unit <= 0xdbff && this.#text.startsWith('\\u', this.#i)) {
      const save = this.#i;
      this.#i += 2;
      const low = this.#readHex4();
      if (low >= 0xdc00 && low <= 0xdfff) return String.fromCharCode(unit, low);
      this.#i = save; // the second escape is read again on its own
    }
    return '\ufffd';
  }
}

const ESCAPED: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

function replaceLoneSurrogates(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * Go matches JSON keys to struct fields case-insensitively using Unicode simple folding.
 * For the ASCII field names used here that is ASCII case folding plus two non-ASCII letters
 * that fold into ASCII: U+017F (long s) to "s" and U+212A (Kelvin sign) to "k".
 */
export function goFoldKey(key: string): string {
  return key.replace(/[A-Z\u017f\u212a]/g, (ch) => {
    if (ch === '\u017f') return 's';
    if (ch === '\u212a') return 'k';
    return ch.toLowerCase();
  });
}

/** Whether a JSON key selects the struct field named `fieldName` (Go's exact-or-folded match). */
export function goKeyMatchesField(key: string, fieldName: string): boolean {
  return key === fieldName || goFoldKey(key) === goFoldKey(fieldName);
}

/** The members of `object` that Go would decode into the field `fieldName`, in document order. */
export function membersForField(object: JsonObject, fieldName: string): JsonMember[] {
  return object.members.filter((member) => goKeyMatchesField(member.key, fieldName));
}

/** Case-insensitive lookup the way Go picks a struct field: the last matching member wins. */
export function lookupField(object: JsonObject, fieldName: string): JsonMember | undefined {
  const matches = membersForField(object, fieldName);
  return matches[matches.length - 1];
}

/** Plain JS value of a node (numbers as JS numbers); for tests and simple consumers. */
export function toPlainValue(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const member of node.members) {
        Object.defineProperty(result, member.key, {
          value: toPlainValue(member.value),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return result;
    }
    case 'array':
      return node.items.map(toPlainValue);
    case 'string':
      return node.value;
    case 'number':
      return Number(node.raw);
    case 'bool':
      return node.value;
    case 'null':
      return null;
  }
}
