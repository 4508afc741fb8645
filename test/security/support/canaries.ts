/**
 * Canary secrets: unique values planted in configs, helper answers and registry responses, and
 * a scanner that finds any of them — in any of the encodings a secret travels in — in captured
 * output. Every canary carries a random core that appears in no fixture, so a hit is a leak.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Canary {
  /** where it was planted, for messages */
  label: string;
  /** the secret value itself */
  value: string;
  /** the user name it travels with in Basic auth (`base64(user:value)`) */
  username: string;
  /** every text whose presence in output means the canary leaked */
  forms: string[];
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Lower-case letters only: does not look like a token, so only by-construction redaction hides it. */
function wordCore(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => LETTERS[byte % LETTERS.length]).join('');
}

function base64Forms(plain: string): string[] {
  const standard = Buffer.from(plain, 'utf8').toString('base64');
  return [standard, standard.replace(/=+$/, ''), Buffer.from(plain, 'utf8').toString('base64url')];
}

/**
 * The forms that reveal `value`: the value, its URL- and JSON-escaped spellings, base64 of it and
 * of `user:value` (each of the three base64 alignments of the value inside longer text too).
 */
export function leakForms(value: string, username: string): string[] {
  const forms = new Set<string>([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  for (const plain of [value, `${username}:${value}`]) for (const form of base64Forms(plain)) forms.add(form);
  // base64 of any text containing the value contains one of these three aligned pieces
  for (let shift = 0; shift < 3; shift++) {
    const aligned = Buffer.from(`${'x'.repeat(shift)}${value}`, 'utf8').toString('base64');
    // the first and last groups mix in bytes of the neighbours
    const piece = aligned.slice(4, -4);
    if (piece.length >= 12) forms.add(piece);
  }
  return [...forms].filter((form) => form.length >= 8);
}

/**
 * A canary secret. `style: 'word'` (default) looks like a pass phrase, so no "looks like a token"
 * heuristic can hide a leak; `style: 'token'` looks random (mixed case and digits), for places
 * where only that heuristic can protect (a helper that prints a secret regauth never saw).
 * `special` adds characters that URL and JSON encoding change.
 */
export function makeCanary(label: string, options: { username?: string; style?: 'word' | 'token'; special?: boolean } = {}): Canary {
  const username = options.username ?? 'canaryuser';
  const core = options.style === 'token' ? `Ct${randomBytes(18).toString('base64url').replace(/[-_]/g, 'Q')}9z` : `canary-${wordCore(16)}`;
  const value = options.special === true ? `${core}:p@ss/w+rd "q"&x=1` : core;
  return { label, value, username, forms: [...new Set([core, ...leakForms(value, username)])] };
}

/** A JWT whose signature is the canary (a bearer token is secret as a whole). */
export function canaryJwt(label: string, claims: Record<string, unknown> = {}): Canary & { jwt: string } {
  const canary = makeCanary(label, { style: 'token' });
  const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const jwt = `${segment({ alg: 'ES256', typ: 'JWT' })}.${segment({ iss: 'hostile', sub: '', aud: 'x', exp: now + 300, iat: now, ...claims })}.${canary.value}`;
  return { ...canary, value: jwt, jwt, forms: [...new Set([canary.value, jwt, ...leakForms(jwt, canary.username)])] };
}

export interface Leak {
  canary: string;
  form: string;
  context: string;
}

/** Every canary form found in `text`, with a little context (the canary itself cut out). */
export function findLeaks(text: string, canaries: readonly Canary[]): Leak[] {
  const leaks: Leak[] = [];
  for (const canary of canaries) {
    for (const form of canary.forms) {
      const at = text.indexOf(form);
      if (at < 0) continue;
      const context = `${text.slice(Math.max(0, at - 60), at)}<<${canary.label}>>${text.slice(at + form.length, at + form.length + 60)}`;
      leaks.push({ canary: canary.label, form: form === canary.value ? 'plain' : 'encoded', context });
      break;
    }
  }
  return leaks;
}

/**
 * Everything the suites captured, appended to one file, so that a final test can scan the lot
 * (and a person can read it: it holds no secret when the suite passes).
 */
export class CaptureLog {
  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  append(title: string, text: string): void {
    appendFileSync(this.file, `==== ${title}\n${text}\n`);
  }

  read(): string {
    return existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
  }
}

/**
 * Control text a hostile file, helper or server plants: CSI clear screen, OSC 0 (title), OSC 8
 * (link), OSC 52 (clipboard write), CR (overwrite the line), C1 CSI, DEL, BiDi overrides and
 * isolates, zero-width and line separators.
 */
export const CONTROL_PAYLOADS: readonly string[] = [
  '\x1b[2J',
  '\x1b]0;owned\x07',
  '\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\',
  '\x1b]52;c;Y2FuYXJ5\x07',
  '\r✓ all good',
  '\x9b31m',
  '\x7f',
  '\u202egnp.exe',
  '\u2066\u2069',
  '\u200b\ufeff\u2028',
];

/** Raw characters a terminal would interpret: C0 but tab and line feed, DEL, C1, BiDi and other format characters. */
export function rawControlCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}/gu)) {
    found.add(`U+${(match[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  }
  return [...found];
}

/** A string as Go's encoding/json writes it (`&` → `\u0026`, `<`, `>` likewise), without the quotes. */
export function goJsonForm(value: string): string {
  return JSON.stringify(value)
    .slice(1, -1)
    .replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The stricter forms: escaped (JSON, Go JSON), partial (the first two thirds, as a cut-off
 * stream shows it) — for suites that must also catch a secret that is only partly shown.
 */
export function strictLeakForms(canary: Canary): string[] {
  const value = canary.value;
  const partial = value.slice(0, Math.ceil((value.length * 2) / 3));
  return [...new Set([...canary.forms, goJsonForm(value), ...(partial.length >= 12 ? [partial] : [])])];
}
