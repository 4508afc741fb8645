import { spawn } from 'node:child_process';
import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shared by the writer kill tests: the file the writers rewrite and the child they run. */

const DIST = fileURLToPath(new URL('../../', import.meta.url));
export const KEY_A = 'localhost:5000';
export const KEY_B = '127.0.0.1:5000';

/** A busy file (`entries` neighbours of the one key the writer renames). */
export function busyConfig(entries: number): string {
  const auths: Record<string, { auth: string; email: string }> = {};
  auths[KEY_A] = { auth: Buffer.from('alice:secret').toString('base64'), email: 'alice@example.com' };
  for (let i = 0; i < entries; i += 1) {
    auths[`registry-${i}.example.com:${5000 + (i % 1000)}`] = { auth: Buffer.from(`user${i}:pass${i}`).toString('base64'), email: `user${i}@example.com` };
  }
  return JSON.stringify({ auths, credHelpers: { 'gcr.io': 'gcloud' }, currentContext: 'default' }, null, '\t');
}

/**
 * The children run from a private copy of the compiled modules under `root`: hundreds of
 * start-ups over several seconds must not read a file that a concurrent `tsc` is rewriting in dist/.
 */
export function snapshotChild(root: string): string {
  const copy = join(root, 'dist');
  for (const folder of ['src/util', 'src/config', 'test/crash']) cpSync(join(DIST, folder), join(copy, folder), { recursive: true, filter: (from) => !from.includes('fixtures') });
  symlinkSync(join(DIST, '..', 'node_modules'), join(root, 'node_modules'));
  return join(copy, 'test', 'crash', 'writer-child.js');
}

export interface HeldRun {
  /** resolves when the process reports `phase` (it is then held there); rejects if it ends first */
  reached: Promise<void>;
  /** the end of the process, with every phase it reported */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; phases: string[] }>;
  kill(): void;
}

/**
 * Starts `node ARGS` with the REGAUTH_TEST_WRITE_PHASE_FD seam on descriptor 3, to be held
 * for `holdMs` on entering `phase`.
 */
export function startHeldInPhase(args: readonly string[], env: NodeJS.ProcessEnv, phase: string, holdMs: number): HeldRun {
  const child = spawn(process.execPath, args, { env: { ...env, REGAUTH_TEST_WRITE_PHASE_FD: `3:${phase}:${holdMs}` }, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let reported = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const phases = (): string[] => reported.split('\n').filter((line) => line.length > 0);
  const reached = new Promise<void>((resolve, reject) => {
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      reported += chunk.toString();
      if (phases().includes(phase)) resolve();
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`the process ended (exit ${code}) before it reached ${phase}: ${stderr}`)));
  });
  // the caller may never wait for `reached` when the process fails early; `ended` tells it
  reached.catch(() => undefined);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; phases: string[] }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr, phases: phases() }));
  });
  return { reached, ended, kill: () => child.kill('SIGKILL') };
}

/** Kills a process held in `phase` as soon as it reports it; resolves with the phases it reported. */
export async function killInPhase(args: readonly string[], env: NodeJS.ProcessEnv, phase: string): Promise<string[]> {
  const run = startHeldInPhase(args, env, phase, 60_000);
  await run.reached;
  run.kill();
  const end = await run.ended;
  if (end.signal !== 'SIGKILL') throw new Error(`the process ended by itself (exit ${end.code}) in ${phase}: ${end.stderr}`);
  return end.phases;
}
