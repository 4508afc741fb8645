import { isRegauthError } from '../util/errors.js';
import { sanitizeForTerminal } from './render/sanitize.js';

/** Where commands write: stdout for results, stderr for diagnostics. Injectable for tests. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  /** debug lines go to stderr only with --debug */
  debug(text: string): void;
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

export function processOutput(debugEnabled: boolean): Output {
  exitQuietlyWhenStdoutIsGone();
  return {
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
 * visible); JSON goes out exact through `exact`.
 */
export function renderingEdge(sink: Output): Output {
  return {
    out: (text) => sink.out(sanitizeForTerminal(text)),
    err: (text) => sink.err(sanitizeForTerminal(text)),
    debug: (text) => sink.debug(sanitizeForTerminal(text)),
    exact: (text) => (sink.exact ?? sink.out)(text),
    isTTY: sink.isTTY,
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

export function printJson(output: Output, value: unknown): void {
  printJsonText(output, JSON.stringify(value, null, 2));
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
