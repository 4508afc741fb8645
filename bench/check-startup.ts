/**
 * `regauth check IMAGE` and `check --push IMAGE` against registries that answer at once (the
 * testbed's offline Docker Hub with its token server, and its htpasswd registry, no delay):
 * what everything but the round trips costs, as a multiple of `node -e 0`. Targets: pull at
 * most 2.0×, push at most 2.3×. Each round runs `node -e 0` and every check back to back; the
 * ratios are taken round by round and their median reported.
 *
 *   node bench/run.mjs check-startup      (BENCH_RUNS rounds, default 20)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestbedDescriptor } from '../test/testbed/descriptor.js';
import { copyBuiltCli } from './support/cli-copy.js';
import { summarise, type TimedCommand, type Timing } from './support/measure.js';
import { medianRatio } from './support/peak.js';
import { machineLine, table, timeCell, writeSection } from './support/report.js';
import { pointHosts, programEnv, regauthArgs, runProgram, tempDir } from './support/testbed.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 20);
const TARGETS = { pull: 2.0, push: 2.3 };

interface Row {
  timing: Timing;
  ratio: number | null;
  target: number | null;
}

/**
 * Like timeInterleaved, but the children run while this process's event loop goes on: the
 * testbed's token server lives in this process and must answer them.
 */
async function timeInterleavedAsync(commands: readonly TimedCommand[], runs: number, warmups: number): Promise<Timing[]> {
  const samples = commands.map(() => [] as number[]);
  for (let round = 0; round < warmups + runs; round++) {
    for (const [index, command] of commands.entries()) {
      const run = await runProgram(command.command, command.args, command.env ?? process.env);
      if (!(command.okCodes ?? [0]).includes(run.code ?? -1)) throw new Error(`${command.label} ended ${String(run.code)}:\n${run.stdout}\n${run.stderr}`);
      if (round >= warmups) samples[index]?.push(run.wallMs);
    }
  }
  return commands.map((command, index) => ({ label: command.label, samplesMs: samples[index] ?? [], ...summarise(samples[index] ?? []) }));
}

export async function runCheckStartupBench(descriptor: TestbedDescriptor): Promise<void> {
  const cli = copyBuiltCli({ bundle: true });
  try {
    pointHosts(descriptor, {});
    const alice = descriptor.users.find((user) => user.name === 'alice');
    if (alice === undefined) throw new Error('testbed has no user alice');
    const auth = Buffer.from(`${alice.name}:${alice.password}`).toString('base64');
    const myreg = descriptor.registries.myreg;
    const configFile = join(tempDir(descriptor, 'check-startup'), 'config.json');
    writeFileSync(configFile, `${JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth }, [myreg.host]: { auth } } }, null, 2)}\n`);
    const env = programEnv(descriptor);
    const node = process.execPath;
    const check = (label: string, image: string, push: boolean): TimedCommand => ({
      label,
      command: node,
      args: regauthArgs(cli.bin, ['check', image, ...(push ? ['--push'] : []), '--config', configFile]),
      env,
      // htpasswd registries authorise nobody to push: that check ends 1, which is its answer
      okCodes: push ? [0, 1] : [0],
    });
    const commands: TimedCommand[] = [
      { label: 'node -e 0', command: node, args: ['-e', '0'], env },
      check('Docker Hub: `regauth check IMAGE`', 'docker.io/alice/app', false),
      check('Docker Hub: `regauth check --push IMAGE`', 'docker.io/alice/app', true),
      check('htpasswd registry: `regauth check IMAGE`', `${myreg.host}/app`, false),
      check('htpasswd registry: `regauth check --push IMAGE`', `${myreg.host}/app`, true),
    ];
    // each check must give its answer before it is timed
    for (const command of commands.slice(1)) {
      const run = await runProgram(command.command, [...command.args, '--json'], env);
      if (!(command.okCodes ?? [0]).includes(run.code ?? -1)) throw new Error(`${command.label} ended ${String(run.code)}:\n${run.stdout}\n${run.stderr}`);
    }
    const timings = await timeInterleavedAsync(commands, RUNS, 2);
    const baseline = timings[0] as Timing;
    const rows: Row[] = timings.map((timing, index) => {
      if (index === 0) return { timing, ratio: null, target: null };
      const push = timing.label.includes('--push');
      return { timing, ratio: medianRatio(timing.samplesMs, baseline.samplesMs), target: push ? TARGETS.push : TARGETS.pull };
    });
    for (const row of rows) process.stdout.write(`${row.timing.label.padEnd(48)} ${timeCell(row.timing)} ${row.ratio === null ? '' : `${row.ratio.toFixed(2)}×`}\n`);
    writeSection(
      'check-startup',
      [
        '## `regauth check` against registries that answer at once',
        '',
        `\`node bench/run.mjs check-startup\`: inside the testbed, no delay added; ${RUNS} rounds after 2 warm-up rounds, each running every`,
        'command once, back to back. *Over `node -e 0`* is the median of the per-round ratios. The config holds alice\'s',
        'credentials for both registries; the htpasswd registry authorises nobody to push, so its `--push` check ends 1.',
        '',
        table(
          ['command', 'wall time', 'over `node -e 0`', 'target'],
          rows.map((row) => [row.timing.label, timeCell(row.timing), row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`, row.target === null ? '—' : `≤ ${row.target.toFixed(1)}× ${row.ratio !== null && row.ratio <= row.target ? 'met' : 'missed'}`]),
        ),
        '',
        machineLine(),
      ].join('\n'),
    );
  } finally {
    cli.remove();
  }
}
