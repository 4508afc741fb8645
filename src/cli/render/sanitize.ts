/**
 * The rendering edge for human output. Text that came from outside — file contents and keys,
 * helper output, registry and token-server answers, environment values — may carry terminal
 * control sequences (ESC/CSI, OSC 8 links, OSC 52 clipboard writes, a carriage return that
 * overwrites a line) or BiDi overrides that reorder what the reader sees. Every such character
 * is shown as an escape (`\x1b`, `\u202e`) and never reaches the terminal as itself.
 *
 * Line feeds and tabs are the layout of regauth's own text and pass through. JSON output does
 * not come here: JSON escapes C0 controls itself and must stay exact.
 */

/**
 * C0 except tab and line feed, DEL, C1, and every format character (BiDi controls, zero-width,
 * BOM), plus the Unicode line and paragraph separators. Made on first use: V8 parses a pattern
 * when it is created, and the Unicode property costs every start ~0.2 ms.
 */
const UNSAFE_SOURCE = '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029]|\\p{Cf}';
let unsafe: RegExp | null = null;

function visible(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text without any character of UNSAFE_SOURCE, answered without its Unicode property: printable
 * ASCII, tabs and line feeds, and the ranges regauth's own output draws on (Latin letters, dashes,
 * quotes and ellipses, arrows, mathematical signs, check marks) minus the soft hyphen (U+00AD).
 */
const PLAIN = /^[\x20-\x7e\t\n\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205f\u2190-\u2bff]*$/;

/** `text` with every control and format character made visible. */
export function sanitizeForTerminal(text: string): string {
  if (PLAIN.test(text)) return text;
  unsafe ??= new RegExp(UNSAFE_SOURCE, 'gu');
  return text.replace(unsafe, visible);
}

/** Does `text` hold a character a terminal would interpret rather than show? (for tests and checks) */
export function hasUnsafeCharacters(text: string): boolean {
  return new RegExp(UNSAFE_SOURCE, 'u').test(text);
}
