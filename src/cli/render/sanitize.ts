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

/** C0 except tab and line feed, DEL, C1, and every format character (BiDi controls, zero-width, BOM), plus the Unicode line and paragraph separators. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}/gu;

function visible(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** printable ASCII, tabs and line feeds: most text, answered without compiling UNSAFE's Unicode property */
const PLAIN = /^[\x20-\x7e\t\n]*$/;

/** `text` with every control and format character made visible. */
export function sanitizeForTerminal(text: string): string {
  return PLAIN.test(text) ? text : text.replace(UNSAFE, visible);
}

/** Does `text` hold a character a terminal would interpret rather than show? (for tests and checks) */
export function hasUnsafeCharacters(text: string): boolean {
  return new RegExp(UNSAFE.source, 'u').test(text);
}
