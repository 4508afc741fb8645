/**
 * Wall-time measurement of whole programs: every command runs `runs` times, the commands
 * interleaved round by round so that a slow moment of the machine hits all of them alike.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

export interface TimedCommand {
  label: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** exit codes that count as success (default: 0) */
  okCodes?: readonly number[];
}

export interface Summary {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface Timing extends Summary {
  label: string;
  samplesMs: number[];
}

export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { runs: sorted.length, medianMs: median, minMs: sorted[0] as number, maxMs: sorted[sorted.length - 1] as number };
}

/** Runs the command once and returns its wall time in milliseconds; throws when it fails. */
export function timeOnce(command: TimedCommand): number {
  const options: SpawnSyncOptions = { stdio: ['ignore', 'pipe', 'pipe'], env: command.env ?? process.env, maxBuffer: 64 * 1024 * 1024 };
  if (command.cwd !== undefined) options.cwd = command.cwd;
  const started = process.hrtime.bigint();
  const result = spawnSync(command.command, command.args, options);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  const ok = command.okCodes ?? [0];
  if (result.error !== undefined || result.status === null || !ok.includes(result.status)) {
    const stderr = `${result.stdout?.toString().trim().slice(0, 1500) ?? ''}\n${result.stderr?.toString().trim().slice(0, 500) ?? ''}`;
    throw new Error(`${command.label}: ${[command.command, ...command.args].join(' ')} failed (status ${String(result.status)}): ${result.error?.message ?? stderr}`);
  }
  return elapsed;
}

export function timeInterleaved(commands: readonly TimedCommand[], runs: number, warmups = 3): Timing[] {
  for (let round = 0; round < warmups; round++) for (const command of commands) timeOnce(command);
  const samples = commands.map(() => [] as number[]);
  for (let round = 0; round < runs; round++) {
    commands.forEach((command, index) => samples[index]?.push(timeOnce(command)));
  }
  return commands.map((command, index) => {
    const own = samples[index] ?? [];
    return { label: command.label, samplesMs: own, ...summarise(own) };
  });
}

export function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}
