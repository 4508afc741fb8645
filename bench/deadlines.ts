/**
 * How long commands wait for things that never answer.
 *
 * - A registry that accepts TCP connections and never says a word: `regauth check` and
 *   `regauth doctor` with their default deadline (one number, `--timeout`, 5 s) end by
 *   themselves with exit 1 and a `timeout` problem, although a loopback registry is tried twice
 *   (https, then plain http). Target: within 5 s (plus start-up).
 * - Credential helpers that hang: `doctor --offline` over N registries × M keys whose helpers
 *   never answer, against one registry with one such key. Target: at most 1.5× the single
 *   item's time (the helpers are asked together under one deadline, and a helper that timed
 *   out is not asked again), never N×M helper timeouts.
 *
 *   node bench/run.mjs deadlines      (BENCH_DEADLINE_RUNS rounds, default 3)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testHelperScript } from '../test/testbed/helper-script.js';
import { copyBuiltCli } from './support/cli-copy.js';
import { timeInterleaved, type TimedCommand, type Timing } from './support/measure.js';
import { medianRatio } from './support/peak.js';
import { machineLine, table, timeCell, writeSection } from './support/report.js';
import { cleanEnv } from './startup.js';

const RUNS = Number(process.env['BENCH_DEADLINE_RUNS'] ?? 3);
const DEFAULT_DEADLINE_S = 5;
const HELPER_TIMEOUT_S = 2;
const REGISTRIES = 10;
const HELPERS = ['stuck-a', 'stuck-b', 'stuck-c'];
const HELPER_TARGET = 1.5;

/** Accepts connections (the kernel does, even while this process waits for a child) and never answers. */
function silentServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.on('error', () => undefined));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

function homeWith(config: unknown): string {
  const home = mkdtempSync(join(tmpdir(), 'regauth-bench-deadline-'));
  mkdirSync(join(home, '.docker'));
  writeFileSync(join(home, '.docker', 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  mkdirSync(join(home, 'run'), { mode: 0o700 });
  return home;
}

export async function runDeadlinesBench(): Promise<void> {
  const cli = copyBuiltCli({ bundle: true });
  const { server, port } = await silentServer();
  const homes: string[] = [];
  try {
    const registry = `127.0.0.1:${port}`;
    const auth = Buffer.from('alice:bench-password').toString('base64');
    const silentHome = homeWith({ auths: { [registry]: { auth } } });
    homes.push(silentHome);
    const node = process.execPath;
    const silent: TimedCommand[] = [
      { label: `\`regauth check ${'127.0.0.1:PORT/app'}\``, command: node, args: [cli.bin, 'check', `${registry}/app`], env: cleanEnv(silentHome), cwd: silentHome, okCodes: [1] },
      { label: '`regauth doctor`', command: node, args: [cli.bin, 'doctor'], env: cleanEnv(silentHome), cwd: silentHome, okCodes: [1] },
    ];
    const silentTimings = timeInterleaved(silent, RUNS, 0);

    const helperDir = mkdtempSync(join(tmpdir(), 'regauth-bench-helpers-'));
    homes.push(helperDir);
    for (const name of HELPERS) testHelperScript(helperDir, name, { mode: 'hang' });
    const many: Record<string, string> = {};
    for (let index = 0; index < REGISTRIES; index++) {
      for (const name of HELPERS) many[`reg${index}-${name}.example.test`] = name;
    }
    const oneHome = homeWith({ auths: {}, credHelpers: { 'reg0.example.test': HELPERS[0] } });
    const manyHome = homeWith({ auths: {}, credHelpers: many });
    homes.push(oneHome, manyHome);
    const withHelpers = (home: string): NodeJS.ProcessEnv => ({ ...cleanEnv(home), PATH: `${helperDir}:${process.env['PATH'] ?? ''}` });
    const doctorIn = (home: string, label: string): TimedCommand => ({
      label,
      command: node,
      args: [cli.bin, 'doctor', '--offline', '--helper-timeout', String(HELPER_TIMEOUT_S)],
      env: withHelpers(home),
      cwd: home,
      // the failing helpers are findings
      okCodes: [0, 1],
    });
    const [one, all] = timeInterleaved([doctorIn(oneHome, '1 registry × 1 hung helper key'), doctorIn(manyHome, `${REGISTRIES} registries × ${HELPERS.length} hung helper keys (${HELPERS.length} helpers)`)], RUNS, 0) as [Timing, Timing];
    const ratio = medianRatio(all.samplesMs, one.samplesMs);
    for (const timing of [...silentTimings, one, all]) process.stdout.write(`${timing.label.padEnd(60)} ${timeCell(timing)}\n`);
    process.stdout.write(`hung helpers: ${ratio.toFixed(2)}× one item\n`);

    const deadlineMs = DEFAULT_DEADLINE_S * 1000;
    writeSection(
      'deadlines',
      [
        '## Deadlines: a silent registry, hung credential helpers',
        '',
        `\`node bench/run.mjs deadlines\`: ${RUNS} runs per row. A registry at 127.0.0.1 that accepts TCP connections and never`,
        `answers; regauth runs with its default deadline (\`--timeout\`, ${DEFAULT_DEADLINE_S} s), and being a loopback registry it is tried over`,
        'https, then plain http: both attempts share the deadline. Both commands end with exit 1 and a `timeout` problem',
        'that names the phase (here: the TLS handshake, then the first byte).',
        '',
        table(['command', 'wall time', `within ${DEFAULT_DEADLINE_S} s + start-up`], silentTimings.map((timing) => [timing.label, timeCell(timing), timing.maxMs <= deadlineMs + 1000 ? 'yes' : `no (max ${Math.round(timing.maxMs)} ms)`])),
        '',
        `\`regauth doctor --offline --helper-timeout ${HELPER_TIMEOUT_S}\` where every \`credHelpers\` key names a helper that never answers:`,
        '',
        table(['config', 'wall time'], [one, all].map((timing) => [timing.label, timeCell(timing)])),
        '',
        `- ${REGISTRIES * HELPERS.length} hung keys take ${ratio.toFixed(2)}× the time of one (median of per-round ratios); one after another they would take`,
        `  about ${REGISTRIES * HELPERS.length} helper timeouts. Target (at most ${HELPER_TARGET}×) ${ratio <= HELPER_TARGET ? 'met' : 'missed'}.`,
        '',
        machineLine(),
      ].join('\n'),
    );
  } finally {
    cli.remove();
    server.close();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  }
}
