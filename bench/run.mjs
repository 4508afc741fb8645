#!/usr/bin/env node
// Runs the benchmarks and rewrites their sections of docs/benchmarks.md.
//
//   node bench/run.mjs                      every bench (npm run bench)
//   node bench/run.mjs startup              one or more by name: startup, roundtrips, doctor, version,
//                                           scaling, deadlines, check-startup
//
// Compiles first (npx tsc -p .; BENCH_NO_BUILD=1 skips that). Benches that need registries run
// inside a throwaway testbed in a private network, mount and pid namespace (as root, like
// `npm test`); no traffic leaves it. BENCH_RUNS sets the repetitions of the start-up bench.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INSIDE_MARKER = 'REGAUTH_BENCH_NAMESPACE';
const DOCKER20 = join(ROOT, '.testbed', 'docker20', 'usr', 'bin', 'docker');

const BENCHES = {
  startup: { file: 'startup.js', run: 'runStartupBench', needsRegistries: false },
  roundtrips: { file: 'roundtrips.js', run: 'runRoundTripBench', needsRegistries: true },
  doctor: { file: 'doctor-fanout.js', run: 'runDoctorFanOutBench', needsRegistries: true },
  version: { file: 'version-detection.js', run: 'runVersionDetectionBench', needsRegistries: false },
  scaling: { file: 'scaling.js', run: 'runScalingBench', needsRegistries: false },
  deadlines: { file: 'deadlines.js', run: 'runDeadlinesBench', needsRegistries: false },
  'check-startup': { file: 'check-startup.js', run: 'runCheckStartupBench', needsRegistries: true },
};

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

async function load(name) {
  const bench = BENCHES[name];
  const module = await import(pathToFileURL(join(ROOT, 'dist', 'bench', bench.file)).href);
  return module[bench.run];
}

async function insideNamespace(names) {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-bench-'));
  const { startBenchTestbed } = await import(pathToFileURL(join(ROOT, 'dist', 'bench', 'support', 'testbed.js')).href);
  let testbed;
  const stop = async () => {
    await testbed?.stop().catch(() => undefined);
    if (process.env.REGAUTH_KEEP_TESTBED !== '1') rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop().then(() => process.exit(130)));
  let code = 0;
  try {
    testbed = await startBenchTestbed(dir, DOCKER20);
    for (const name of names) {
      process.stdout.write(`== ${name}\n`);
      await (await load(name))(testbed.descriptor);
    }
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    code = 1;
  }
  await stop();
  process.exit(code);
}

function reexecuteInNamespace(names) {
  if (process.getuid?.() !== 0) fail('registry benches must run as root: they create a network namespace');
  const child = spawn(
    'unshare',
    ['--net', '--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child=SIGTERM', '--mount-proc', '--', process.execPath, fileURLToPath(import.meta.url), ...names],
    { cwd: ROOT, env: { ...process.env, [INSIDE_MARKER]: '1', BENCH_NO_BUILD: '1' }, stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill('SIGKILL'));
  return new Promise((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
}

const names = process.argv.slice(2);
const selected = names.length === 0 ? Object.keys(BENCHES) : names;
const unknown = selected.filter((name) => !(name in BENCHES));
if (unknown.length > 0) fail(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);

if (process.env[INSIDE_MARKER] === '1') {
  await insideNamespace(selected);
} else {
  if (process.env.BENCH_NO_BUILD !== '1') {
    // others' type errors do not stop tsc from emitting; the benches only need dist/
    const built = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) process.stderr.write('bench: tsc reported errors; running the benches on what it emitted\n');
  }
  for (const name of selected.filter((name) => !BENCHES[name].needsRegistries)) {
    process.stdout.write(`== ${name}\n`);
    await (await load(name))();
  }
  const networked = selected.filter((name) => BENCHES[name].needsRegistries);
  if (networked.length > 0) process.exitCode = await reexecuteInNamespace(networked);
}
