/**
 * How `resolve`, `ls` and `doctor --offline` grow with the size of ~/.docker/config.json:
 * wall time and peak memory over 1, 10, 100, 1,000 and 10,000 entries, with the slope; and the
 * target for `resolve`: on 5,001 entries at most 1.5× its time and peak memory on 1 entry
 * (medians of the ratios of runs made back to back).
 *
 *   node bench/run.mjs scaling      (BENCH_SCALING_RUNS, default 3; 10,000 entries: BENCH_SCALING_LARGE_RUNS, default 1)
 */
import { rmSync } from 'node:fs';
import type { TimedCommand } from './support/measure.js';
import { copyBuiltCli } from './support/cli-copy.js';
import { medianRatio, mib, peakInterleaved, type PeakTiming } from './support/peak.js';
import { machineLine, table, timeCell, writeSection } from './support/report.js';
import { IMAGE_HOST, cleanEnv, homeWithConfig } from './startup.js';

const SIZES = [1, 10, 100, 1000, 10000];
const RUNS = Number(process.env['BENCH_SCALING_RUNS'] ?? 3);
const LARGE_RUNS = Number(process.env['BENCH_SCALING_LARGE_RUNS'] ?? 1);
const TARGET_RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const TARGET_ENTRIES = 5001;
const TARGET_RATIO = 1.5;

interface Verb {
  label: string;
  args: string[];
}

const VERBS: Verb[] = [
  { label: 'resolve IMAGE', args: ['resolve', `${IMAGE_HOST}/app`] },
  { label: 'ls', args: ['ls'] },
  { label: 'doctor --offline', args: ['doctor', '--offline'] },
];

function commandsFor(home: string, bin: string, entries: number): TimedCommand[] {
  const env = cleanEnv(home);
  return VERBS.map((verb) => ({
    label: `${verb.label} (${entries})`,
    command: process.execPath,
    args: [bin, ...verb.args],
    env,
    cwd: home,
    // doctor exits 1 when it finds something
    okCodes: [0, 1],
  }));
}

/** Exponent of growth between 1,000 and 10,000 entries, the fixed cost (1 entry) taken off: 1 is linear, 2 quadratic. */
function exponent(at1: number, at1000: number, at10000: number): string {
  const small = at1000 - at1;
  const large = at10000 - at1;
  if (small <= 0 || large <= 0) return '—';
  return Math.log10(large / small).toFixed(2);
}

function section(bySize: Map<number, PeakTiming[]>, targetRound: { time: number; memory: number; small: PeakTiming; large: PeakTiming }): string {
  const rows: string[][] = [];
  const slopes: string[][] = [];
  for (const [index, verb] of VERBS.entries()) {
    const timings = SIZES.map((size) => bySize.get(size)?.[index]);
    rows.push([`\`regauth ${verb.label}\``, ...timings.map((timing) => (timing === undefined ? '—' : `${timeCell(timing.wall)}<br>${mib(timing.peak.medianMs)}`))]);
    const [one, , , thousand, tenThousand] = timings;
    if (one && thousand && tenThousand) {
      slopes.push([
        `\`regauth ${verb.label}\``,
        `${((tenThousand.wall.medianMs - thousand.wall.medianMs) / 9).toFixed(1)} ms`,
        exponent(one.wall.medianMs, thousand.wall.medianMs, tenThousand.wall.medianMs),
        `${((tenThousand.peak.medianMs - thousand.peak.medianMs) / 9000).toFixed(1)} KiB`,
        exponent(one.peak.medianMs, thousand.peak.medianMs, tenThousand.peak.medianMs),
      ]);
    }
  }
  const met = (ratio: number): string => (ratio <= TARGET_RATIO ? 'met' : 'missed');
  return [
    '## Scaling: `resolve`, `ls` and `doctor --offline` over the size of config.json',
    '',
    `\`node bench/run.mjs scaling\`: a \`~/.docker/config.json\` with N \`auths\` entries (the looked-up registry last);`,
    `each cell is the median wall time (min–max) and below it the median peak memory (maximum resident set size);`,
    `${RUNS} runs per cell (10,000 entries: ${LARGE_RUNS}), the commands of one size interleaved.`,
    '',
    table(['command', ...SIZES.map((size) => `${size.toLocaleString('en')} entries`)], rows),
    '',
    'Slope between 1,000 and 10,000 entries: time and memory per 1,000 more entries, and the growth exponent',
    '(log₁₀ of how much the cost above the 1-entry run grows from 1,000 to 10,000 entries: 1 is linear, 2 quadratic).',
    '',
    table(['command', 'time per 1,000 entries', 'time exponent', 'memory per entry', 'memory exponent'], slopes),
    '',
    `Target: \`regauth resolve IMAGE\` on ${TARGET_ENTRIES.toLocaleString('en')} entries takes at most ${TARGET_RATIO}× the time and peak memory of the`,
    `same on 1 entry. ${TARGET_RUNS} rounds, each running both back to back; medians of the per-round ratios:`,
    '',
    table(
      ['config', 'wall time', 'peak memory'],
      [
        ['1 entry', timeCell(targetRound.small.wall), mib(targetRound.small.peak.medianMs)],
        [`${TARGET_ENTRIES.toLocaleString('en')} entries`, timeCell(targetRound.large.wall), mib(targetRound.large.peak.medianMs)],
      ],
    ),
    '',
    `- time: ${targetRound.time.toFixed(2)}× — target ${met(targetRound.time)}; peak memory: ${targetRound.memory.toFixed(2)}× — target ${met(targetRound.memory)}.`,
    '',
    machineLine(),
  ].join('\n');
}

export function runScalingBench(): void {
  const cli = copyBuiltCli({ bundle: true });
  const homes = new Map<number, string>();
  try {
    const bySize = new Map<number, PeakTiming[]>();
    for (const size of SIZES) {
      const home = homeWithConfig(size);
      homes.set(size, home);
      const timings = peakInterleaved(commandsFor(home, cli.bin, size), size >= 10000 ? LARGE_RUNS : RUNS, size >= 10000 ? 0 : 1);
      for (const timing of timings) process.stdout.write(`${timing.label.padEnd(28)} ${timeCell(timing.wall)}  ${mib(timing.peak.medianMs)}\n`);
      bySize.set(size, timings);
    }
    const large = homeWithConfig(TARGET_ENTRIES);
    homes.set(TARGET_ENTRIES, large);
    const small = homes.get(1) as string;
    const resolveIn = (home: string, label: string): TimedCommand => ({ label, command: process.execPath, args: [cli.bin, 'resolve', `${IMAGE_HOST}/app`], env: cleanEnv(home), cwd: home });
    const [one, many] = peakInterleaved([resolveIn(small, 'resolve (1)'), resolveIn(large, `resolve (${TARGET_ENTRIES})`)], TARGET_RUNS) as [PeakTiming, PeakTiming];
    const time = medianRatio(many.samples.map((s) => s.wallMs), one.samples.map((s) => s.wallMs));
    const memory = medianRatio(many.samples.map((s) => s.peakKiB), one.samples.map((s) => s.peakKiB));
    process.stdout.write(`resolve ${TARGET_ENTRIES} / 1 entry: time ${time.toFixed(2)}×, peak memory ${memory.toFixed(2)}×\n`);
    writeSection('scaling', section(bySize, { time, memory, small: one, large: many }));
  } finally {
    cli.remove();
    for (const home of homes.values()) rmSync(home, { recursive: true, force: true });
  }
}
