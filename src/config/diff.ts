import { parseTree, type Node } from 'jsonc-parser';
import type { Secret } from '../util/secret.js';

/**
 * A unified diff of a config change for people to review before it is written. It never
 * shows a credential: values of credential fields (`auth`, `password`, `identitytoken`,
 * `registrytoken`, ...) are masked wherever they appear, and so is every secret the caller
 * passes, in raw and in JSON-escaped form.
 */

const MASK = '[redacted]';
const CONTEXT_LINES = 3;
/** Above this many cells the changed middle is shown as one replaced block. */
const MAX_LCS_CELLS = 4_000_000;

/** `"auth": "..."` and friends, whatever their case; the value is masked. */
const CREDENTIAL_FIELD = /("(?:auth|password|identitytoken|identity_token|registrytoken|secret|token|\.dockerconfigjson|\.dockercfg)"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi;

export interface DiffOptions {
  /** values that must never appear in the output */
  secrets?: readonly Secret[];
  /** header labels; default: the path on both */
  oldLabel?: string;
  newLabel?: string;
}

export function unifiedDiff(oldText: string, newText: string, path: string, options: DiffOptions = {}): string {
  if (oldText === newText) return '';
  const mask = maskerFor(options.secrets ?? [], [...secretTextsIn(oldText), ...secretTextsIn(newText)]);
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  const out = [`--- ${options.oldLabel ?? path}`, `+++ ${options.newLabel ?? path}`];
  for (const hunk of hunksOf(ops)) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldCount)} +${range(hunk.newStart, hunk.newCount)} @@`);
    for (const op of hunk.ops) {
      const unterminated = op.text.endsWith(NO_EOL);
      out.push(op.sign + mask(unterminated ? op.text.slice(0, -NO_EOL.length) : op.text));
      if (unterminated) out.push('\\ No newline at end of file');
    }
  }
  return out.join('\n') + '\n';
}

/** Mask credential values in any text shown to people (diffs, previews). */
export function maskCredentials(text: string, secrets: readonly Secret[] = []): string {
  return maskerFor(secrets)(text);
}

const SECRET_KEYS = new Set(['auth', 'password', 'identitytoken', 'identity_token', 'registrytoken', 'secret', 'token', '.dockerconfigjson', '.dockercfg']);
const PROXY_KEYS = new Set(['httpproxy', 'httpsproxy', 'ftpproxy', 'allproxy']);

/**
 * Secret values of a config text as they are written in it (escapes and all), found by
 * structure rather than by line: fields with credential names also when the key is written
 * with escapes (`"\u0070assword"`), every value under `HttpHeaders` (they often carry tokens),
 * and the password of a proxy URL. A diff line shows only part of the file, so the values are
 * collected from the whole text first.
 */
function secretTextsIn(text: string): string[] {
  const found: string[] = [];
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const rawOf = (node: Node): string => text.slice(node.offset + 1, node.offset + node.length - 1);
  const walk = (node: Node, underHeaders: boolean): void => {
    if (node.type === 'property' && node.children?.length === 2) {
      const [key, value] = node.children as [Node, Node];
      const name = String(key.value).toLowerCase();
      if (value.type === 'string' && value.length > 2) {
        if (SECRET_KEYS.has(name) || underHeaders) found.push(rawOf(value));
        if (PROXY_KEYS.has(name)) {
          const password = /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:([^/@]*)@/i.exec(String(value.value))?.[1];
          if (password) found.push(password, encodeURIComponent(decodeURIComponentSafe(password)));
        }
      }
      walk(value, underHeaders || name === 'httpheaders');
      return;
    }
    for (const child of node.children ?? []) walk(child, underHeaders);
  };
  if (root !== undefined) walk(root, false);
  // shorter values would mask ordinary text all over the diff; a credential field on the same line is masked by name anyway
  return found.filter((value) => value.length >= 4);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function maskerFor(secrets: readonly Secret[], texts: readonly string[] = []): (line: string) => string {
  const needles = new Set<string>(texts);
  for (const secret of secrets) {
    const value = secret.reveal();
    if (value.length === 0) continue;
    needles.add(value);
    const jsonEscaped = JSON.stringify(value).slice(1, -1);
    needles.add(jsonEscaped);
    // Go's encoder also escapes <, > and & (Docker writes its config that way).
    needles.add(jsonEscaped.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'));
  }
  // Longest first so a secret containing another is masked whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (line) => {
    let masked = line.replace(CREDENTIAL_FIELD, (_match, open: string, value: string, close: string) =>
      value.length === 0 ? open + close : open + MASK + close,
    );
    for (const needle of ordered) masked = masked.split(needle).join(MASK);
    return masked;
  };
}

/**
 * Marks a last line that has no line break after it. A line break cannot occur inside a line,
 * so "x" and "x" + NO_EOL compare unequal, as the two file endings differ.
 */
const NO_EOL = '\n';

function splitLines(text: string): string[] {
  if (text === '') return [];
  const terminated = text.endsWith('\n');
  const lines = (terminated ? text.slice(0, -1) : text).split('\n').map((line) => line.replace(/\r$/, ''));
  if (!terminated) lines[lines.length - 1] += NO_EOL;
  return lines;
}

interface LineOp {
  sign: ' ' | '-' | '+';
  text: string;
}

function diffLines(oldLines: string[], newLines: string[]): LineOp[] {
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const ops: LineOp[] = [];
  for (let i = 0; i < prefix; i += 1) ops.push({ sign: ' ', text: oldLines[i] ?? '' });
  ops.push(...diffMiddle(oldLines.slice(prefix, oldLines.length - suffix), newLines.slice(prefix, newLines.length - suffix)));
  for (let i = oldLines.length - suffix; i < oldLines.length; i += 1) ops.push({ sign: ' ', text: oldLines[i] ?? '' });
  return ops;
}

/** Longest-common-subsequence diff of the part between the common prefix and suffix. */
function diffMiddle(a: string[], b: string[]): LineOp[] {
  if (a.length * b.length > MAX_LCS_CELLS) {
    return [...a.map((text): LineOp => ({ sign: '-', text })), ...b.map((text): LineOp => ({ sign: '+', text }))];
  }
  const ops: LineOp[] = [];
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i * width + j] =
        a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ sign: ' ', text: a[i] ?? '' });
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || (lcs[i * width + j + 1] ?? 0) >= (lcs[(i + 1) * width + j] ?? 0))) {
      ops.push({ sign: '+', text: b[j] ?? '' });
      j += 1;
    } else {
      ops.push({ sign: '-', text: a[i] ?? '' });
      i += 1;
    }
  }
  // Show removals before additions inside a change, as diff(1) does.
  return regroupChanges(ops);
}

function regroupChanges(ops: LineOp[]): LineOp[] {
  const result: LineOp[] = [];
  let removed: LineOp[] = [];
  let added: LineOp[] = [];
  const flush = (): void => {
    result.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.sign === '-') removed.push(op);
    else if (op.sign === '+') added.push(op);
    else {
      flush();
      result.push(op);
    }
  }
  flush();
  return result;
}

interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  ops: LineOp[];
}

function hunksOf(ops: LineOp[]): Hunk[] {
  const changed = ops.map((op, index) => (op.sign === ' ' ? -1 : index)).filter((index) => index >= 0);
  const hunks: Hunk[] = [];
  let start = -1;
  let end = -1;
  const close = (): void => {
    if (start < 0) return;
    const slice = ops.slice(start, end + 1);
    const before = ops.slice(0, start);
    const oldStart = before.filter((op) => op.sign !== '+').length;
    const newStart = before.filter((op) => op.sign !== '-').length;
    const oldCount = slice.filter((op) => op.sign !== '+').length;
    const newCount = slice.filter((op) => op.sign !== '-').length;
    hunks.push({ oldStart, oldCount, newStart, newCount, ops: slice });
  };
  for (const index of changed) {
    const from = Math.max(0, index - CONTEXT_LINES);
    const to = Math.min(ops.length - 1, index + CONTEXT_LINES);
    if (start >= 0 && from <= end + 1) {
      end = Math.max(end, to);
    } else {
      close();
      start = from;
      end = to;
    }
  }
  close();
  return hunks;
}

/** `start,count` as unified diffs write it: 1-based, and the line before when count is 0. */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}
