import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../testbed/process.js';
import { loadTestbed } from '../testbed/testbed.js';
import { authOf, homeWithDockerConfig, seedConfig } from '../cli/support.js';
import { cleanNpmEnv, packDirectory, startNpmRegistry } from '../cli/support/npm-registry.js';

/**
 * A consumer project built from the packed tarball (`npm pack`), its dependencies served by a
 * stand-in npm registry on loopback: a TypeScript file using every public function compiles
 * under `tsc --strict` against the package's declarations and runs against the testbed; a
 * CommonJS file loads the package with require() and import().
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'api', 'consumer');
const testbed = loadTestbed();
after(() => testbed.close());

test('a consumer project: npm install of the tarball, tsc --strict over every public function, then it runs', async () => {
  const scratch = testbed.tempDir('consumer');
  const npmEnv = cleanNpmEnv(process.env);
  const dependencies = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  const registry = await startNpmRegistry(dependencies.map((name) => join(ROOT, 'node_modules', name)), scratch, npmEnv);
  const project = join(scratch, 'project');
  mkdirSync(project);
  try {
    const { file, files } = await packDirectory(ROOT, scratch, npmEnv);
    assert.ok(files.includes('docs/api/README.md') && files.includes('docs/api/regauth.api.md'), 'the API docs ship');
    assert.deepEqual(files.filter((path) => /^(src|test|bench|scripts)\/|\.test\.|test-support|\.map$|^docs\/mutation\.md$/.test(path)), []);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    const installed = await run('npm', ['install', '--registry', registry.url, '--cache', join(scratch, 'cache'), '--no-audit', '--no-fund', file], { cwd: project, env: npmEnv, timeoutMs: 180_000 });
    assert.equal(installed.code, 0, installed.stdout + installed.stderr);
  } finally {
    await registry.close();
  }

  copyFileSync(join(FIXTURES, 'consumer.ts.txt'), join(project, 'consumer.ts'));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const compiled = await run(
    process.execPath,
    [tsc, '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--typeRoots', join(ROOT, 'node_modules', '@types'), '--types', 'node', '--outDir', 'out', 'consumer.ts'],
    { cwd: project, timeoutMs: 120_000 },
  );
  assert.equal(compiled.code, 0, compiled.stdout + compiled.stderr);

  const { home } = homeWithDockerConfig(testbed, seedConfig(authOf(testbed, 'alice')));
  const env = testbed.env({ HOME: home, ALICE_PASSWORD: testbed.user('alice').password, BOB_PASSWORD: testbed.user('bob').password });
  const ran = await run(process.execPath, ['out/consumer.js'], { cwd: project, env, timeoutMs: 120_000 });
  assert.equal(ran.code, 0, ran.stderr);
  assert.ok(!ran.stdout.includes(testbed.user('alice').password) && !ran.stdout.includes(testbed.user('bob').password), 'no secret printed');
  const out = JSON.parse(ran.stdout) as Record<string, unknown>;
  assert.deepEqual(out['resolve'], [['docker', null], ['podman', 'alice'], ['crane', null], ['kubelet', 'alice']]);
  assert.deepEqual(out['credentialsFor'], { username: 'alice', kind: 'password', revealed: true, printed: '[redacted] "[redacted]"' });
  assert.deepEqual(out['check'], { ok: true, push: 'granted', sent: 'password' });
  assert.ok((out['doctor'] as string[]).includes('docker-hub-key-ignored'), JSON.stringify(out['doctor']));
  // the classic case: the login stored under "docker.io", a key Docker never looks up
  assert.deepEqual(out['list'], [['docker.io', false]]);
  assert.deepEqual(out['kube'], [['web', 'anonymous']]);
  assert.equal(out['explain'], 'messages');
  assert.deepEqual(out['planFix'], [true]);
  assert.deepEqual(out['applyFix'], { applied: 1, errorsAfter: 0 });
  assert.deepEqual(out['registryAuthHeader'], { username: 'alice', password: true, serveraddress: 'https://index.docker.io/v1/' });
  assert.deepEqual(out['login'], { key: 'myreg.example.com', verified: true });
  assert.deepEqual(out['dockerodeAuth'], { username: 'bob', serveraddress: 'myreg.example.com' });
  assert.equal(out['authorize'], 200);
  assert.deepEqual(out['logout'], { complete: true, removed: ['myreg.example.com'] });
  assert.equal(out['error'], 'E_CLIENT_UNKNOWN');
  assert.deepEqual(out['clients'], ['docker', 'podman', 'crane', 'kubelet']);

  copyFileSync(join(FIXTURES, 'consumer.cjs.txt'), join(project, 'consumer.cjs'));
  const cjs = await run(process.execPath, ['consumer.cjs'], { cwd: project, env, timeoutMs: 60_000 });
  assert.equal(cjs.code, 0, cjs.stderr);
  assert.deepEqual(JSON.parse(cjs.stdout), { required: 'function', imported: 'function', same: true });
});
