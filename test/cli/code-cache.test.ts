import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../testbed/process.js';
import { envWith, scratchDir, seededHome } from './support/scratch.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** bin/ and the bundle in a directory of their own, so the code cache they write is this test's alone */
function privateInstall(): { bin: string; caches: { offline: string; network: string } } {
  const dir = scratchDir('code-cache');
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'src', 'cli'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const bundle = join('dist', 'src', 'cli', 'regauth.bundle.cjs');
  cpSync(join(ROOT, bundle), join(dir, bundle));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const kind of ['', '.network']) rmSync(join(dir, `${bundle}${kind}.v8cache`), { force: true });
  return { bin: join(dir, 'bin', 'regauth.js'), caches: { offline: join(dir, `${bundle}.v8cache`), network: join(dir, `${bundle}.network.v8cache`) } };
}

test('each kind of command writes its code cache once, and every later run accepts it', async () => {
  const { bin, caches } = privateInstall();
  const { home } = seededHome('code-cache');
  const env = envWith({ HOME: home });
  // nothing listens on the discard port: the check fails at once, after loading the network code
  const check = ['check', '127.0.0.1:9/app', '--timeout', '2'];
  const first = await run(process.execPath, [bin, ...check], { env });
  assert.equal(first.code, 1, first.stdout + first.stderr);
  assert.equal(existsSync(caches.offline), false, 'a check wrote the cache of the commands that do not connect');
  const resolve = await run(process.execPath, [bin, 'resolve', 'registry.example.test/app'], { env });
  assert.equal(resolve.code, 0, resolve.stderr);
  const written = { network: statSync(caches.network), offline: statSync(caches.offline) };
  const later: Array<[string[], 'network' | 'offline']> = [
    [check, 'network'],
    [['doctor', '--offline'], 'network'],
    [['resolve', 'registry.example.test/app'], 'offline'],
    [['--version'], 'offline'],
    [['ls', '--json'], 'offline'],
  ];
  for (const [args, kind] of later) {
    const again = await run(process.execPath, [bin, ...args], { env });
    assert.ok(again.code === 0 || again.code === 1, again.stderr);
    for (const which of ['network', 'offline'] as const) {
      const now = statSync(caches[which]);
      // a rejected cache is replaced by a new file (written beside it, then renamed)
      assert.equal(now.ino, written[which].ino, `"regauth ${args.join(' ')}" (${kind}) wrote the ${which} code cache again`);
      assert.equal(now.mtimeMs, written[which].mtimeMs);
    }
  }
});
