import { fstatSync, writeSync } from 'node:fs';
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

/**
 * Whether stdin (0), stdout (1) or stderr (2) is a terminal, as `process.stdout.isTTY` says, but
 * without making the stream: creating process.stdout or process.stdin loads Node's stream stack,
 * a few milliseconds of every command's start. Only a character device can be a terminal.
 */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  try {
    const stats = fstatSync(fd);
    if (!stats.isCharacterDevice() || isLinuxMemoryDevice(stats.rdev)) return false;
  } catch {
    return false;
  }
  // node:tty loads node:net and the stream stack
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/**
 * Linux's memory devices (major number 1: /dev/null, /dev/zero, /dev/full, /dev/urandom…) are
 * character devices that are never terminals. /dev/null is what a caller that discards the
 * output gives, so it is answered without loading node:tty.
 */
function isLinuxMemoryDevice(rdev: number): boolean {
  if (process.platform !== 'linux') return false;
  // glibc's gnu_dev_major: bits 8–19 and 32–43 of the device number
  const major = (Math.floor(rdev / 0x100) & 0xfff) | (Math.floor(rdev / 0x100000000) & ~0xfff);
  return major === 1;
}

/** stdout and stderr written through their streams from the first write a direct write could not take */
const streaming = new Set<1 | 2>();

/**
 * Writes all of `text` to stdout (1) or stderr (2) at once with write(2), which needs no stream
 * (see isTerminal). A pipe left non-blocking may take only part (EAGAIN), and a closed one fails:
 * the rest, and every later write to that descriptor, then goes through process.stdout or
 * process.stderr, whose queue keeps the order and whose errors end the command as before.
 */
export function writeToFd(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  if (!streaming.has(fd) && process.platform !== 'win32') {
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      return;
    } catch {
      // EAGAIN or a closed descriptor: the stream takes the rest
    }
  }
  streaming.add(fd);
  if (fd === 1) {
    exitQuietlyWhenStdoutIsGone();
    process.stdout.write(bytes.subarray(written));
  } else {
    process.stderr.write(bytes.subarray(written));
  }
}

/** Everything written so far went out with write(2); nothing waits in a stream's queue. */
export function allOutputWritten(): boolean {
  return streaming.size === 0;
}

function line(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function processOutput(debugEnabled: boolean, style: TerminalStyle = PLAIN_STYLE): Output {
  return {
    style,
    out: (text) => writeToFd(1, line(text)),
    err: (text) => writeToFd(2, line(text)),
    isTTY: isTerminal(2),
    debug: (text) => {
      if (debugEnabled) writeToFd(2, `debug: ${text}\n`);
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
  writeToFd(2, `\r\x1b[2K${text}`);
  return () => writeToFd(2, '\r\x1b[2K');
}
