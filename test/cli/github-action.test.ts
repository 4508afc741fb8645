import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../testbed/process.js';
import { seedConfig } from './support.js';
import { envWith, scratchDir, seededHome } from './support/scratch.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'github-action.mjs');

/** The environment a GitHub runner gives the action's step (composite inputs passed as INPUT_*). */
function runnerEnv(workspace: string, extra: Record<string, string>): Record<string, string> {
  const files = { GITHUB_STEP_SUMMARY: join(workspace, '..', 'summary.md'), GITHUB_OUTPUT: join(workspace, '..', 'output.txt') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  return { GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: workspace, RUNNER_TEMP: join(workspace, '..'), ...files, ...extra };
}

/** A runner's PATH with regauth on it, as the action's install step leaves it. */
function pathWithRegauth(): string {
  const bin = scratchDir('bin');
  symlinkSync(join(ROOT, 'bin', 'regauth.js'), join(bin, 'regauth'));
  return `${bin}:${process.env['PATH'] ?? ''}`;
}

// --offline keeps the registry out: what is tested is how the script turns doctor's report into workflow commands
test('github action: the seed case becomes an ::error annotation at the config line, a summary and outputs; exit 1', async () => {
  const { home, configDir } = seededHome('action');
  const configPath = join(configDir, 'config.json');
  const workspace = join(scratchDir('runner'), 'work');
  await run('mkdir', ['-p', workspace]);
  const env = runnerEnv(workspace, { HOME: home, INPUT_IMAGE: 'alice/app', INPUT_PUSH: 'true', INPUT_ARGS: '--offline --timeout 20' });
  const result = await run(process.execPath, [SCRIPT], { env: envWith({ ...env, PATH: pathWithRegauth() }), timeoutMs: 120_000 });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  const lines = result.stdout.trim().split('\n');
  const hubKey = lines.find((line) => line.includes('title=regauth docker-hub-key-ignored'));
  const escapedPath = configPath.replaceAll(':', '%3A').replaceAll(',', '%2C');
  assert.equal(hubKey?.slice(0, hubKey.indexOf('::', 2) + 2), `::error file=${escapedPath},line=3,title=regauth docker-hub-key-ignored::`);
  assert.match(hubKey ?? '', /Docker ignores the Docker Hub key "docker\.io"\. .* Fix: regauth fix$/);
  assert.ok(lines.every((line) => /^::(error|warning|notice) [^\n]*::/.test(line)), result.stdout);
  assert.match(readFileSync(env['GITHUB_OUTPUT']!, 'utf8'), /^errors=[1-9]\d*\nwarnings=\d+\n$/);
  assert.match(readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8'), /\| error \| `docker-hub-key-ignored` \|/);
});

test('github action: a file inside the workspace is annotated by its repository path; a clean setup passes with no annotations', async () => {
  const workspace = join(scratchDir('runner'), 'work');
  await run('mkdir', ['-p', join(workspace, 'ci')]);
  const config = join(workspace, 'ci', 'config.json');
  writeFileSync(config, seedConfig(Buffer.from('alice:s3cr3t').toString('base64')), { mode: 0o600 });
  const path = pathWithRegauth();
  const env = runnerEnv(workspace, { HOME: scratchDir('home'), INPUT_PUSH: 'false', INPUT_ARGS: `--offline --config ${config}` });
  const result = await run(process.execPath, [SCRIPT], { env: envWith({ ...env, PATH: path }), timeoutMs: 120_000 });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /^::error file=ci\/config\.json,line=3,title=regauth docker-hub-key-ignored::/m);

  const clean = scratchDir('clean');
  await run('mkdir', ['-m', '700', join(clean, '.docker')]);
  writeFileSync(join(clean, '.docker', 'config.json'), `{"auths":{"https://index.docker.io/v1/":{"auth":"${Buffer.from('alice:s3cr3t').toString('base64')}"}}}\n`, { mode: 0o600 });
  const passed = await run(process.execPath, [SCRIPT], {
    env: envWith({ ...runnerEnv(workspace, { HOME: clean, INPUT_IMAGE: 'alice/app', INPUT_PUSH: 'true', INPUT_ARGS: '--offline' }), PATH: path }),
    timeoutMs: 120_000,
  });
  assert.equal(passed.code, 0, passed.stdout + passed.stderr);
  assert.doesNotMatch(passed.stdout, /^::error/m);
});
