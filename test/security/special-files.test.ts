/**
 * Special files where a credential file should be: a FIFO, a socket or a device in $HOME,
 * $DOCKER_CONFIG, the current directory or named with --config / --pull-secret. Opening a FIFO
 * for reading waits for a writer forever, so every command must refuse it at once with the
 * path (exit 2) or not read it at all — the real CLI, each run with a safety kill it must never need.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from './support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'regauth-special-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

function fifoAt(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

function home(): string {
  const dir = join(root, `home-${++counter}`);
  mkdirSync(join(dir, '.docker'), { recursive: true });
  return dir;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...extra };
  return env;
}

async function run(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<CliResult> {
  const result = await runCli(args, { env, killAfterMs: 20_000, ...(cwd === undefined ? {} : { cwd }) });
  assert.equal(result.killed, false, `regauth ${args.join(' ')} waited on a special file`);
  return result;
}

function assertRefused(result: CliResult, path: string): void {
  assert.equal(result.code, 2, `exit code; stderr: ${result.stderr}`);
  assert.ok(result.stderr.includes(path), `the error names ${path}: ${result.stderr}`);
  assert.match(result.stderr, /not a regular file/);
}

describe('special files are never waited on', () => {
  test('a FIFO as ~/.docker/config.json: resolve and ls refuse it with the path', async () => {
    const dir = home();
    const fifo = fifoAt(join(dir, '.docker', 'config.json'));
    const env = baseEnv({ HOME: dir });
    assertRefused(await run(['resolve', 'alice/app', '--client', 'docker'], env), fifo);
    assertRefused(await run(['ls'], env), fifo);
  });

  test('a FIFO in $DOCKER_CONFIG and given with --config / --pull-secret', async () => {
    const dir = home();
    const dockerConfig = join(dir, 'dc');
    mkdirSync(dockerConfig);
    const fifo = fifoAt(join(dockerConfig, 'config.json'));
    assertRefused(await run(['resolve', 'alice/app', '--client', 'docker'], baseEnv({ HOME: dir, DOCKER_CONFIG: dockerConfig })), fifo);
    const given = fifoAt(join(dir, 'given.json'));
    assertRefused(await run(['resolve', 'alice/app', '--config', given], baseEnv({ HOME: dir })), given);
    assertRefused(await run(['resolve', 'alice/app', '--client', 'kubelet', '--pull-secret', given], baseEnv({ HOME: dir })), given);
  });

  test('a character device given with --config is refused', async () => {
    assertRefused(await run(['resolve', 'alice/app', '--config', '/dev/zero'], baseEnv({ HOME: home() })), '/dev/zero');
  });

  test('doctor --offline and fix --dry-run refuse a FIFO as the config with its path', async () => {
    const dir = home();
    const path = join(dir, '.docker', 'config.json');
    fifoAt(path);
    const env = baseEnv({ HOME: dir, XDG_CACHE_HOME: join(dir, 'cache') });
    assertRefused(await run(['doctor', '--offline'], env), path);
    assertRefused(await run(['fix', '--dry-run'], env), path);
  });

  test('the kubelet model does not read ./config.json (FIFO or file) of the current directory', async () => {
    const dir = home();
    const shared = join(root, `shared-${++counter}`);
    mkdirSync(shared);
    fifoAt(join(shared, 'config.json'));
    const env = baseEnv({ HOME: dir });
    const withFifo = await run(['resolve', 'alice/app', '--client', 'kubelet', '--json'], env, shared);
    assert.equal(withFifo.code === 0 || withFifo.code === 1, true, withFifo.stderr);

    const planted = join(root, `planted-${++counter}`);
    mkdirSync(planted);
    const auth = Buffer.from('mallory:planted').toString('base64');
    writeFileSync(join(planted, 'config.json'), JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth } } }));
    const result = await run(['resolve', 'alice/app', '--client', 'kubelet', '--json'], env, planted);
    const json = JSON.parse(result.stdout) as { results: Array<{ username: string | null; trace: Array<{ tried?: string; why: string }> }> };
    assert.equal(json.results[0]?.username ?? null, null, 'the planted ./config.json was used');
    assert.ok(json.results[0]?.trace.some((step) => step.tried === './config.json'), 'the trace says what a node would read');
  });
});
