/**
 * Benches that talk to registries run inside the testbed (real registries in a private
 * network namespace; bench/run.mjs re-executes itself under `unshare` first). This module
 * starts it, runs programs against it with the testbed's environment, counts requests from
 * the registry and token-server logs, and points host names at other addresses.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryName, TestbedDescriptor } from '../../test/testbed/descriptor.js';
import { HOSTS } from '../../test/testbed/layout.js';
import { startTestbed, type RunningTestbed } from '../../test/testbed/setup.js';

export const INSIDE_MARKER = 'REGAUTH_BENCH_NAMESPACE';

export interface ProgramRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

export async function startBenchTestbed(dir: string, docker20: string): Promise<RunningTestbed> {
  if (process.env[INSIDE_MARKER] !== '1') throw new Error('registry benches must run through bench/run.mjs (it creates the network namespace)');
  return startTestbed({ dir, docker20 });
}

export function programEnv(descriptor: TestbedDescriptor, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of descriptor.unsetEnv) delete env[name];
  delete env[INSIDE_MARKER];
  delete env['NODE_OPTIONS'];
  return { ...env, ...descriptor.env, ...extra };
}

export function runProgram(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: Number(process.hrtime.bigint() - started) / 1e6 });
    });
    child.stdin.end(input ?? '');
  });
}

/**
 * How to run the CLI at `bin`; with BENCH_PROFILE_DIR set, every run writes a CPU profile
 * there (`node --cpu-prof`) to find out where the time goes.
 */
export function regauthArgs(bin: string, args: readonly string[]): string[] {
  const profileDir = process.env['BENCH_PROFILE_DIR'];
  return [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), bin, ...args];
}

export function tempDir(descriptor: TestbedDescriptor, prefix: string): string {
  return mkdtempSync(join(descriptor.tmpDir, `${prefix}-`));
}

/** The namespace's /etc/hosts is a bind mount of this file: rewrite it in place, never replace it. */
export function pointHosts(descriptor: TestbedDescriptor, overrides: Record<string, string>): void {
  const names = { ...HOSTS, ...overrides };
  const text = Object.entries(names).map(([name, address]) => `${address}\t${name}`).join('\n');
  writeFileSync(join(descriptor.dir, 'hosts'), `${text}\n::1\tip6-localhost\n`);
}

/** HTTP requests a log has recorded so far; take one count before and one after a run. */
export interface LogCounter {
  (): number;
}

/**
 * distribution 2.8 writes one "response completed" line per request it served, and its
 * auth layer writes an "error authorizing context" line instead for every 401.
 */
export function registryRequestCounter(descriptor: TestbedDescriptor, registry: RegistryName): LogCounter {
  return registryLogCounter(descriptor.registries[registry].log);
}

export function registryLogCounter(logFile: string): LogCounter {
  return () => {
    let count = 0;
    for (const line of readFileSync(logFile, 'utf8').split('\n')) {
      if (line.includes('"msg":"response completed"') || line.includes('"msg":"error authorizing context')) count++;
    }
    return count;
  };
}

/** The token server logs one JSON line per request. */
export function tokenRequestCounter(descriptor: TestbedDescriptor): LogCounter {
  return () => readFileSync(descriptor.tokenServer.log, 'utf8').split('\n').filter((line) => line.trim().length > 0).length;
}
