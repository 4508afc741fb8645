import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../testbed/process.js';
import { cleanNpmEnv, packDirectory, startNpmRegistry } from './support/npm-registry.js';
import { envWith, scratchDir, seededHome } from './support/scratch.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test('npm pack ships the CLI, the library, its types, docs, schemas, man page and licence — no tests, fixtures or source maps', async () => {
  const result = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { env: cleanNpmEnv(process.env), timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  const files = (JSON.parse(result.stdout) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((entry) => entry.path) ?? [];
  for (const expected of [
    'LICENSE', 'README.md', 'package.json', 'man/regauth.1', 'docs/ci.md', 'docs/json/resolve.schema.json', 'docs/json/error.schema.json',
    'bin/regauth.js', 'bin/kubectl-regauth.js', 'bin/docker-regauth.js', 'bin/package.json', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/regauth.bundle.cjs', 'dist/src/cli/regauth-offline.bundle.cjs', 'dist/src/cli/regauth-registry.bundle.cjs', 'dist/src/cli/packages/yaml.cjs', 'dist/src/cli/main.js',
  ]) assert.ok(files.includes(expected), `${expected} missing from the package`);
  const unwanted = files.filter((file) => /\.test\.|test-support|\/fixtures\/|\.map$|\.v8cache$|^(src|test|bench|scripts)\/|^dist\/test\//.test(file));
  assert.deepEqual(unwanted, []);
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
});

test('npm install -g of the packed tarball into a fresh prefix: regauth, kubectl-regauth, the man page, and "docker regauth" from there', async () => {
  const scratch = scratchDir('npm');
  const env = cleanNpmEnv(process.env);
  const dependencies = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  const registry = await startNpmRegistry(dependencies.map((name) => join(ROOT, 'node_modules', name)), scratch, env);
  try {
    const { file } = await packDirectory(ROOT, scratch, env);
    const prefix = join(scratch, 'prefix');
    const installed = await run('npm', ['install', '-g', '--prefix', prefix, '--registry', registry.url, '--cache', join(scratch, 'cache'), '--no-audit', '--no-fund', file], { env, timeoutMs: 180_000 });
    assert.equal(installed.code, 0, installed.stdout + installed.stderr);
    for (const name of dependencies) assert.ok(registry.requests.includes(`GET /${name}`), `${name} was not fetched: ${registry.requests.join('\n')}`);

    const bin = join(prefix, 'bin');
    const { home, configDir } = seededHome('user');
    const userEnv = envWith({ HOME: home, PATH: `${bin}:${process.env['PATH'] ?? ''}` });
    const version = await run('regauth', ['--version'], { env: userEnv });
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^regauth \d+\.\d+\.\d+\n.*docker\s+Docker CLI \d+\.\d+\.\d+/s);
    const kubectlHelp = await run('kubectl-regauth', ['--help'], { env: userEnv });
    assert.equal(kubectlHelp.code, 0, kubectlHelp.stderr);
    assert.match(kubectlHelp.stdout, /^usage: kubectl regauth <command>/);
    assert.ok(existsSync(join(prefix, 'share', 'man', 'man1', 'regauth.1')), 'npm links the man page');

    const plugin = await run('regauth', ['docker-plugin', 'install'], { env: userEnv });
    assert.equal(plugin.code, 0, plugin.stderr);
    assert.match(readFileSync(join(configDir, 'cli-plugins', 'docker-regauth'), 'utf8'), new RegExp(`${prefix}/lib/node_modules/regauth/bin/docker-regauth\\.js`));
    const help = await run('docker', ['--help'], { env: userEnv });
    assert.match(help.stdout, /^\s+regauth\*\s+Which credentials docker sends/m);
    const resolved = await run('docker', ['regauth', 'resolve', 'alice/app', '--json'], { env: userEnv });
    assert.equal(resolved.code, 0, resolved.stderr);
    const results = (JSON.parse(resolved.stdout) as { results: Array<{ client: string; username: string | null }> }).results;
    assert.deepEqual(results.map((result) => [result.client, result.username]), [['docker', null], ['podman', 'alice'], ['crane', null], ['kubelet', 'alice']]);
  } finally {
    await registry.close();
  }
});

test('kubectl finds kubectl-regauth on PATH and runs it for pull secrets', async () => {
  const bin = scratchDir('kubectl-bin');
  const secretDir = scratchDir('secret');
  // as npm links it: a symlink named after the plugin
  await run('ln', ['-s', join(ROOT, 'bin', 'kubectl-regauth.js'), join(bin, 'kubectl-regauth')]);
  const secret = join(secretDir, 'secret.json');
  writeFileSync(secret, JSON.stringify({ auths: { 'myreg.example.com': { auth: Buffer.from('carol:pw').toString('base64') } } }));
  const env = envWith({ PATH: `${bin}:${process.env['PATH'] ?? ''}`, KUBECONFIG: join(secretDir, 'none') });

  const list = await run('kubectl', ['plugin', 'list'], { env });
  assert.equal(list.code, 0, list.stdout + list.stderr);
  assert.ok(list.stdout.split('\n').includes(join(bin, 'kubectl-regauth')), list.stdout);
  const help = await run('kubectl', ['regauth', '--help'], { env });
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^usage: kubectl regauth <command>[\s\S]*\n  resolve  [\s\S]*\n  ls  /);
  const resolved = await run('kubectl', ['regauth', 'resolve', 'myreg.example.com/app', '--pull-secret', secret, '--json'], { env });
  assert.equal(resolved.code, 0, resolved.stderr);
  const results = (JSON.parse(resolved.stdout) as { results: Array<{ client: string; username: string | null }> }).results;
  assert.deepEqual(results.map((result) => [result.client, result.username]), [['kubelet', 'carol']]);
  const unknown = await run('kubectl', ['regauth', 'lss'], { env });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /did you mean "kubectl regauth ls"\?/);
});
