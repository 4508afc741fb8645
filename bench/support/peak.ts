/**
 * Runs with their peak memory: each command runs under `/usr/bin/time -f %M` (the maximum
 * resident set size, KiB, from wait4), its wall time measured around it. Commands of one
 * round run back to back, so ratios between them are taken round by round (median of the
 * per-round ratios): a busy moment of the shared machine hits both sides of a ratio alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarise, type Summary, type TimedCommand } from './measure.js';

export const TIME_BINARY = '/usr/bin/time';

export interface PeakSample {
  wallMs: number;
  peakKiB: number;
}

export function runWithPeak(command: TimedCommand): PeakSample {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-bench-peak-'));
  const out = join(dir, 'time');
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(TIME_BINARY, ['-f', '%M', '-o', out, command.command, ...command.args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: command.env ?? process.env,
      ...(command.cwd === undefined ? {} : { cwd: command.cwd }),
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const ok = command.okCodes ?? [0];
    if (result.error !== undefined || result.status === null || !ok.includes(result.status)) {
      throw new Error(`${command.label}: ${[command.command, ...command.args].join(' ')} failed (status ${String(result.status)}): ${result.error?.message ?? result.stderr.toString().slice(0, 500)}`);
    }
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    return { wallMs, peakKiB: Number(lines[lines.length - 1]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PeakTiming {
  label: string;
  samples: PeakSample[];
  wall: Summary;
  peak: Summary;
}

/** `runs` rounds (after `warmups`), every command once per round, in order. */
export function peakInterleaved(commands: readonly TimedCommand[], runs: number, warmups = 1): PeakTiming[] {
  for (let round = 0; round < warmups; round++) for (const command of commands) runWithPeak(command);
  const samples = commands.map(() => [] as PeakSample[]);
  for (let round = 0; round < runs; round++) commands.forEach((command, index) => samples[index]?.push(runWithPeak(command)));
  return commands.map((command, index) => {
    const own = samples[index] ?? [];
    return { label: command.label, samples: own, wall: summarise(own.map((s) => s.wallMs)), peak: summarise(own.map((s) => s.peakKiB)) };
  });
}

/** Median over rounds of `numerator / denominator` (samples of the same rounds). */
export function medianRatio(numerator: readonly number[], denominator: readonly number[]): number {
  const ratios = numerator.map((value, index) => value / (denominator[index] ?? Number.NaN)).filter((ratio) => Number.isFinite(ratio));
  return summarise(ratios).medianMs;
}

export function mib(kib: number): string {
  return `${(kib / 1024).toFixed(1)} MiB`;
}
