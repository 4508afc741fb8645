import type { TraceStep } from '../util/trace.js';

/** How human output may be decorated on this terminal. */
export interface TerminalStyle {
  color: boolean;
  ascii: boolean;
}

export const PLAIN_STYLE: TerminalStyle = { color: false, ascii: false };

/** A locale names UTF-8 when the first of LC_ALL, LC_CTYPE, LANG that is set says so; unset means "C". */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const locale = [env['LC_ALL'], env['LC_CTYPE'], env['LANG']].find((value) => value !== undefined && value !== '') ?? 'C';
  // lower-cased rather than matched with /i, whose case tables cost every start ~0.1 ms
  return /utf-?8/.test(locale.toLowerCase());
}

/**
 * Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color, always with
 * FORCE_COLOR (unless it is "0" or "false"); ASCII symbols with --ascii or a locale that is not UTF-8.
 */
export function terminalStyle(argv: readonly string[], env: NodeJS.ProcessEnv, isTTY: boolean): TerminalStyle {
  const forced = env['FORCE_COLOR'];
  let color = isTTY && env['TERM'] !== 'dumb';
  if (forced !== undefined && forced !== '0' && forced.toLowerCase() !== 'false') color = true;
  if (argv.includes('--no-color') || (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '')) color = false;
  return { color, ascii: argv.includes('--ascii') || !localeIsUtf8(env) };
}

type Mark = TraceStep['outcome'] | 'arrow';

const MARKS: Record<Mark, { unicode: string; ascii: string; meaning: string; colour: number | null }> = {
  matched: { unicode: '✓', ascii: '+', meaning: 'this key or helper is the one used', colour: 32 },
  skipped: { unicode: '·', ascii: '.', meaning: 'looked at and passed over', colour: null },
  missing: { unicode: '∅', ascii: '0', meaning: 'looked for and not there', colour: 2 },
  info: { unicode: ' ', ascii: ' ', meaning: '', colour: null },
  warning: { unicode: '!', ascii: '!', meaning: 'a warning', colour: 33 },
  error: { unicode: '✗', ascii: 'x', meaning: 'a failure', colour: 31 },
  arrow: { unicode: '→', ascii: '->', meaning: 'what to do about it', colour: null },
};

export function mark(name: Mark, style: TerminalStyle): string {
  const entry = MARKS[name];
  const text = style.ascii ? entry.ascii : entry.unicode;
  return style.color && entry.colour !== null ? `${colourMark(entry.colour)}${text}${colourMark(0)}` : text;
}

/*
 * Colour is written as a private mark that only the rendering edge turns into an SGR sequence,
 * after the sanitiser has escaped every control character of the text. The mark carries a
 * per-process nonce, so text from a file or registry cannot forge one.
 */
const COLOUR_NONCE = Math.random().toString(36).slice(2, 10);
const COLOUR_MARK = new RegExp(`\uE000${COLOUR_NONCE}:(\\d+)\uE001`, 'g');

function colourMark(code: number): string {
  return `\uE000${COLOUR_NONCE}:${code}\uE001`;
}

/** Turns regauth's own colour marks into SGR sequences (the rendering edge calls this last). */
export function applyColourMarks(text: string): string {
  return text.includes('\uE000') ? text.replace(COLOUR_MARK, (_, code: string) => `\x1b[${code}m`) : text;
}

/** The legend printed by --help and in the README. */
export function symbolLegend(style: TerminalStyle): string[] {
  return (Object.keys(MARKS) as Mark[])
    .filter((name) => MARKS[name].meaning !== '')
    .map((name) => `  ${(style.ascii ? MARKS[name].ascii : MARKS[name].unicode).padEnd(2)}  ${MARKS[name].meaning}  (ASCII: ${MARKS[name].ascii})`);
}
