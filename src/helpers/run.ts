/**
 * Runs `docker-credential-<helper> <action>` once: PATH lookup, stdin as the Docker client sends
 * it, bounded time and output. Reports what happened without judging it (see interpret.ts).
 */
import type { ChildProcess } from 'node:child_process';

import { lookPath, relativePathError } from '../util/look-path.js';
import { type HelperAction, type HelperInputs, stdinFor } from './protocol.js';

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_KILL_GRACE_MS = 500;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** how long to wait for the kernel to reap a SIGKILLed helper */
const KILL_CONFIRM_MS = 1_000;

export interface RunHelperOptions {
  /** environment for the helper and for the PATH lookup; default process.env */
  env?: NodeJS.ProcessEnv;
  /** default 5 s */
  timeoutMs?: number;
  /** time between SIGTERM and SIGKILL to the helper's process group; default 500 ms */
  killGraceMs?: number;
  /** cap for stdout and for stderr each; default 1 MiB */
  maxOutputBytes?: number;
}

export type RunOutcome =
  | {
      kind: 'exited';
      /** null when ended by a signal */
      exitCode: number | null;
      signal: NodeJS.Signals | null;
      stdout: string;
      stderr: string;
      stderrTruncated: boolean;
      path: string;
    }
  | { kind: 'missing'; binary: string; searched: string[]; skipped: string[] }
  | { kind: 'timeout'; afterMs: number; stdout: string; stderr: string; path: string }
  /** stdout grew past the cap; the helper was stopped */
  | { kind: 'oversized'; limitBytes: number; stderr: string; path: string }
  /** the kernel refused to start it (EACCES, ENOEXEC, ...) */
  | { kind: 'spawn-error'; code: string; message: string; path: string };

export function helperBinary(helper: string): string {
  return `docker-credential-${helper}`;
}

export async function runHelper<A extends HelperAction>(
  helper: string,
  action: A,
  input: HelperInputs[A],
  opts: RunHelperOptions = {},
): Promise<RunOutcome> {
  const env = opts.env ?? process.env;
  const binary = helperBinary(helper);
  if (binary.includes('/')) {
    // Go starts such a name from the working directory and fails when nothing is there; regauth never runs it
    const code = relativePathError(binary);
    if (code !== null) return { kind: 'spawn-error', code, message: `${binary}: ${code}`, path: binary };
  }
  const lookup = lookPath(binary, env['PATH']);
  if (lookup.kind === 'missing') {
    return { kind: 'missing', binary, searched: lookup.searched, skipped: lookup.skipped };
  }
  return runProcess(lookup.path, binary, action, stdinFor(action, input), {
    env,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    killGraceMs: opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
    maxOutputBytes: opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  });
}

interface ProcessLimits {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  killGraceMs: number;
  maxOutputBytes: number;
}

function runProcess(path: string, binary: string, action: string, stdin: string, limits: ProcessLimits): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    // loaded on first use: most commands run no helper, and the module costs every start-up
    const child = process.getBuiltinModule('node:child_process').spawn(path, [action], {
      argv0: binary,
      env: limits.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // own process group, so a timeout can stop the helper and everything it started
      detached: true,
    });
    const stdout = new CappedBuffer(limits.maxOutputBytes);
    const stderr = new CappedBuffer(limits.maxOutputBytes);
    let settled = false;
    let stopping = false;
    const exited = whenChild(child, 'exit');
    // 'close' comes once the helper has exited and every process holding its pipes is gone
    const closed = whenChild(child, 'close');
    /** stop the helper's group and report once the helper itself is gone */
    const stopThenFinish = async (outcome: () => RunOutcome): Promise<void> => {
      if (settled || stopping) return;
      stopping = true;
      clearTimeout(timer);
      signalGroup(child.pid, 'SIGTERM');
      await exited.within(limits.killGraceMs);
      // anything left in the group (the helper or what it started) gets no more grace
      signalGroup(child.pid, 'SIGKILL');
      await closed.within(KILL_CONFIRM_MS);
      finish(outcome());
    };

    const finish = (outcome: RunOutcome): void => {
      if (settled) return;
      if (stopping && outcome.kind === 'exited') return; // the stop reports instead
      settled = true;
      clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.stdin?.destroy();
      resolve(outcome);
    };

    const timer = setTimeout(() => {
      const afterMs = Date.now() - started;
      void stopThenFinish(() => ({ kind: 'timeout', afterMs, stdout: stdout.text(), stderr: stderr.text(), path }));
    }, limits.timeoutMs);

    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ kind: 'spawn-error', code: error.code ?? 'UNKNOWN', message: error.message, path });
    });

    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdout.append(chunk)) return;
      void stopThenFinish(() => ({ kind: 'oversized', limitBytes: limits.maxOutputBytes, stderr: stderr.text(), path }));
    });
    // stderr is only diagnosis: keep the start, drop the rest, never stop the helper for it
    child.stderr?.on('data', (chunk: Buffer) => stderr.append(chunk));

    // Like Go's cmd.Output(): the result is ready when the helper has exited and its output
    // pipes are closed (a child it left behind holding them keeps us waiting, up to the timeout).
    child.on('close', (code, signal) => {
      finish({
        kind: 'exited',
        exitCode: code,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stderrTruncated: stderr.truncated,
        path,
      });
    });

    // A helper that exits without reading stdin closes the pipe under us: not an error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(stdin);
  });
}

/** A child event that may already have happened, awaited with a time limit. */
function whenChild(child: ChildProcess, event: 'exit' | 'close'): { within(ms: number): Promise<void> } {
  let happened = false;
  const waiters: Array<() => void> = [];
  child.once(event, () => {
    happened = true;
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    within: (ms) =>
      new Promise((wake) => {
        if (happened) return wake();
        waiters.push(wake);
        setTimeout(wake, ms).unref();
      }),
  };
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

class CappedBuffer {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #truncated = false;

  constructor(private readonly limit: number) {}

  /** false once the limit is exceeded; bytes past the limit are dropped */
  append(chunk: Buffer): boolean {
    const room = this.limit - this.#size;
    if (chunk.length > room) {
      if (room > 0) this.#chunks.push(chunk.subarray(0, room));
      this.#size = this.limit;
      this.#truncated = true;
      return false;
    }
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    return true;
  }

  get truncated(): boolean {
    return this.#truncated;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}
