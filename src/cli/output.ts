import { isRegauthError } from '../util/errors.js';
import { PLAIN_STYLE, applyColourMarks, type TerminalStyle } from './symbols.js';
import { sanitizeForTerminal } from './render/sanitize.js';

/** The version of every --json shape; raised when a field is renamed or removed, not when one is added. */
export const JSON_SCHEMA_VERSION = 1;

/** Where commands write: stdout for results, stderr for diagnostics. Injectable for tests. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  /** debug lines go to stderr only with --debug */
  debug(text: string): void;
  /** colour and symbols for human output; plain when absent */
  style?: TerminalStyle;
  /** stdout exactly as given, for JSON; `out` when absent */
  exact?(text: string): void;
}

/** Errors of a closed pipe or a full disk on stdout: nobody reads any more, so stop quietly. */
const STDOUT_GONE = new Set(['EPIPE', 'ENOSPC', 'EIO', 'EDQUOT', 'EBADF']);

function exitQuietlyWhenStdoutIsGone(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (STDOUT_GONE.has(error.code ?? '')) process.exit(1);
    throw error;
  });
}

export function processOutput(debugEnabled: boolean, style: TerminalStyle = PLAIN_STYLE): Output {
  exitQuietlyWhenStdoutIsGone();
  return {
    style,
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    isTTY: process.stderr.isTTY === true,
    debug: (text) => {
      if (debugEnabled) process.stderr.write(`debug: ${text}\n`);
    },
  };
}

/**
 * The rendering edge: human text passes the sanitiser (control and BiDi characters made
 * visible), then regauth's own colour marks become colour; JSON goes out exact through `exact`.
 */
export function renderingEdge(sink: Output): Output {
  const human = (text: string): string => applyColourMarks(sanitizeForTerminal(text));
  return {
    out: (text) => sink.out(human(text)),
    err: (text) => sink.err(human(text)),
    debug: (text) => sink.debug(human(text)),
    exact: (text) => (sink.exact ?? sink.out)(text),
    isTTY: sink.isTTY,
    ...(sink.style === undefined ? {} : { style: sink.style }),
  };
}

/** JSON text on stdout, exact (JSON escapes control characters itself). */
export function printJsonText(output: Output, text: string): void {
  (output.exact ?? output.out)(text);
}

/** A renderer's text: exact when it is JSON, through the sanitiser when it is for people. */
export function printRendered(output: Output, text: string, isJson: boolean): void {
  if (isJson) printJsonText(output, text);
  else output.out(text);
}

/** The one JSON emitter: every --json document starts with its schemaVersion. */
export function printJson(output: Output, value: Record<string, unknown>): void {
  printJsonText(output, JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...value }, null, 2));
}

/** An error for people: `regauth: file:line:column: message` then the hint. */
export function renderError(error: unknown): string {
  if (isRegauthError(error)) {
    const lines = [`regauth: ${error.located}`];
    if (error.hint !== undefined) lines.push(`  ${error.hint}`);
    return lines.join('\n');
  }
  const message = error instanceof Error ? error.message : String(error);
  return `regauth: internal error: ${message}`;
}

/** A transient progress line on a TTY; cleared when done. */
export function progress(output: Output, text: string): () => void {
  if (!output.isTTY) return () => undefined;
  process.stderr.write(`\r\x1b[2K${text}`);
  return () => void process.stderr.write('\r\x1b[2K');
}
