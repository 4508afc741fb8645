/**
 * A private copy of the built CLI for benches: other builds in the work tree (tsc rewrites
 * dist/ and so makes the bundle stale) cannot change what is measured halfway through.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './report.js';

export interface CliCopy {
  dir: string;
  bin: string;
  remove(): void;
}

/** BENCH_CLI_SOURCE names another checkout to measure instead of this one (its node_modules is still ours). */
export function copyBuiltCli(options: { bundle: boolean; source?: string }): CliCopy {
  const source = options.source ?? process.env['BENCH_CLI_SOURCE'] ?? ROOT;
  const dir = mkdtempSync(join(tmpdir(), 'regauth-bench-cli-'));
  for (const part of ['package.json', 'bin', join('dist', 'src'), join('scripts', 'bundle.mjs')]) {
    cpSync(join(source, part), join(dir, part), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'docs'), { recursive: true });
  if (options.bundle) {
    const built = spawnSync(process.execPath, [join(dir, 'scripts', 'bundle.mjs')], { cwd: dir, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`scripts/bundle.mjs failed:\n${built.stderr}${built.stdout}`);
  }
  return { dir, bin: join(dir, 'bin', 'regauth.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
