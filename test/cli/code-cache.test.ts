import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../testbed/process.js';
import { envWith, scratchDir, seededHome } from './support/scratch.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join('dist', 'src', 'cli');

type CacheKind = 'files' | 'registry' | 'network' | 'other';

/** bin/ and the bundles in a directory of their own, so the code caches they write are this test's alone */
function privateInstall(): { bin: string; caches: Record<CacheKind, string> } {
  const dir = scratchDir('code-cache');
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, CLI), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  for (const file of ['regauth.bundle.cjs', 'regauth-offline.bundle.cjs', 'regauth-registry.bundle.cjs', 'packages']) cpSync(join(ROOT, CLI, file), join(dir, CLI, file), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const caches = {
    files: join(dir, CLI, 'regauth-offline.bundle.cjs.v8cache'),
    registry: join(dir, CLI, 'regauth-registry.bundle.cjs.v8cache'),
    network: join(dir, CLI, 'regauth.bundle.cjs.network.v8cache'),
    other: join(dir, CLI, 'regauth.bundle.cjs.v8cache'),
  };
  for (const cache of Object.values(caches)) rmSync(cache, { force: true });
  return { bin: join(dir, 'bin', 'regauth.js'), caches };
}

test('each kind of command writes its code cache once, and every later run accepts it', async () => {
  const { bin, caches } = privateInstall();
  const { home } = seededHome('code-cache');
  const env = envWith({ HOME: home });
  // nothing listens on the discard port: the check fails at once, after loading the network code
  const check = ['check', '127.0.0.1:9/app', '--timeout', '2'];
  const first = await run(process.execPath, [bin, ...check], { env });
  assert.equal(first.code, 1, first.stdout + first.stderr);
  assert.deepEqual([existsSync(caches.files), existsSync(caches.network), existsSync(caches.other)], [false, false, false], 'a check wrote another kind\'s cache');
  const resolve = await run(process.execPath, [bin, 'resolve', 'registry.example.test/app'], { env });
  assert.equal(resolve.code, 0, resolve.stderr);
  assert.deepEqual([existsSync(caches.network), existsSync(caches.other)], [false, false], 'resolve wrote a cache of the full bundle');
  for (const args of [['--version'], ['doctor', '--offline']]) {
    const result = await run(process.execPath, [bin, ...args], { env });
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
  }
  const written = { files: statSync(caches.files), registry: statSync(caches.registry), network: statSync(caches.network), other: statSync(caches.other) };
  const later: Array<[string[], CacheKind]> = [
    [check, 'registry'],
    [['doctor', '--offline'], 'network'],
    [['resolve', 'registry.example.test/app'], 'files'],
    [['ls', '--json'], 'files'],
    [['get', 'registry.example.test'], 'files'],
    [['kube', '--help'], 'registry'],
    [['--version'], 'other'],
    [['explain', 'unauthorized'], 'other'],
  ];
  for (const [args, kind] of later) {
    const again = await run(process.execPath, [bin, ...args], { env });
    assert.ok(again.code === 0 || again.code === 1, again.stderr);
    for (const which of ['files', 'registry', 'network', 'other'] as const) {
      const now = statSync(caches[which]);
      // a rejected cache is replaced by a new file (written beside it, then renamed)
      assert.equal(now.ino, written[which].ino, `"regauth ${args.join(' ')}" (${kind}) wrote the ${which} code cache again`);
      assert.equal(now.mtimeMs, written[which].mtimeMs);
    }
  }
});
