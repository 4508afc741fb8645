/** Runs the real CLI (`node bin/regauth.js`) as a user would, timing it and keeping all it printed. */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCliJson } from '../../support/json-schema.js';

/** the project root (this file is dist/test/security/support/cli.js once compiled) */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const CLI = join(PROJECT_ROOT, 'bin', 'regauth.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
  killed: boolean;
}

export interface CliOptions {
  env: NodeJS.ProcessEnv;
  stdin?: string;
  /** the test's own safety net; the CLI must end long before */
  killAfterMs?: number;
  cwd?: string;
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'], ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, options.killAfterMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const printed = Buffer.concat(stdout).toString('utf8');
      try {
        if (!killed) checkCliJson(args, printed);
      } catch (error) {
        reject(error);
        return;
      }
      resolvePromise({ code, stdout: printed, stderr: Buffer.concat(stderr).toString('utf8'), elapsedMs: Date.now() - started, killed });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}

/**
 * Runs the CLI's `main` inside this process with `env` as the whole environment: the same code
 * path as the binary, without a node start-up per run, so a suite can afford thousands of runs.
 * Only one may run at a time (process.env is swapped). Writes that bypass the Output object are
 * not seen here; the suites also run a subset through `runCli` for those.
 */
export async function runInProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const { main } = (await import(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) as typeof import('../../../src/cli/main.js');
  const stdout: string[] = [];
  const stderr: string[] = [];
  const line = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);
  const debugEnabled = args.includes('--debug');
  const saved = process.env;
  const started = Date.now();
  process.env = { ...env };
  try {
    const code = await main([...args], {
      out: (text) => void stdout.push(line(text)),
      err: (text) => void stderr.push(line(text)),
      debug: (text) => {
        if (debugEnabled) stderr.push(`debug: ${line(text)}`);
      },
      isTTY: false,
    });
    checkCliJson(args, stdout.join(''));
    return { code, stdout: stdout.join(''), stderr: stderr.join(''), elapsedMs: Date.now() - started, killed: false };
  } finally {
    process.env = saved;
  }
}
