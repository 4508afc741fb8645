/**
 * `WWW-Authenticate` parsing. Accepts one or several challenges per header line and several
 * header lines, quoted strings with backslash escapes, and unquoted values containing `/` or `:`
 * (more lenient than distribution's parser, which stops unquoted values at separators).
 * Scheme and parameter names are lower-cased; values are kept verbatim. Never throws.
 */

export interface Challenge {
  /** lower-cased, e.g. "bearer", "basic" */
  scheme: string;
  /** parameter names lower-cased; the last occurrence of a name wins, as in Go's map */
  params: Record<string, string>;
  /** a bare token68 after the scheme (e.g. `Negotiate abc==`), if any */
  token68?: string;
}

export interface Scope {
  /** e.g. "repository" (class stripped) */
  type: string;
  /** e.g. "plugin" for `repository(plugin)` */
  resourceClass: string | null;
  /** may contain ':' (registry host with port) */
  name: string;
  actions: string[];
  raw: string;
}

const SEPARATORS = new Set('()<>@,;:\\"/[]?={} \t');

function isTokenChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code > 32 && code < 127 && !SEPARATORS.has(ch);
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  skipSpaces(): void {
    while (isSpace(this.peek())) this.pos++;
  }

  skipSpacesAndCommas(): void {
    while (isSpace(this.peek()) || this.peek() === ',') this.pos++;
  }

  token(): string {
    const start = this.pos;
    while (!this.done && isTokenChar(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  quoted(): string {
    // at the opening quote
    this.pos++;
    let value = '';
    while (!this.done) {
      const ch = this.text[this.pos]!;
      this.pos++;
      if (ch === '"') return value;
      if (ch === '\\' && !this.done) {
        value += this.text[this.pos]!;
        this.pos++;
        continue;
      }
      value += ch;
    }
    return value; // unterminated: keep what was there
  }

  /** unquoted value: anything up to a comma or whitespace */
  bareValue(): string {
    const start = this.pos;
    while (!this.done && this.text[this.pos] !== ',' && !isSpace(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }
}

/** After a comma: is the next item a parameter (`name=`) or the start of a new challenge? */
function startsParameter(cursor: Cursor): boolean {
  const saved = cursor.pos;
  const name = cursor.token();
  cursor.skipSpaces();
  const isParam = name.length > 0 && cursor.peek() === '=';
  cursor.pos = saved;
  return isParam;
}

function readParams(cursor: Cursor, challenge: Challenge): void {
  let first = true;
  for (;;) {
    cursor.skipSpaces();
    if (cursor.done) return;
    if (cursor.peek() === ',') {
      cursor.skipSpacesAndCommas();
      if (cursor.done || !startsParameter(cursor)) return;
    } else if (!first) {
      // junk between parameters: a new challenge may begin here
      if (!startsParameter(cursor)) return;
    }
    const itemStart = cursor.pos;
    const name = cursor.token();
    cursor.skipSpaces();
    if (name.length === 0 || cursor.peek() !== '=') {
      if (first && name.length > 0) {
        // token68 form: letters followed by optional '=' padding
        while (cursor.peek() === '=') cursor.pos++;
        challenge.token68 = cursor.text.slice(itemStart, cursor.pos).trim();
        first = false;
        continue;
      }
      if (name.length === 0 && cursor.pos === itemStart) cursor.pos++; // unparsable char: step over it
      first = false;
      continue;
    }
    cursor.pos++; // '='
    cursor.skipSpaces();
    if (first && (cursor.peek() === '=' || cursor.peek() === ',' || cursor.done)) {
      // `abc==` is a token68 with padding, not a parameter
      while (cursor.peek() === '=') cursor.pos++;
      challenge.token68 = cursor.text.slice(itemStart, cursor.pos).trim();
      first = false;
      continue;
    }
    const value = cursor.peek() === '"' ? cursor.quoted() : cursor.bareValue();
    challenge.params[name.toLowerCase()] = value;
    first = false;
  }
}

function parseHeader(header: string, into: Challenge[]): void {
  const cursor = new Cursor(header);
  while (!cursor.done) {
    cursor.skipSpacesAndCommas();
    if (cursor.done) return;
    const scheme = cursor.token();
    if (scheme.length === 0) {
      cursor.pos++; // not a scheme character: skip it
      continue;
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: Object.create(null) as Record<string, string> };
    into.push(challenge);
    readParams(cursor, challenge);
  }
}

/** Every challenge of every `WWW-Authenticate` header, in order. */
export function parseWwwAuthenticate(headers: readonly string[]): Challenge[] {
  const challenges: Challenge[] = [];
  for (const header of headers) {
    if (typeof header === 'string') parseHeader(header, challenges);
  }
  return challenges;
}

/** The challenge a client acts on: the first Bearer or Basic one (go-containerregistry's rule). */
export function pickChallenge(challenges: readonly Challenge[]): Challenge | null {
  return challenges.find((c) => c.scheme === 'bearer' || c.scheme === 'basic') ?? null;
}

/**
 * Parses a space-separated scope list. The resource name may contain ':' (host:port), so the
 * type ends at the first ':' and the actions start after the last one.
 */
export function parseScopes(scopeParam: string): Scope[] {
  const scopes: Scope[] = [];
  for (const raw of scopeParam.split(/\s+/)) {
    if (raw.length === 0) continue;
    const firstColon = raw.indexOf(':');
    const lastColon = raw.lastIndexOf(':');
    if (firstColon < 0 || lastColon === firstColon) continue;
    const typeWithClass = raw.slice(0, firstColon);
    const classMatch = /^([^()]+)\(([^()]*)\)$/.exec(typeWithClass);
    scopes.push({
      type: classMatch ? classMatch[1]! : typeWithClass,
      resourceClass: classMatch ? classMatch[2]! : null,
      name: raw.slice(firstColon + 1, lastColon),
      actions: raw
        .slice(lastColon + 1)
        .split(',')
        .filter((a) => a.length > 0),
      raw,
    });
  }
  return scopes;
}

export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`;
}
