import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type RunResult } from '../testbed/process.js';
import { startPluginDaemon } from './support/plugin-daemon.js';
import { envWith, regauthIn, scratchDir, seededHome } from './support/scratch.js';

/**
 * The real Docker CLI 28.2 runs hooks only when its stdout is a terminal (`script` gives it one)
 * and DOCKER_CLI_HOOKS / DOCKER_CLI_HINTS do not turn them off (the testbed sets HINTS=false).
 */
function dockerOnTerminal(args: readonly string[], env: Record<string, string>): Promise<RunResult> {
  const command = ['docker', ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  return run('script', ['-qefc', command, '/dev/null'], { env: envWith({ ...env, DOCKER_CLI_HINTS: undefined }), timeoutMs: 60_000 });
}

function docker(args: readonly string[], env: Record<string, string>): Promise<RunResult> {
  return run('docker', args, { env: envWith(env), timeoutMs: 60_000 });
}

function regauth(args: readonly string[], options: { env: Record<string, string> }): Promise<RunResult> {
  return regauthIn(args, envWith(options.env));
}

test('docker-plugin install: the real Docker CLI lists "docker regauth", runs it, and passes --config DIR', async () => {
  const { home, configDir } = seededHome('plugin');
  const env = { HOME: home };
  const installed = await regauth(['docker-plugin', 'install'], { env });
  assert.equal(installed.code, 0, installed.stderr);
  const pluginFile = join(configDir, 'cli-plugins', 'docker-regauth');
  assert.ok(existsSync(pluginFile));

  const help = await docker(['--help'], env);
  assert.match(help.stdout, /^\s+regauth\*\s+Which credentials docker sends, checked and explained$/m);
  const metadata = await run(pluginFile, ['docker-cli-plugin-metadata'], { env: envWith(env) });
  assert.deepEqual(Object.keys(JSON.parse(metadata.stdout) as object), ['SchemaVersion', 'Vendor', 'Version', 'ShortDescription', 'URL']);

  const resolved = await docker(['regauth', 'resolve', 'alice/app', '--json'], env);
  assert.equal(resolved.code, 0, resolved.stderr);
  const json = JSON.parse(resolved.stdout) as { schemaVersion: number; results: Array<{ client: string; username: string | null; configFile: string | null }> };
  assert.equal(json.schemaVersion, 1);
  assert.equal(json.results.find((result) => result.client === 'podman')?.username, 'alice');

  // Docker's own `--config DIR` names the directory: plugins and config.json are found there
  const other = { configDir: join(scratchDir('other'), '.docker') };
  await run('mkdir', ['-m', '700', other.configDir]);
  writeFileSync(join(other.configDir, 'config.json'), `{"auths":{"https://index.docker.io/v1/":{"auth":"${Buffer.from('bob:pw').toString('base64')}"}}}\n`, { mode: 0o600 });
  assert.equal((await regauth(['docker-plugin', 'install', '--config', other.configDir], { env })).code, 0);
  const viaConfig = await docker(['--config', other.configDir, '-l', 'error', 'regauth', 'resolve', 'alice/app', '--client', 'docker', '--json'], env);
  assert.equal(viaConfig.code, 0, viaConfig.stderr);
  const docker2 = (JSON.parse(viaConfig.stdout) as { results: Array<{ username: string | null; configFile: string }> }).results[0];
  assert.equal(docker2?.username, 'bob');
  assert.equal(docker2?.configFile, join(other.configDir, 'config.json'));

  const removed = await regauth(['docker-plugin', 'uninstall'], { env });
  assert.equal(removed.code, 0, removed.stderr);
  assert.ok(!existsSync(pluginFile));
  const helpAfter = await docker(['--help'], env);
  assert.doesNotMatch(helpAfter.stdout, /^\s+regauth/m, helpAfter.stdout);
  const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { plugins?: Record<string, unknown>; auths: Record<string, unknown> };
  assert.deepEqual(config.plugins, {});
  assert.ok('docker.io' in config.auths, 'the logins are untouched');
});

test('docker-plugin hook: a push the registry refuses gets one line from regauth; the fix it names works; success says nothing', async () => {
  const { home, configDir } = seededHome('hook');
  const daemon = await startPluginDaemon(scratchDir('daemon'));
  try {
    const env = { HOME: home, DOCKER_HOST: daemon.host };
    assert.equal((await regauth(['docker-plugin', 'install'], { env })).code, 0);

    daemon.pushOutcome = { kind: 'denied', message: 'unauthorized: authentication required' };
    const failed = await dockerOnTerminal(['push', 'alice/app'], env);
    assert.equal(failed.code, 1, failed.stdout);
    assert.ok(daemon.requests.some((request) => request.method === 'POST' && request.path.endsWith('/images/docker.io/alice/app/push')), JSON.stringify(daemon.requests));
    const lines = failed.stdout.split(/\r?\n/);
    const regauthLines = lines.filter((line) => line.includes('regauth'));
    assert.deepEqual(regauthLines.map((line) => line.trim()), [
      'regauth: docker sent no credentials for docker.io: key "docker.io" at ~/.docker/config.json:3 is not read by docker (podman reads it); run "docker regauth fix"',
    ], failed.stdout);
    assert.match(failed.stdout, /What's next:/);

    // the hint, followed through the real CLI: afterwards docker sends alice's credentials
    const fixed = await docker(['regauth', 'fix', '--yes'], env);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    daemon.pushOutcome = { kind: 'pushed' };
    daemon.requests.length = 0;
    const pushed = await dockerOnTerminal(['push', 'alice/app'], env);
    assert.equal(pushed.code, 0, pushed.stdout);
    const push = daemon.requests.find((request) => request.method === 'POST');
    assert.equal(push?.registryAuth?.['username'], 'alice');
    assert.doesNotMatch(pushed.stdout, /regauth|What's next/);
    assert.ok(readFileSync(join(configDir, 'config.json'), 'utf8').includes('https://index.docker.io/v1/'));
  } finally {
    await daemon.close();
  }
});
