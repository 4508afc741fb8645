import { isRegauthError } from '../util/errors.js';
import { PLAIN_STYLE, type TerminalStyle } from './symbols.js';

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
}

export function processOutput(debugEnabled: boolean, style: TerminalStyle = PLAIN_STYLE): Output {
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

/** The one JSON emitter: every --json document starts with its schemaVersion. */
export function printJson(output: Output, value: Record<string, unknown>): void {
  output.out(JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...value }, null, 2));
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
