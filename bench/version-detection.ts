/**
 * The cost of knowing which Docker CLI is installed: `regauth resolve` CPU time (user + system,
 * which load on the machine barely changes, unlike wall time) with the detection cached, with
 * it uncached (`docker --version` on every run), and — with BENCH_BASE_SOURCE naming a build of
 * the previous release — without any detection at all.
 *
 *   BENCH_BASE_SOURCE=/path/to/old/checkout node bench/run.mjs version
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyBuiltCli } from './support/cli-copy.js';
import { machineLine, table, writeSection } from './support/report.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 30);

interface CpuTiming {
  label: string;
  /** user + system CPU milliseconds per run, of the process and its children */
  cpuMs: number;
}

/** Runs the command RUNS times in one shell and reads the children's CPU time from `times`. */
function cpuPerRun(label: string, command: string, env: NodeJS.ProcessEnv): CpuTiming {
  const script = `for i in $(seq ${RUNS}); do ${command} >/dev/null 2>&1; done; times`;
  const result = spawnSync('bash', ['-c', script], { env, encoding: 'utf8' });
  const lines = result.stdout.trim().split('\n');
  const children = lines[lines.length - 1] ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, match) => sum + Number(match[1]) * 60 + Number(match[2]), 0);
  return { label, cpuMs: (seconds * 1000) / RUNS };
}

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-bench-version-'));
  mkdirSync(join(dir, '.docker'));
  writeFileSync(join(dir, '.docker', 'config.json'), JSON.stringify({ auths: { 'myreg.example.test': { auth: Buffer.from('alice:pw').toString('base64') } } }));
  return dir;
}

export function runVersionDetectionBench(): void {
  const cli = copyBuiltCli({ bundle: true });
  const base = process.env['BENCH_BASE_SOURCE'];
  const baseCli = base === undefined ? null : copyBuiltCli({ bundle: true, source: base });
  const dir = home();
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', HOME: dir, XDG_RUNTIME_DIR: dir, XDG_CONFIG_HOME: join(dir, '.config') };
  const node = process.execPath;
  try {
    // the first run fills the cache
    spawnSync(node, [cli.bin, 'resolve', 'myreg.example.test/app'], { env });
    const timings = [
      cpuPerRun('node -e 0', `${node} -e 0`, env),
      cpuPerRun('docker --version', 'docker --version', env),
      ...(baseCli === null ? [] : [cpuPerRun('regauth resolve IMAGE, previous release (no detection)', `${node} ${baseCli.bin} resolve myreg.example.test/app`, env)]),
      cpuPerRun('regauth resolve IMAGE, detection cached', `${node} ${cli.bin} resolve myreg.example.test/app`, env),
      cpuPerRun('regauth resolve IMAGE, cache unwritable (docker --version every run)', `${node} ${cli.bin} resolve myreg.example.test/app`, { ...env, XDG_CACHE_HOME: '/dev/null/regauth-bench' }),
    ];
    for (const timing of timings) process.stdout.write(`${timing.label.padEnd(70)} ${timing.cpuMs.toFixed(1)} ms CPU\n`);
    writeSection(
      'version',
      [
        '## Start-up with the installed Docker CLI detected',
        '',
        `\`node bench/run.mjs version\`: CPU time (user + system, the process and its children) per run, averaged over ${RUNS} runs in one shell;`,
        'CPU time rather than wall time because the machine was shared and heavily loaded while this was measured.',
        'The release is detected with `docker --version` (client only, no daemon) and cached in `~/.cache/regauth` by the',
        "binary's path, size and mtime; the first run fills the cache.",
        '',
        table(['command', 'CPU per run'], timings.map((timing) => [`\`${timing.label}\``, `${timing.cpuMs.toFixed(1)} ms`])),
        '',
        machineLine(),
      ].join('\n'),
    );
  } finally {
    cli.remove();
    baseCli?.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}
